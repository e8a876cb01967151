"""Records how the AWS CLI's YAML output writes strings (plain, single- or
double-quoted, folded at 80 columns) as list items and as mapping keys, into
yaml-scalar-corpus.json; test/format-corpus.test.ts replays it against ours.

    /usr/bin/python3 test/parity/record-yaml-scalars.py    (needs apt-get install awscli)
"""
import io
import json
import os
import random

import awscli.formatter as formatter

ALPHABET = list("0123456789+-._eExXoObB:tTzZ \n'\"#&*!|>%@`,[]{}?~=<aé\t") + ["\u00a0", "\u2028", "\x85", "\x7f", "日", "  ", "null", "true", "inf", "nan", "2020-01-01", "word "]


class Args:
    color = "off"

    def __init__(self, result):
        self.query = self
        self._result = result

    def search(self, _response):
        return self._result


def yaml(value):
    stream = io.StringIO()
    formatter.YAMLFormatter(Args(value))("ResendConfirmationCode", {"x": 1}, stream)
    return stream.getvalue()


def main():
    rng = random.Random(20261126)
    seen = set()
    cases = []
    while len(cases) < 4000:
        if rng.random() < 0.12:
            words = [rng.choice(["word", "a", "x" * rng.randint(5, 40), "'q'", "é", "b\tc", "#", "x:", ""]) for _ in range(rng.randint(5, 40))]
            text = rng.choice([" ", "  ", " \n "]).join(words) if rng.random() < 0.2 else " ".join(words)
        else:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
        if text in seen:
            continue
        seen.add(text)
        cases.append({"input": text, "item": yaml(["-", text]), "key": yaml({text: 1, "~": [text]})})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "yaml-scalar-corpus.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"cases": cases}, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
