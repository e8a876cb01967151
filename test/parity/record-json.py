"""Records how Python's json module (which the AWS CLI parses JSON parameter
values with) reads a corpus of JSON-like inputs into json-corpus.json;
test/json-corpus.test.ts replays it against ours.

    python3 test/parity/record-json.py
"""
import json
import math
import os
import random

TOKENS = ['{', '}', '[', ']', '"a"', '"b"', ':', ',', ' ', '\n', '1', '-2', '1.5', '1e3', '0', '01', 'true', 'false',
          'null', 'NaN', 'Infinity', '-Infinity', '"', '\\', '\\"', '\\u00e9', '\\q', '\t', 'x', '"é"', '""']


def encodable(value):
    """The value as JSON text, with non-finite numbers spelled out."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"$number": repr(value)}
    if isinstance(value, list):
        return [encodable(v) for v in value]
    if isinstance(value, dict):
        return {k: encodable(v) for k, v in value.items()}
    return value


def main():
    rng = random.Random(20261126)
    seen = set()
    cases = []
    while len(cases) < 3000:
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 10)))
        if rng.random() < 0.3:
            text = json.dumps({"a": [1, "x", {"b": None}]}, indent=rng.choice([None, 1]))[: rng.randint(1, 30)]
        if text in seen:
            continue
        seen.add(text)
        try:
            cases.append({"input": text, "value": encodable(json.loads(text))})
        except json.JSONDecodeError as error:
            cases.append({"input": text, "error": str(error)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "json-corpus.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"source": "Python json.loads", "cases": cases}, out, ensure_ascii=False, indent=0)
        out.write("\n")
    print(f"{len(cases)} inputs, {sum(1 for c in cases if 'error' in c)} errors")


main()
