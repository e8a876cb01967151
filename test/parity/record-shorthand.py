"""Records how AWS CLI v2's own shorthand parser reads a corpus of inputs into
shorthand-corpus.json; test/shorthand-corpus.test.ts replays it against ours.
Needs AWS CLI v2's Python package: Debian's (apt-get install -y awscli), or
another release's source put first on PYTHONPATH:

    PYTHONPATH=/path/to/aws-cli python3 test/parity/record-shorthand.py
"""
import json
import os
import random
import sys

sys.path.append("/usr/lib/python3/dist-packages")
import awscli  # noqa: E402
from awscli.shorthand import ShorthandParseError, ShorthandParser  # noqa: E402

TOKENS = ["a", "b", "k1", "a-b", "x.y", "p/q:r#", "=", "=", ",", ",", " ", "  ", '"', "'", "\\", "\\,",
          "[", "]", "{", "}", "é", "1", "two words", "\t"]


def random_token_soup(rng):
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 12)))


def random_value(rng, depth):
    kind = rng.random()
    if depth < 2 and kind < 0.15:
        return "[" + ",".join(random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))) + rng.choice(["]", ",]", " ]", ""])
    if depth < 2 and kind < 0.3:
        return "{" + ",".join(f"{rng.choice(['k', 'm', ''])}={random_value(rng, depth + 1)}" for _ in range(rng.randint(0, 3))) + rng.choice(["}", ",}", ""])
    if kind < 0.45:
        q = rng.choice(['"', "'"])
        inner = "".join(rng.choice(["x", ",", "=", " ", "\\" + q, "\\\\", "é"]) for _ in range(rng.randint(0, 5)))
        return q + inner + rng.choice([q, q, q, ""])
    return "".join(rng.choice(["v", "1", " ", "\\,", "=", "é", "\\", "(", ")"]) for _ in range(rng.randint(0, 5)))


def random_pairs(rng):
    pairs = []
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(["a", "b", "c", "a", "", "k-1", " a", "a "])
        values = [random_value(rng, 0) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        pairs.append(f"{key}={','.join(values)}")
    return rng.choice([",", ", ", " ,", ",,"]).join(pairs)


def main():
    rng = random.Random(20261126)
    inputs = []
    seen = set()
    while len(inputs) < 4000:
        text = random_token_soup(rng) if len(inputs) % 2 else random_pairs(rng)
        if text not in seen:
            seen.add(text)
            inputs.append(text)
    corpus = []
    for text in inputs:
        try:
            corpus.append({"input": text, "value": ShorthandParser().parse(text)})
        except ShorthandParseError as error:
            corpus.append({"input": text, "error": str(error)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shorthand-corpus.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"source": f"awscli.shorthand.ShorthandParser of AWS CLI {awscli.__version__}", "cases": corpus}, out, ensure_ascii=False, indent=0)
        out.write("\n")
    errors = sum(1 for c in corpus if "error" in c)
    print(f"{len(corpus)} inputs, {errors} syntax errors")


main()
