"""Records how the AWS CLI's own output formatters print a corpus of query
results into format-corpus.json; test/format-corpus.test.ts replays it against
ours. Each value is given to the formatter as the result of a --query, the way
`--query` results reach it, and printed with every output format (the table
also with --color on).

    /usr/bin/python3 test/parity/record-formats.py    (needs apt-get install awscli)
"""
import io
import json
import os
import random

import awscli.formatter as formatter

FORMATS = {
    "json": formatter.JSONFormatter,
    "text": formatter.TextFormatter,
    "table": formatter.TableFormatter,
    "yaml": formatter.YAMLFormatter,
    "yaml-stream": formatter.StreamedYAMLFormatter,
}

STRINGS = [
    "", "a", "email", "EMAIL", "j***@e***", "+*******0123", "yes", "no", "on", "off", "y", "n", "true", "False",
    "TRUE", "null", "Null", "NULL", "~", "123", "-7", "1.5", ".5", "1e3", "0x1F", "0o17", "017", "1_000", "+1",
    ".inf", "-.Inf", ".nan", "2020-01-01", "2020-01-01T10:00:00Z", "12:30", " lead", "trail ", "two  spaces",
    "a: b", "a:b", "a :b", "key:", "#x", "x #y", "x#y", "- x", "-x", "-", "--", "---", "...", "? x", "?x",
    ": x", "@at", "`tick", "*star", "&amp", "!bang", "%pct", "|pipe", ">gt", "'quote", '"dq', "a'b", 'a"b',
    "[x]", "{x}", "x]", "x}", "a,b", "multi\nline", "trail\n", "\nlead", "two\n\nblank", "tab\there", "\t",
    "cr\rhere", "bell\x07", "nul\x00x", "del\x7f", "é", "zoë", "ñandú", "日本語", "한국어", "Ａ", "½", "…",
    "emoji 😀", "e\u0301", "\u00a0nbsp", "line\u2028sep", "\ufeffbom", "back\\slash", "x" * 40,
    "a value that is much longer than the title of the table", "CodeDeliveryDetails",
]
KEYS = ["a", "b", "c", "Destination", "DeliveryMedium", "AttributeName", "Details", "Z", "_x", "é", "日本",
        "two words", "yes", "123", "a: b", "", "x" * 30, "A", "aa", "B"]


def scalar(rng):
    choice = rng.random()
    if choice < 0.65:
        return rng.choice(STRINGS)
    if choice < 0.75:
        return rng.choice([0, 1, 3, -3, 42, 123456789, 2 ** 40])
    if choice < 0.82:
        return rng.choice([0.5, 1.5, -2.25, 0.1, 1e300, 1.5e-07, 3.14159, 1e16 + 0.5, 123456.789])
    if choice < 0.92:
        return rng.choice([True, False])
    return None


def value(rng, depth):
    roll = rng.random()
    if depth >= 3 or roll < 0.35:
        return scalar(rng)
    if roll < 0.65:
        keys = rng.sample(KEYS, rng.randint(0, 5))
        return {k: value(rng, depth + 1) for k in keys}
    if roll < 0.8:
        # A list of objects, as a query over records gives.
        keys = KEYS[: rng.randint(1, 5)]
        return [{k: value(rng, depth + 1) for k in keys if rng.random() < 0.8} for _ in range(rng.randint(1, 4))]
    if roll < 0.9:
        item = rng.choice([lambda: scalar(rng), lambda: [scalar(rng) for _ in range(2)]])
        return [item() for _ in range(rng.randint(0, 4))]
    return [value(rng, depth + 1) for _ in range(rng.randint(0, 4))]


class Args:
    def __init__(self, result, color):
        self.color = color
        self.query = self
        self._result = result

    def search(self, _response):
        return self._result


def render(fmt, result, color="off"):
    stream = io.StringIO()
    try:
        FORMATS[fmt](Args(result, color))("ResendConfirmationCode", {"CodeDeliveryDetails": {}}, stream)
        return {"stdout": stream.getvalue()}
    except Exception as error:  # the AWS CLI prints the message and exits 255
        return {"stdout": stream.getvalue(), "error": str(error)}


def main():
    rng = random.Random(20261126)
    cases = []
    seen = set()
    while len(cases) < 600:
        result = value(rng, 0)
        key = json.dumps(result, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        case = {"value": result}
        for fmt in FORMATS:
            case[fmt] = render(fmt, result)
        if len(cases) % 5 == 0:
            case["table-color"] = render("table", result, "on")
        cases.append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "format-corpus.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"cases": cases}, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
