"""Records how the JMESPath that AWS CLI v2 uses for --query EVALUATES expressions, into
query-eval-corpus.json: for each (document, expression) pair, the JSON text of
jmespath.compile(expression).search(json.loads(document)) or, when the search raises, the exception's type
name and str(e) (which is what the AWS CLI prints, with exit code 255). Only expressions that compile are
recorded (the ones that do not are counted in the summary; see record-query-errors.py for those). The jmespath
is the one the AWS CLI imports. Needs AWS CLI v2's Python package: Debian's (apt-get install -y awscli), or
another release's source put first on PYTHONPATH; for the 2.36.7 source build with its awscrt shim:

    PYTHONPATH=/path/to/shim:/path/to/aws-cli /usr/bin/python3 -c \\
        "import awscrt_compat, runpy; runpy.run_path('test/parity/record-query-eval.py', run_name='__main__')"

The corpus holds the documents as JSON text (so that 1.0 stays a float and 1 an int) and, per case:
"result": json.dumps(result, ensure_ascii=False) (default separators, keys in the order Python produced them),
or "error": "<ExceptionType>: <str(e)>", or "unserializable": repr(result) when json.dumps refuses the result
(an &expression outside a function). Reprs of such objects carry a memory address, which is written as
"object at 0x<addr>>" wherever it appears (a repr, a to_string() result, an error) to keep the file deterministic.

Prints the number of cases, results, errors and unserializable results, the expressions skipped because they do
not compile, each shape of error (values masked) with its count and first case, the shapes of type errors by
expected and received types, and how many cases call each function.
"""
import json
import os
import random
import re
import signal
import sys
from collections import Counter

sys.path.append("/usr/lib/python3/dist-packages")
import awscli  # noqa: E402
import jmespath  # noqa: E402

SEED = 20261128
RANDOM_CASES = 5000
MAX_RANDOM_EXPRESSION = 160
MAX_RANDOM_RESULT = 1500
TIMEOUT_SECONDS = 5

FUNCTIONS = ["abs", "avg", "ceil", "contains", "ends_with", "floor", "join", "keys", "length", "map", "max",
             "max_by", "merge", "min", "min_by", "not_null", "reverse", "sort", "sort_by", "starts_with", "sum",
             "to_array", "to_number", "to_string", "type", "values"]

# (name, JSON text). The text is kept as written: floats such as 1.0, -0.0 and 1e3 stay floats.
DOCUMENTS = [
    ("cognito", '{"CodeDeliveryDetails": {"Destination": "j***@e***", "DeliveryMedium": "EMAIL", '
                '"AttributeName": "email"}}'),
    ("skeleton", '{"CodeDeliveryDetails": {"Destination": "Destination", "DeliveryMedium": "DeliveryMedium", '
                 '"AttributeName": "AttributeName"}}'),
    ("empty object", '{}'),
    ("empty array", '[]'),
    ("null", 'null'),
    ("int", '42'),
    ("float", '2.5'),
    ("negative zero", '-0.0'),
    ("string", '"a😀b"'),
    ("empty string", '""'),
    ("true", 'true'),
    ("false", 'false'),
    ("people", '[{"name": "Alice", "age": 30, "state": "WA", "tags": ["admin", "dev"]}, '
               '{"name": "bob", "age": 25.0, "state": "OR", "tags": []}, '
               '{"name": "Carol", "age": null, "state": "WA"}, '
               '{"name": "Dan", "state": "NY", "tags": ["dev"]}, '
               '{"name": "Émile", "age": 41, "state": "WA", "tags": ["ops", "dev"]}, '
               '{"name": "Zoë", "age": 30.5, "state": "CA", "tags": null}, '
               '{"name": "😀 Smiley", "age": -1, "state": "OR"}]'),
    ("ec2", '{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}, '
            '"Tags": [{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "prod"}]}, '
            '{"InstanceId": "i-2", "State": {"Name": "stopped"}, "Tags": []}]}, '
            '{"Instances": [{"InstanceId": "i-3", "State": {"Name": "running"}}]}, {"Instances": []}, {}]}'),
    ("volumes", '{"Volumes": [{"VolumeId": "vol-1", "Size": 8, "VolumeType": "gp2", "AvailabilityZone": '
                '"us-west-2a", "Attachments": [{"InstanceId": "i-1", "State": "attached"}], '
                '"Tags": [{"Key": "Name", "Value": "root"}]}, '
                '{"VolumeId": "vol-2", "Size": 100, "VolumeType": "io1", "AvailabilityZone": "us-west-2b", '
                '"Attachments": []}, '
                '{"VolumeId": "vol-3", "Size": 20, "VolumeType": "gp2", "AvailabilityZone": "us-west-2a", '
                '"Attachments": [{"InstanceId": "i-2", "State": "detaching"}, '
                '{"InstanceId": "i-3", "State": "attached"}]}]}'),
    ("users", '{"Users": [{"Username": "jane", "UserStatus": "CONFIRMED", "Enabled": true, "Attributes": '
              '[{"Name": "email", "Value": "jane@example.com"}, {"Name": "sub", "Value": "1234-abcd"}]}, '
              '{"Username": "jörg", "UserStatus": "UNCONFIRMED", "Enabled": false, "Attributes": '
              '[{"Name": "email", "Value": "j@example.de"}]}, '
              '{"Username": "李", "UserStatus": "CONFIRMED", "Enabled": true, "Attributes": []}], '
              '"PaginationToken": null}'),
    ("locations", '{"locations": [{"name": "Seattle", "state": "WA"}, {"name": "New York", "state": "NY"}, '
                  '{"name": "Bellevue", "state": "WA"}, {"name": "Olympia", "state": "WA"}]}'),
    ("numbers", '{"ints": [3, 1, 2, -5, 0], "floats": [1.0, 2.5, -0.0, 1e3, 1.5e-7, -2.5], '
                '"big": 12345678901234567890, "bigs": [12345678901234567890, 1, 98765432109876543210], '
                '"mixed": [1, "1", true, null, [1], {"a": 1}, 1.0, "", false], "empty": [], "neg": -3.7, '
                '"zero": 0, "negzero": -0.0, "one_float": 1.0, "exp": 2.5e3, "tiny": 1.5e-7, "huge": 1e300, '
                '"E": 1E2, "frac": 0.1, "sums": [0.1, 0.2]}'),
    ("strings", '{"emoji": "😀", "mix": "a😀b", "math": "𝔘", "cjk": "日本語", "empty": "", "accents": "café", '
                '"combining": "cafe\\u0301", "escaped": "\\ud83d\\ude00", '
                '"list": ["b", "a", "😀", "～", "\ue000", "𝔘", "A", "é", "", "aa", "日本"], '
                '"emojis": ["😀", "😁", "a", "𝔘"], "ctl": "tab\\tline\\nnul\\u0000", "quote": "it\'s \\"q\\"", '
                '"zwj": "👩‍👩‍👧", "flag": "🇯🇵", "spaces": " padded ", "nbsp": "a\\u00a0b", '
                '"zw": "a\\u200bb", "digits": ["10", "9", "1", "1.5"], "backtick": "a`b", "backslash": "a\\\\b"}'),
    ("truthiness", '{"t": true, "f": false, "n": null, "zero": 0, "fzero": 0.0, "empty_s": "", "s": "x", '
                   '"empty_a": [], "a0": [0], "empty_o": {}, "o": {"k": null}, '
                   '"list": [true, false, null, 0, 0.0, "", "0", [], [null], {}, {"a": 0}, -1]}'),
    ("integer-like keys", '{"b": 1, "10": "ten", "1": "one", "a": 2, "2": "two", "-1": "neg", "01": "lead", '
                          '"1.5": "float", "": "empty", "0": "zero"}'),
    ("empties", '{"a": {}, "b": [], "c": [[]], "d": [{}], "e": {"f": {}}, "g": [[], [[]]], "h": null, '
                '"i": [null, null]}'),
    ("deep", '{"a": {"b": {"c": {"d": {"e": {"f": [{"g": [{"h": {"i": [1, [2, [3, [4]]]]}}, {"h": null}]}, '
             '{"g": []}]}}}}}, "z": [[[[["bottom"]]]]]}'),
    ("nested arrays", '[[1, 2, [3]], [4, [5, [6]]], 7, null, [null, 8], [], "s", {"a": [9]}]'),
    ("pairs", '[{"a": 1, "b": 2}, {"a": "x", "b": "y"}, {"a": null, "b": 0}, {"b": 3}, '
              '{"a": [1, 2], "b": [1, 2]}, {"a": {"c": 1}, "b": {"c": 1}}, {"a": 1.0, "b": 1}, '
              '{"a": true, "b": false}, {"a": "b", "b": "a"}, {"a": 0, "b": false}, {"a": "", "b": []}]'),
    ("foobar", '{"foo": {"bar": [{"baz": 1, "qux": "x"}, {"baz": 2, "qux": null}, {"baz": [3, 4], "qux": "y"}, '
               '{"quux": true}], "baz": "s"}, "bar": {"baz": {"qux": [1.5, 2.5]}}, "a": {"b": {"c": "abc"}}, '
               '"list": ["a", "b", "c"]}'),
    ("sort keys", '[{"Name": "b", "v": 2, "w": "2"}, {"Name": "a", "v": 1.0, "w": "10"}, '
                  '{"Name": "B", "v": -1, "w": "1"}, {"Name": "😀", "v": 2.5, "w": 3}, '
                  '{"Name": "é", "v": 2, "w": "x"}, {"Name": "～", "v": 1, "w": null}, '
                  '{"Name": "𝔘", "v": 12345678901234567890}]'),
    ("duplicate keys", '{"a": 1, "b": 2, "a": 3, "c": {"x": 1, "x": [2]}}'),
    ("lambda", '{"Functions": [{"FunctionName": "f1", "Runtime": "python3.12", "MemorySize": 128, '
               '"Timeout": 3.0, "LastModified": "2024-01-02"}, {"FunctionName": "f2", "Runtime": "nodejs20.x", '
               '"MemorySize": 1024, "Timeout": 30, "LastModified": "2023-12-31"}, {"FunctionName": "f3", '
               '"Runtime": "python3.12", "MemorySize": 256, "LastModified": "2024-06-30"}]}'),
    ("matrix", '{"m": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "ragged": [[1], [], [2, 3], null, [[4]]], '
               '"objs": {"x": {"v": 1}, "y": {"v": 2}, "z": {"w": 3}}}'),
]
DOC_INDEX = {name: i for i, (name, _) in enumerate(DOCUMENTS)}
ALL = [name for name, _ in DOCUMENTS]


def q(*values):
    """The values as JMESPath JSON literals."""
    return [literal(v) for v in values]


def literal(value):
    return "`" + json.dumps(value, ensure_ascii=False).replace("`", "\\`") + "`"


# Applied to every document.
ON_EVERY_DOCUMENT = [
    "@", "length(@)", "type(@)", "keys(@)", "values(@)", "to_string(@)", "to_array(@)", "to_number(@)", "sort(@)",
    "reverse(@)", "abs(@)", "ceil(@)", "floor(@)", "sum(@)", "avg(@)", "max(@)", "min(@)", "not_null(@)", "!@",
    "@ || 'x'", "@ && 'x'", "[@]", "{v: @}", "*", "[*]", "[]", "[0]", "[-1]", "[::-1]", "merge(@)",
    "contains(@, 'a')", "join(',', @)", "starts_with(@, 'a')", "map(&@, @)", "sort_by(@, &@)", "max_by(@, &@)",
    "[?@]", "@ == @", "@ < @", "to_string(@) == to_string(@)",
]

# Literal-only function calls (the document does not matter; they run against the Cognito response).
FUNCTION_CALLS = [
    # abs
    "abs(`1`)", "abs(`-1`)", "abs(`-1.5`)", "abs(`-0.0`)", "abs(`0`)", "abs(`1e3`)", "abs(`-12345678901234567890`)",
    "abs('a')", "abs(`true`)", "abs(`null`)", "abs(`[1]`)", "abs(`{}`)", "abs(`\"-1\"`)", "abs(&a)",
    "abs(`-1e400`)",
    # avg
    "avg(`[1, 2]`)", "avg(`[1, 2, 3, 4]`)", "avg(`[2, 2]`)", "avg(`[1.5, 2.5]`)", "avg(`[]`)", "avg(`[1, \"a\"]`)",
    "avg(`[\"a\"]`)", "avg(`[true]`)", "avg(`[null]`)", "avg(`1`)", "avg('12')", "avg(`[12345678901234567890, 1]`)",
    "avg(`[1e308, 1e308]`)", "avg(`[-0.0]`)", "avg(`[1, [2]]`)",
    # ceil, floor
    "ceil(`1.5`)", "ceil(`-1.5`)", "ceil(`1`)", "ceil(`1.0`)", "ceil(`-0.0`)", "ceil(`-0.5`)", "ceil(`1e300`)",
    "ceil(`1.5e-7`)", "ceil('1')", "ceil(`null`)", "ceil(`true`)", "ceil(`1e400`)", "ceil(to_number('NaN'))",
    "ceil(`12345678901234567890`)", "ceil(`[1.5]`)",
    "floor(`1.5`)", "floor(`-1.5`)", "floor(`1`)", "floor(`1.0`)", "floor(`-0.0`)", "floor(`-0.5`)",
    "floor(`1e300`)", "floor(`1.5e-7`)", "floor('1')", "floor(`null`)", "floor(`true`)", "floor(`-1e400`)",
    "floor(to_number('nan'))", "floor(`12345678901234567890`)", "floor(`2.9999999999999999`)",
    # contains
    "contains('abc', 'b')", "contains('abc', '')", "contains('abc', 'd')", "contains('a😀b', '😀')",
    "contains('a😀b', 'a😀')", "contains(`[1, 2]`, `1`)", "contains(`[1, 2]`, `1.0`)", "contains(`[true]`, `1`)",
    "contains(`[1]`, `true`)", "contains(`[0]`, `false`)", "contains(`[[1]]`, `[1]`)", "contains(`[[1]]`, `[true]`)",
    "contains(`[{\"a\": 1}]`, `{\"a\": 1}`)", "contains(`[{\"a\": 1}]`, `{\"a\": 1.0}`)", "contains(`[null]`, `null`)",
    "contains('abc', `1`)", "contains('abc', `null`)", "contains('1', `1`)", "contains(`{\"a\": 1}`, 'a')",
    "contains(`null`, 'a')", "contains(`1`, `1`)", "contains(`[]`, `[]`)", "contains('abc', `[\"a\"]`)",
    "contains(`[\"a\", \"b\"]`, 'a')", "contains(`[\"ab\"]`, 'a')", "contains('', '')", "contains(`[]`, `null`)",
    "contains(`[1, 2]`, '1')",
    # ends_with, starts_with
    "ends_with('abc', 'bc')", "ends_with('abc', '')", "ends_with('a😀', '😀')", "ends_with(`1`, '1')",
    "ends_with('1', `1`)", "ends_with(`null`, 'a')", "ends_with('abc', 'ABC')", "ends_with(`[\"a\"]`, 'a')",
    "starts_with('abc', 'ab')", "starts_with('abc', 'ABC')", "starts_with('', '')", "starts_with(`[\"a\"]`, 'a')",
    "starts_with('a', `[\"a\"]`)", "starts_with('😀a', '😀')", "starts_with('a', 'abc')", "starts_with(`null`, `null`)",
    # join
    "join(', ', `[\"a\", \"b\"]`)", "join('', `[]`)", "join('-', `[\"a\"]`)", "join(', ', `[1, 2]`)",
    "join(', ', `[\"a\", 1]`)", "join(', ', `[\"a\", null]`)", "join(`1`, `[\"a\"]`)", "join(', ', 'ab')",
    "join('😀', `[\"a\", \"b\", \"c\"]`)", "join(', ', `[true]`)", "join(`null`, `[]`)", "join(', ', `[\"a\", 1.5]`)",
    "join(', ', `[[\"a\"]]`)", "join('', `[\"\", \"\"]`)",
    # keys, values
    "keys(`{\"b\": 1, \"a\": 2}`)", "keys(`{}`)", "keys(`{\"1\": 1, \"a\": 2, \"0\": 3}`)", "keys(`[1]`)", "keys('a')",
    "keys(`null`)", "keys(`1`)", "keys(`{\"a\": 1, \"a\": 2}`)",
    "values(`{\"b\": 1, \"a\": 2}`)", "values(`{}`)", "values(`{\"1\": 1, \"a\": 2, \"0\": 3}`)", "values(`[1]`)",
    "values('a')", "values(`null`)", "values(`true`)", "values(`{\"a\": 1, \"b\": 2, \"a\": 3}`)",
    # length
    "length('abc')", "length('')", "length('😀')", "length('a😀b')", "length('𝔘')", "length('👩‍👩‍👧')",
    "length('🇯🇵')", "length('café')", "length('cafe\u0301')", "length('日本語')", "length(`\"\\ud83d\\ude00\"`)",
    "length(`[1, 2, 3]`)", "length(`{\"a\": 1, \"b\": 2}`)", "length(`1`)", "length(`null`)", "length(`true`)",
    "length(`[]`)", "length(`{}`)", "length(`1.5`)",
    # map
    "map(&a, `[{\"a\": 1}, {\"a\": \"x\"}, {}, null, 1, [1]]`)", "map(&@, `[1, \"a\", null]`)",
    "map(&length(@), `[\"ab\", [1], {\"a\": 1}]`)", "map(&length(@), `[\"a\", 1]`)", "map(&a, `{\"a\": 1}`)",
    "map(&[a, b], `[{\"a\": 1}, null, {\"b\": 2}]`)", "map(&to_string(@), `[1, 1.0, \"1\", true, null, [1.5]]`)",
    "map(a, `[]`)", "map(&a, `null`)", "map(&a, `[]`)", "map(&{x: a}, `[{\"a\": 1}, 2]`)",
    "map(&type(@), `[1, 1.5, \"\", true, null, [], {}]`)", "map(&a[], `[{\"a\": [1, [2]]}, {\"a\": 3}]`)",
    "map(&map(&@, @), `[[1], [2, 3]]`)", "map(&@, 'abc')",
    # max, min
    "max(`[1, 3, 2]`)", "max(`[1, 3.0, 3]`)", "max(`[3, 3.0]`)", "max(`[3.0, 3]`)", "max(`[\"a\", \"b\", \"B\"]`)",
    "max(`[\"😀\", \"～\", \"\ue000\"]`)", "max(`[]`)", "max(`[1, \"a\"]`)", "max(`[\"a\", 1]`)", "max(`[true, false]`)",
    "max(`[null]`)", "max(`1`)", "max('abc')", "max(`[[1]]`)", "max(`[-0.0, 0]`)", "max(`[0, -0.0]`)",
    "min(`[1, 3, 2]`)", "min(`[1, 1.0]`)", "min(`[1.0, 1]`)", "min(`[\"a\", \"b\", \"B\"]`)",
    "min(`[\"😀\", \"～\", \"\ue000\"]`)", "min(`[]`)", "min(`[1, \"a\"]`)", "min(`[\"a\", 1]`)", "min(`[false]`)",
    "min(`[null]`)", "min(`{}`)", "min('abc')", "min(`[12345678901234567890, 12345678901234567889.0]`)",
    # max_by, min_by
    "max_by(`[{\"a\": 1}, {\"a\": 3}, {\"a\": 2}]`, &a)", "max_by(`[{\"a\": 1}, {\"a\": \"x\"}]`, &a)",
    "max_by(`[{\"a\": \"x\"}, {\"a\": 1}]`, &a)", "max_by(`[{\"a\": 1}, {}]`, &a)", "max_by(`[]`, &a)",
    "max_by(`[{\"a\": \"b\"}, {\"a\": \"a\"}]`, &a)", "max_by(`[{\"a\": 1, \"i\": 0}, {\"a\": 1.0, \"i\": 1}]`, &a)",
    "max_by(`[{\"a\": true}]`, &a)", "max_by(`{\"a\": 1}`, &a)", "max_by(`[1, 2]`, a)", "max_by(`[1, 3, 2]`, &@)",
    "max_by(`[\"b\", \"a\"]`, &@)", "max_by(`[[1], [2]]`, &@)", "max_by(`[{\"a\": [1]}]`, &a)",
    "max_by(`[{\"a\": null}]`, &a)", "max_by(`[\"😀\", \"～\"]`, &@)", "max_by(`[\"ab\", \"abc\", \"b\"]`, &length(@))",
    "min_by(`[{\"a\": 1}, {\"a\": 3}, {\"a\": 2}]`, &a)", "min_by(`[{\"a\": 1}, {\"a\": \"x\"}]`, &a)",
    "min_by(`[{\"a\": 1}, {}]`, &a)", "min_by(`[]`, &a)", "min_by(`[{\"a\": 1, \"i\": 0}, {\"a\": 1.0, \"i\": 1}]`, &a)",
    "min_by(`[{\"a\": false}]`, &a)", "min_by(`null`, &a)", "min_by(`[2, 1]`, &@)", "min_by(`[\"😀\", \"～\"]`, &@)",
    # merge
    "merge(`{\"a\": 1}`)", "merge(`{\"a\": 1, \"b\": 2}`, `{\"b\": 3, \"c\": 4}`)",
    "merge(`{\"a\": 1}`, `{\"b\": 2}`, `{\"a\": 3}`)", "merge(`{}`, `{}`)", "merge(`{\"a\": 1}`, `null`)",
    "merge(`[1]`)", "merge()", "merge('a')", "merge(`{\"2\": 1, \"1\": 2}`, `{\"0\": 3}`)",
    "merge(`{\"a\": {\"x\": 1}}`, `{\"a\": {\"y\": 2}}`)", "merge(`{\"b\": 1, \"a\": 2}`, `{\"b\": null}`)",
    # only merge()'s first argument is type-checked; the others go to dict.update()
    "merge(`{}`, `[\"ab\", \"cd\"]`)", "merge(`{}`, `[[\"k\", 1]]`)", "merge(`{}`, 'ab')", "merge(`{}`, `[]`)",
    "merge(`{}`, `\"\"`)", "merge(`{}`, `[[1, 2]]`)", "keys(merge(`{}`, `[[1, 2]]`))",
    "type(keys(merge(`{}`, `[[1, 2]]`))[0])", "merge(`{}`, `[[null, 1]]`)", "merge(`{}`, `[[[1], 1]]`)",
    "merge(`{}`, `[[true, 1], [1, 2]]`)", "merge(`{\"1\": \"x\"}`, `[[1, \"y\"]]`)", "merge(`{}`, `[[1.5, 1]]`)",
    "merge(`{}`, `[[1, 0], [1.0, 1]]`)", "merge(`{}`, `[{\"a\": 1, \"b\": 2}]`)", "merge(`{\"a\": 1}`, `true`)",
    "merge(`{}`, `{\"a\": 1}`, `[\"xy\"]`)", "merge(`{}`, `[[{}, 1]]`)", "merge(`{}`, `[[1, 2, 3]]`)",
    "to_string(merge(`{}`, `[[1, 2]]`))", "length(merge(`{}`, `[[1, 2], [\"1\", 3]]`))",
    "merge(`{}`, `[[1, 2], [\"1\", 3]]`)", "merge(`{}`, `[[1, 2]]`).\"1\"", "merge(`{}`, `[\"ab\"]`).a",
    "merge(`[]`, `{}`)", "merge(`{}`, `null`)", "merge(`{}`, `[1]`)",
    # not_null
    "not_null(`null`)", "not_null(`null`, `null`)", "not_null(`null`, `1`, `2`)", "not_null(`false`)",
    "not_null(`null`, `\"\"`)", "not_null(`[]`)", "not_null()", "not_null(missing, also_missing)",
    "not_null(missing, 'x')", "not_null(`null`, `{}`, `1`)",
    # reverse
    "reverse('abc')", "reverse('')", "reverse('a😀b')", "reverse('👩‍👩‍👧')", "reverse('🇯🇵')", "reverse('𝔘x')",
    "reverse('cafe\u0301')", "reverse(`[1, \"a\", null]`)", "reverse(`[]`)", "reverse(`{\"a\": 1}`)", "reverse(`1`)",
    "reverse(`null`)",
    # sort
    "sort(`[3, 1, 2]`)", "sort(`[1.5, 1, -0.0, 0, -1]`)", "sort(`[1, 1.0]`)", "sort(`[1.0, 1]`)",
    "sort(`[\"b\", \"a\", \"B\", \"é\", \"😀\", \"～\", \"\ue000\", \"\", \"𝔘\"]`)", "sort(`[]`)", "sort(`[1, \"a\"]`)",
    "sort(`[\"a\", 1]`)", "sort(`[true, false]`)", "sort(`[null]`)", "sort(`[[1], [0]]`)", "sort('cba')",
    "sort(`{\"b\": 1}`)", "sort(`[\"10\", \"9\", \"1\"]`)", "sort(`[10, 9, 1]`)",
    "sort(`[12345678901234567890, 12345678901234567889, 1e19]`)", "sort(`[\"a\", \"A\", \"_\", \"0\", \" \"]`)",
    # sort_by
    "sort_by(`[{\"a\": 2}, {\"a\": 1}]`, &a)", "sort_by(`[{\"a\": \"b\"}, {\"a\": \"a\"}]`, &a)",
    "sort_by(`[{\"a\": 1}, {\"a\": \"a\"}]`, &a)", "sort_by(`[{\"a\": \"a\"}, {\"a\": 1}]`, &a)",
    "sort_by(`[{\"a\": 1}, {}]`, &a)", "sort_by(`[{}, {\"a\": 1}]`, &a)", "sort_by(`[]`, &a)",
    "sort_by(`[{\"a\": 1, \"i\": 0}, {\"a\": 1.0, \"i\": 1}, {\"a\": 0, \"i\": 2}]`, &a)", "sort_by(`[1, 2]`, a)",
    "sort_by(`{\"a\": 1}`, &a)", "sort_by(`[{\"a\": true}]`, &a)", "sort_by(`[{\"a\": [1]}]`, &a)",
    "sort_by(`[3, 1, 2]`, &@)", "sort_by(`[\"b\", \"a\"]`, &@)", "sort_by(`[\"😀\", \"～\", \"a\"]`, &@)",
    "sort_by(`[{\"a\": 1}]`, &b)", "sort_by(`[\"bb\", \"a\", \"ccc\"]`, &length(@))", "sort_by(`null`, &a)",
    # sum
    "sum(`[1, 2]`)", "sum(`[1, 2.5]`)", "sum(`[]`)", "sum(`[1.0]`)", "sum(`[0.1, 0.2]`)", "sum(`[\"a\"]`)",
    "sum(`[1, \"a\"]`)", "sum(`[true]`)", "sum(`1`)", "sum(`[12345678901234567890, 12345678901234567890]`)",
    "sum(`[-0.0]`)", "sum(`[1e308, 1e308]`)", "sum(`[null]`)", "sum(`[[1]]`)",
    # to_array
    "to_array(`1`)", "to_array(`[1]`)", "to_array(`null`)", "to_array(`{\"a\": 1}`)", "to_array('a')",
    "to_array(`[]`)", "to_array(`false`)",
    # to_number
    "to_number('1')", "to_number('1.5')", "to_number('1e3')", "to_number(' 1')", "to_number('1 ')",
    "to_number('abc')", "to_number('0x10')", "to_number('NaN')", "to_number('nan')", "to_number('inf')",
    "to_number('-inf')", "to_number('Infinity')", "to_number('-0')", "to_number('-0.0')", "to_number('1_000')",
    "to_number('1_0.5')", "to_number('１２')", "to_number('١٢')", "to_number('')", "to_number(' ')", "to_number('+1')",
    "to_number('.5')", "to_number('5.')", "to_number('1e400')", "to_number('0010')", "to_number('1.0')",
    "to_number(`\"\\t1\\n\"`)", "to_number('12345678901234567890')", "to_number('12345678901234567890.5')",
    "to_number(`true`)", "to_number(`false`)", "to_number(`null`)", "to_number(`1`)", "to_number(`1.5`)",
    "to_number(`[1]`)", "to_number(`{}`)", "to_number(`\"1\"`)", "to_number('1e')", "to_number('e3')",
    "to_number('1E3')", "to_number('0b1')", "to_number('1,5')", "to_number('infinity')", "to_number('- 1')",
    # to_string
    "to_string(`1`)", "to_string(`1.0`)", "to_string(`2.5e3`)", "to_string(`1e300`)", "to_string(`1.5e-7`)",
    "to_string(`-0.0`)", "to_string(`12345678901234567890`)", "to_string(`\"a\"`)", "to_string('😀')",
    "to_string(`[1, \"a\", null]`)", "to_string(`{\"a\": \"é\", \"b\": [1.0]}`)", "to_string(`{\"😀\": \"😀\"}`)",
    "to_string(`true`)", "to_string(`null`)", "to_string(`[]`)", "to_string(`{}`)", "to_string(`1e400`)",
    "to_string(to_number('nan'))", "to_string(&a)", "to_string(`[\"a\\\"b\", \"\\u0000\", \"\\t\"]`)",
    "to_string(`1e16`)", "to_string(`1e15`)", "to_string(`0.1`)", "to_string(`100.0`)", "to_string(`1E2`)",
    "to_string(`{\"b\": 1, \"a\": {\"d\": 2, \"c\": 3}}`)", "to_string(`[\"日本\", \"\\u00e9\"]`)",
    # type
    "type(`1`)", "type(`1.0`)", "type('a')", "type(`true`)", "type(`null`)", "type(`[]`)", "type(`{}`)", "type(&a)",
    "type(to_number('nan'))", "type(`1e400`)", "type(`\"\"`)",
    # wrong arity and unknown functions, found at run time
    "foo(@)", "foo()", "length(@, @)", "length()", "merge()", "not_null()", "abs()", "abs(`1`, `2`)", "sort_by(@)",
    "sort_by(@, &a, &b)", "join(',')", "contains('a')", "unknown_function(`1`)", "to_string()",
    "starts_with('a', 'b', 'c')", "type(@, @)", "map(&a)", "max_by(@)", "foo(length(`1`))", "length(foo(@))",
    "length(`1`, `2`)", "not_null(foo())", "foo(bar())", "keys(`1`, `2`)", "Length(@)", "TO_STRING(@)",
    "sortBy(@, &a)", "missing || foo(@)", "`true` || foo(@)", "`false` && foo(@)", "[foo(@), length(@, @)]",
    "{a: length()}", "[?foo(@)]", "[].foo(@)", "*.foo(@)", "`[1, 2]`[*].foo(@)", "`[]`[*].foo(@)",
    "`[1]`[?foo(@)]", "`[]`[?foo(@)]", "sort_by(`[]`, &foo(@))", "sort_by(`[1]`, &foo(@))",
    "map(&foo(@), `[]`)", "max_by(`[]`, &foo())",
    # NaN and infinities (JSON literals accept them)
    "sort(`[3, NaN, 1, 2]`)", "max(`[NaN, 1]`)", "max(`[1, NaN]`)", "min(`[NaN, 1]`)", "sum(`[NaN, 1]`)",
    "abs(`-Infinity`)", "`NaN` == `NaN`", "`NaN` != `NaN`", "type(`NaN`)", "`Infinity` > `1e308`", "`-Infinity`",
    "to_string(`[NaN, Infinity, -Infinity]`)", "sort_by(`[{\"a\": NaN}, {\"a\": 1}, {\"a\": 0}]`, &a)",
    "contains(`[NaN]`, `NaN`)", "to_number('-nan')", "avg(`[Infinity, -Infinity]`)",
]

TYPE_SAMPLES = ["`1`", "`1.5`", "'a'", "`null`", "`true`", "`[1]`", "`{\"a\": 1}`"]
COMPARISON_OPERATORS = ["==", "!=", "<", "<=", ">", ">="]
COMPARISONS_EXTRA = [
    "`0` == `false`", "`1` == `true`", "`0.0` == `false`", "`1.0` == `true`", "`2` == `true`", "`[0]` == `[false]`",
    "`[1]` == `[true]`", "`{\"a\": 1}` == `{\"a\": true}`", "`{\"a\": 0}` != `{\"a\": false}`", "`[1]` == `[1.0]`",
    "`1` == `1.0`", "`-0.0` == `0`", "`0` != `false`", "`false` == `false`", "`null` == `null`", "missing == `null`",
    "missing == missing", "`[]` == `[]`", "`{}` == `{}`", "`{\"a\": 1, \"b\": 2}` == `{\"b\": 2, \"a\": 1}`",
    "`[1, 2]` == `[2, 1]`", "'a' < 'b'", "'B' < 'a'", "'😀' > '～'", "'\ue000' < '😀'", "'abc' < 'abd'",
    "'' < 'a'", "`2` < `10`", "'2' < '10'", "'a' <= 'a'", "'é' > 'z'", "`1` < `1.5`", "`1` <= `1.0`",
    "`12345678901234567890` > `12345678901234567889`", "`12345678901234567890` == `12345678901234567890.0`",
    "`1e400` > `1e308`", "`true` < `false`", "`[1]` < `[2]`", "`null` < `1`", "'1' < `2`", "`1` < '2'",
    "'a' == `\"a\"`", "'a' != 'A'", "'😀' == `\"\\ud83d\\ude00\"`", "'cafe\u0301' == 'café'", "@ == @",
    "`1` < `2` < `3`", "`1` == `1` == `true`", "!(`1` < `2`)", "`1` < `2` && `3` > `2`", "`1` > `2` || 'x'",
    "to_number('nan') == to_number('nan')", "to_number('nan') < `1`", "to_number('nan') != to_number('nan')",
    "`{\"a\": [1, {\"b\": 0}]}` == `{\"a\": [true, {\"b\": false}]}`", "`0` == `-0`",
]

TRUTHY_SAMPLES = ["`\"\"`", "'a'", "`[]`", "`[0]`", "`{}`", "`{\"a\": null}`", "`0`", "`0.0`", "`-0.0`", "`1`",
                  "`false`", "`true`", "`null`", "' '", "`[[]]`"]

# (document names, expressions)
GROUPS = [
    (["cognito", "skeleton", "null", "integer-like keys"], [
        "CodeDeliveryDetails", "CodeDeliveryDetails.Destination", "CodeDeliveryDetails.DeliveryMedium",
        "CodeDeliveryDetails.AttributeName", "{d: CodeDeliveryDetails.Destination}",
        "{Destination: CodeDeliveryDetails.Destination, Medium: CodeDeliveryDetails.DeliveryMedium}",
        "[CodeDeliveryDetails.Destination, CodeDeliveryDetails.DeliveryMedium]", "\"CodeDeliveryDetails\".\"Destination\"",
        "CodeDeliveryDetails.Missing", "CodeDeliveryDetails.Destination.x", "CodeDeliveryDetails.*",
        "values(CodeDeliveryDetails)", "keys(CodeDeliveryDetails)", "to_string(CodeDeliveryDetails)",
        "length(CodeDeliveryDetails.Destination)", "CodeDeliveryDetails | keys(@) | sort(@)",
        "a", "a.b", "\"1\"", "\"10\"", "\"\"", "\"a\"", "codedeliverydetails", "*.Destination", "*.*", "*[0]",
        "CodeDeliveryDetails[0]", "CodeDeliveryDetails[*]", "CodeDeliveryDetails[]", "CodeDeliveryDetails[?@]",
        "CodeDeliveryDetails.[Destination, Missing]", "CodeDeliveryDetails.{x: Destination, y: Missing}",
        "CodeDeliveryDetails.Destination[0]", "CodeDeliveryDetails.Destination[::-1]",
        "{a: a, a: b}", "{\"😀\": CodeDeliveryDetails, \"1\": `1`, \"a\": `2`}", "{b: `1`, a: `2`, \"10\": `3`, \"2\": `4`}",
        "[a, b]", "{x: @}", "[@, @]", "not_null(CodeDeliveryDetails.Missing, CodeDeliveryDetails.Destination)",
        "sort_by(@, &Name)[0]", "length(@)", "@.CodeDeliveryDetails", "@ | CodeDeliveryDetails",
        "CodeDeliveryDetails.DeliveryMedium == 'EMAIL'", "CodeDeliveryDetails.DeliveryMedium == `EMAIL`",
        "CodeDeliveryDetails.Destination || 'none'", "CodeDeliveryDetails.Missing || 'none'",
        "CodeDeliveryDetails && 'yes'", "!CodeDeliveryDetails",
    ]),
    (["people", "nested arrays", "string", "empty array", "null", "integer-like keys"], [
        "[0]", "[1]", "[-1]", "[-7]", "[-8]", "[6]", "[7]", "[100]", "[-100]", "[0][0]", "[0][1]", "[1][1][1]",
        "[::-1]", "[5:1:-1]", "[-2:]", "[::2]", "[10:]", "[:-1]", "[1:3]", "[-100:100]", "[::-2]", "[3:1]", "[:0]",
        "[0:1:1]", "[-1:-3:-1]", "[1:]", "[:2]", "[::3]", "[1::2]", "[99999999999999999999:]",
        "[-99999999999999999999:]", "[0:1].name", "[:2][0]", "[::-1][0]", "[1:3][*]", "[::2].tags",
        "[*]", "[*][0]", "[*][*]", "[*][]", "[][*]", "[][]", "[].a", "[][0]", "[0][]", "[].[0]",
    ]),
    (["people"], [
        "[*].name", "[*].age", "[*].tags", "[*].tags[*]", "[*].tags[]", "[].tags[]", "[*].tags[0]",
        "[*].[name, age]", "[*].{n: name, a: age}", "[*].missing", "[*].name | [0]", "[*].name[0]", "[*].tags | [0]",
        "[0:2].name", "reverse(@)[*].name", "[*].name.length(@)", "[*].length(name)", "[*].*", "[*].@",
        "[*].tags[].length(@)", "[*].[tags][]",
        "[?age > `28`].name", "[?age >= `30`].name", "[?age == `30`].name", "[?age == `30.0`].name",
        "[?age < `30`].name", "[?age].name", "[?!age].name", "[?tags].name", "[?!tags].name",
        "[?contains(tags, 'dev')].name", "[?contains(tags || `[]`, 'dev')].name", "[?state == 'WA'].name",
        "[?state == 'WA'] | length(@)", "[?state == `WA`].name", "[?name > 'C'].name", "[?name < 'a'].name",
        "[?starts_with(name, 'A')].name", "[?age > `28` && state == 'WA'].name", "[?age > `28` || state == 'OR'].name",
        "[?!(age > `28`)].name", "[?age != `30`].name", "[?age > 'a'].name", "[?name > `1`].name",
        "sort_by(@, &name)[*].name", "sort_by(@, &age)[*].name", "sort_by(@, &state)[*].name",
        "sort_by(@, &to_string(age))[*].name", "sort_by(@, &age || `0`)[*].name", "max_by(@, &age).name",
        "min_by(@, &age).name", "max_by(@, &name).name", "min_by(@, &name).name", "max_by(@, &length(name)).name",
        "max_by([?age], &age).name", "min_by([?age], &age).name", "sort_by([?age], &age)[*].[name, age]",
        "max([*].age)", "max([?age].age)", "min([?age].age)", "sum([?age].age)", "avg([?age].age)",
        "sort([*].name)", "sort([*].state)", "[*].age | sort(@)", "[*].name | join(', ', @)",
        "map(&name, @)", "map(&age, @)", "map(&tags[0], @)", "map(&length(tags || ''), @)",
        "[*].tags[?@ == 'dev']", "[*].tags[?@ == 'dev'][]", "length([*].tags[])", "[*].tags[] | sort(@)",
        "{names: [*].name, count: length(@)}", "[*].{name: name, first: tags[0]}", "[?state == 'WA'].{n: name}",
        "[*].state | sort(@) | [0]", "group || [*].name", "[0].name.length(@)", "[0].tags[1]",
        "length([?age == null])", "[?age == null].name", "[?age == `null`].name", "[?type(age) == 'number'].name",
        "[?to_string(age) == '30'].name", "[?age == to_number('30')].name", "[?@.age].name",
        "@[?age > `20`].name", "[?age > `20`][?state == 'WA'].name", "[?tags[0] == 'dev'].name",
        "[?length(name) > `4`].name", "[?ends_with(name, 'e')].name", "[?name == 'Zoë'].age",
        "[?name == 'Zo\u00eb'].age", "[?contains(name, '😀')].name",
    ]),
    (["pairs"], [
        "[?a]", "[?!a]", "[?a == b]", "[?a != b]", "[?a > b]", "[?a >= b]", "[?a < b]", "[?a <= b]", "[?a > `0`]",
        "[?a == `1`]", "[?a == '1']", "[?a == `true`]", "[?a < `2`]", "[?a.c]", "[?a == `[1, 2]`]",
        "[?a == `{\"c\": 1}`]", "[?b]", "[?a || b]", "[?a && b]", "[?a].b", "[?a] | [0]", "[?@.a]",
        "[?length(@) > `1`]", "[?type(a) == 'number']", "[?contains(keys(@), 'a')]", "[?a == `0`]", "[?a == `false`]",
        "[?b == `false`]", "[?b == `0`]", "[?a == `\"\"`]", "[?a == `[]`]", "[?!b]", "[?a == `1.0`]", "[?a == b].a",
        "[?a != `null`].a", "[?a > `0`].a", "[*].a", "[*].b", "[].a", "[*].[a, b]", "[*].{a: a}", "map(&a, @)",
        "map(&type(a), @)", "[?a < 'z']", "[?a > `0` || a < 'z']", "[?a == 'x' || a > `0`]", "[?to_number(a) > `0`]",
        "[?a][?b]", "[?a]", "length([?a])", "[?a == b] | length(@)", "[?`true`]", "[?`false`]", "[?'']",
        "[?@ == @]", "[?`[]`]", "[?a.c == `1`].b", "[?a == `{\"c\": 1.0}`].b", "sort_by(@, &b)", "sort_by(@, &to_string(b))",
        "sort_by(@, &type(a))", "max_by(@, &to_string(a))", "[*].a[]", "[*].b[]", "[?a][*].b",
    ]),
    (["cognito", "foobar", "integer-like keys", "duplicate keys", "matrix", "empty object", "people", "null"], [
        "*", "*.*", "*.Destination", "*[0]", "*.bar", "*.baz", "*.*.qux", "*[]", "*.b.c", "* | [0]", "*.x", "*[*]",
        "*[?@]", "*.[baz]", "*.{b: baz}", "@.*", "keys(@)", "values(@)", "to_string(@)", "merge(@, `{\"0\": 0}`)",
        "merge(`{\"b\": 1, \"z\": 0}`, @)", "sort(keys(@))",
    ]),
    (["integer-like keys", "duplicate keys"], [
        "a", "b", "c", "c.x", "\"1\"", "\"01\"", "\"-1\"", "\"1.5\"", "\"0\"", "\"\"", "{\"2\": `2`, \"1\": `1`}",
        "{\"2\": \"2\", \"1\": \"1\", b: b}", "*[?@ > 'o']", "values(@)[1:3]", "merge(@, @)", "[keys(@), values(@)]",
    ]),
    (["foobar"], [
        "foo.bar", "foo.bar[*].baz", "foo.bar[].baz",
        "foo.bar[*].baz[]", "foo.bar[?baz > `1`]", "foo.bar[?qux].qux", "foo.bar[*].quux", "foo.*", "foo.*.baz",
        "bar.baz.qux", "bar.baz.qux[*]", "sum(bar.baz.qux)", "avg(bar.baz.qux)", "a.b.c", "reverse(a.b.c)",
        "list[1:]", "list | [0]", "join('', list)",
    ]),
    (["matrix"], [
        "m[]", "m[][1]", "m[*][1]", "m[1][*]", "m[*][*]", "m[][]",
        "m[0][::-1]", "m[::-1][0]", "m[*][-1]", "ragged[]", "ragged[][]", "ragged[*][0]", "ragged[*][]", "objs.*.v",
        "objs.*.w", "objs.*", "objs.*[]", "values(objs)[*].v", "max_by(values(objs), &v)", "m[?length(@) > `2`]",
        "sum(m[])", "max(m[])", "map(&sum(@), m)", "map(&max(@), m)", "m[*] | [1]", "m[] | [1]",
    ]),
    (["numbers"], [
        "ints", "sort(ints)", "sum(ints)", "avg(ints)", "max(ints)", "min(ints)", "floats", "sort(floats)",
        "sum(floats)", "avg(floats)", "max(floats)", "min(floats)", "floats[?@ > `1`]", "floats[?@ == `0`]",
        "floats[*]", "floats[2]", "to_string(floats)", "map(&to_string(@), floats)", "map(&ceil(@), floats)",
        "map(&floor(@), floats)", "map(&abs(@), floats)", "big", "big == `12345678901234567890`", "to_string(big)",
        "bigs", "sort(bigs)", "sum(bigs)", "avg(bigs)", "max(bigs)", "mixed", "mixed[*]", "mixed[?@]", "sort(mixed)",
        "map(&type(@), mixed)", "map(&to_number(@), mixed)", "map(&to_string(@), mixed)", "mixed[?@ == `1`]",
        "mixed[?@ != `1`]", "mixed[?@ > `0`]", "mixed[]", "neg", "abs(neg)", "ceil(neg)", "floor(neg)", "negzero",
        "abs(negzero)", "ceil(negzero)", "zero", "!zero", "!negzero", "-negzero", "one_float", "to_string(one_float)",
        "to_number(to_string(one_float))", "exp", "tiny", "huge", "ceil(huge)", "E", "frac", "sum(sums)",
        "sum(sums) == `0.3`", "to_string(sum(sums))", "empty", "sum(empty)", "avg(empty)", "max(empty)",
        "sort(empty)", "floats[?@ < `0`]", "ints[?@ < `0`] | [0]", "sort_by(floats, &@)", "max_by(ints, &@)",
    ]),
    (["strings"], [
        "emoji", "length(emoji)", "mix", "length(mix)", "reverse(mix)", "math", "length(math)", "cjk", "reverse(cjk)",
        "length(zwj)", "reverse(zwj)", "length(flag)", "reverse(flag)", "sort(list)", "reverse(sort(list))",
        "max(list)", "min(list)", "sort_by(list, &@)", "max_by(list, &@)", "min_by(list, &@)",
        "sort_by(list, &length(@))", "contains(mix, '😀')", "starts_with(math, '𝔘')", "ends_with(mix, '😀b')",
        "join('|', list)", "to_string(list)", "to_string(emojis)", "sort(emojis)", "escaped", "escaped == emoji",
        "length(combining)", "combining == accents", "length(accents)", "reverse(combining)", "list[?@ > 'a']",
        "list[?@ < '😀']", "list[?@ >= '～']", "list[?@]", "ctl", "length(ctl)", "to_string(ctl)", "abs(ctl)",
        "quote", "abs(quote)", "to_string(quote)", "abs(emoji)", "abs(cjk)", "abs(zw)", "abs(nbsp)", "zw", "nbsp",
        "length(zw)", "spaces", "to_number(spaces)", "digits", "sort(digits)", "map(&to_number(@), digits)",
        "sort_by(digits, &to_number(@))", "max_by(digits, &to_number(@))", "backtick", "backslash",
        "to_string(backslash)", "abs(backslash)", "length(backslash)", "empty", "length(empty)", "!empty",
        "empty || 'default'", "list[?@ == '']", "list[0:3]", "reverse(list)[0]", "abs(list)",
        "keys(@)", "contains(list, 'a')", "contains(list, '😀')", "contains(emojis, '😀')", "sum(list)",
    ]),
    (["truthiness"], [
        "t", "f", "n", "!t", "!f", "!n", "!zero", "!fzero", "!empty_s", "!s", "!empty_a", "!a0", "!empty_o", "!o",
        "list[?@]", "list[?!@]", "map(&!@, list)", "map(&(@ || 'F'), list)", "map(&(@ && 'T'), list)",
        "list[?@ == `false`]", "list[?@ == `0`]", "list[?@ == `null`]", "t || f", "f || t", "n || f", "f && t",
        "empty_a || empty_o || empty_s || 'last'", "zero || 'x'", "fzero && 'x'", "o && o.k", "not_null(n, f, t)",
        "[t, f, n][?@]", "{t: t, n: n}", "type(fzero)", "fzero == zero", "to_string(fzero)",
    ]),
    (["empties"], [
        "a", "b", "c[]", "c[*]", "d[*]", "d[*].x", "d[]", "g[]", "g[][]", "g[*][]", "e.f", "e.*", "e.f.*", "!a",
        "!b", "a || b || c", "length(c)", "[a, b, h]", "values(@)[?@]", "*[]", "h[*]", "i[*]", "i[]", "i[?@]",
        "length(i)", "i[0]", "{a: h, b: i}", "h.x", "h[0]", "h | [0]", "not_null(h, i[0], a)",
    ]),
    (["deep"], [
        "a.b.c.d.e.f[0].g[0].h.i", "a.b.c.d.e.f[].g[].h.i[]", "a.b.c.d.e.f[0].g[0].h.i[1][1][1]",
        "a.b.c.d.e.f[*].g[*].h", "a.b.c.d.e.f[*].g[*].h.i", "a.b.c.d.e.f[].g[].h", "length(a.b.c.d.e.f)",
        "z[][][][]", "z[0][0][0][0][0]", "z[*][*][*][*][*]", "z[][][][][]", "a.*.*.*.*", "a.*.*.*.*.f",
        "a.b.c.d.e.f[0].g[0].h.i[1][1][1][0]", "to_string(a.b)", "z | [0] | [0] | [0]",
    ]),
    (["by first name"], [
        "Functions[?Runtime=='python3.12'].FunctionName", "Functions[?MemorySize > `200`].FunctionName",
        "sort_by(Functions, &MemorySize)[*].FunctionName", "max_by(Functions, &MemorySize).FunctionName",
        "sort_by(Functions, &LastModified)[-1].FunctionName", "Functions[*].Timeout", "sum(Functions[*].Timeout)",
        "Functions[*].[FunctionName, Timeout]", "sort_by(Functions, &Timeout)[*].FunctionName",
        "Users[?UserStatus=='CONFIRMED'].Username", "Users[*].Attributes[?Name=='email'].Value | []",
        "Users[*].Attributes[?Name=='email'].Value", "Users[?Enabled].Username", "Users[?!Enabled].Username",
        "Users[*].Username | sort(@)", "length(Users)", "PaginationToken", "Users[*].Attributes[0].Value",
        "Users[].Attributes[].Name", "Users[*].{u: Username, n: length(Attributes)}",
        "Reservations[*].Instances[*].[InstanceId,State.Name]",
        "Reservations[*].Instances[*].{ID:InstanceId,State:State.Name}", "Reservations[].Instances[].InstanceId",
        "Reservations[*].Instances[*].Tags[?Key=='Name'].Value", "Reservations[*].Instances[*].InstanceId",
        "Reservations[].Instances[].Tags[].Value", "Reservations[*].Instances[*].Missing",
        "Reservations[*].Instances", "Reservations[].Instances[?State.Name=='running'].InstanceId",
        "length(Reservations[].Instances[])", "Reservations[*].Instances[].State.Name",
        "Volumes[*].Attachments[*].State", "Volumes[*].Attachments[].State", "Volumes[*].Attachments[].[InstanceId, State]",
        "Volumes[?AvailabilityZone=='us-west-2a']", "Volumes[?VolumeType == 'gp2'].VolumeId",
        "Volumes[?Size > `10`].{Id: VolumeId, Size: Size}", "Volumes[?Attachments[?State == 'attached']].VolumeId",
        "Volumes[0:2:1]", "Volumes[::2].VolumeId", "Volumes[-1].VolumeId", "Volumes[].Tags[?Key == `Name`].Value[]",
        "sort_by(Volumes, &Size)[-1].VolumeId", "max_by(Volumes, &Size).VolumeId", "join(', ', Volumes[].VolumeId)",
        "sum(Volumes[].Size)", "avg(Volumes[].Size)", "Volumes[?Size > `10` && VolumeType == 'gp2'].VolumeId",
        "locations[?state == 'WA'].name | sort(@) | {WashingtonCities: join(', ', @)}",
        "locations[?state == 'WA'].name | sort(@)", "locations[*].state | sort(@)",
    ]),
    (["sort keys"], [
        "sort_by(@, &Name)[*].Name", "sort_by(@, &v)[*].Name", "sort_by(@, &w)[*].Name", "max_by(@, &v).Name",
        "min_by(@, &v).Name", "max_by(@, &Name).Name", "min_by(@, &Name).Name", "sort([*].Name)", "sort([*].v)",
        "max([*].v)", "sum([*].v)", "avg([*].v)", "[*].v", "sort_by(@, &to_string(v))[*].v",
        "sort_by(@, &to_number(w))[*].Name", "[?v > `1`].Name", "[?w > '1'].Name", "[?w > `1`].Name",
        "[?Name > 'a'].Name", "max_by(@, &w).Name",
    ]),
    (["null"], [
        "`foo`", "`\"foo\"`", "`1`", "`1.0`", "`-0`", "`-0.0`", "`1e400`", "`-1e400`", "`[1, 2]`",
        "`{\"b\": 1, \"a\": 2}`", "`{\"a\": 1, \"a\": 2}`", "'raw'", "'it\\'s'", "'a\\\\b'", "'a\\b'", "'😀'", "''",
        "`\\``", "`\"\\u00e9\"`", "`\"\\ud83d\\ude00\"`", "`12345678901234567890`", "`1.5e-7`", "`0.1`", "`1E2`",
        "` true `", "`tru`", "`\"a\" `", "`NaN`", "`Infinity`", "`-Infinity`", "` foo bar `", "`a\\\"b`", "`[]`", "`{}`",
        "`null`", "`false`", "`\"\"`", "'\\''", "'a\\nb'", "`{\"😀\": [1, {\"x\": null}]}`", "`1`.a", "`[1, 2]`[0]",
        "`[[1], [2, [3]]]`[]", "`{\"a\": {\"b\": 1}}`.a.b", "'abc'[0]", "'abc'[::-1]", "`\"abc\"`.length(@)",
        "`1e3`", "`100`", "`1.10`", "`0.000001`", "`1e-7`", "`123456789.123456789`", "`5e-324`", "`1.7976931348623157e308`",
    ]),
    (["cognito", "people"], [
        "&a", "&@", "[&a]", "{x: &a}", "&a | type(@)", "type(&a)", "length(&a)", "not_null(&a)", "!&a", "&a == &a",
        "&a || 'x'", "to_array(&a)", "`[1]`[*].&a", "[&a][0]", "&a && 'x'", "to_string([&a, `1`])",
        "sort_by(`[{\"a\": 2}, {\"a\": 1}]`, &a)", "map(&&a, `[1]`)", "[?&a]", "&a.b", "&(a || b)", "&`1`",
    ]),
    (["cognito", "people", "string", "null", "nested arrays"], [
        "@", "@.@", "@ | @", "@[0]", "@.length(@)", "(@)", "(a)", "(a || b).c", "a | b", "[0] | [0]",
        "[*] | [0]", "[*][0]", "[0][*]", "(@ || `{}`).a", "@ | [@] | [0]", "@ | length(to_array(@))",
        "!!@", "!!!@", "!`null`", "!`1`", "!`0`", "!`0.0`", "!`-0.0`", "!''", "!' '", "!`[]`", "!`{}`",
        "!`false`", "!`true`", "!'false'",
    ]),
]


def hand_written():
    """(document name, expression) pairs, in a fixed order."""
    pairs = []
    for name in ALL:
        pairs += [(name, e) for e in ON_EVERY_DOCUMENT]
    pairs += [("cognito", e) for e in FUNCTION_CALLS]
    for left in TYPE_SAMPLES:
        for right in TYPE_SAMPLES:
            for op in COMPARISON_OPERATORS:
                pairs.append(("null", "%s %s %s" % (left, op, right)))
    pairs += [("null", e) for e in COMPARISONS_EXTRA]
    for value in TRUTHY_SAMPLES:
        for template in ["!%s", "%s || 'T'", "%s && 'T'", "not_null(%s)", "[%s][?@]", "`[1]`[?%s]"]:
            pairs.append(("null", template % value))
    for names, expressions in GROUPS:
        for name in names:
            if name == "by first name":
                # each expression against the document whose top-level key it starts with
                for e in expressions:
                    first = re.match(r"\w+", e).group()
                    pairs += [(n, e) for n, text in DOCUMENTS if text.startswith('{"%s"' % first)]
            else:
                pairs += [(name, e) for e in expressions]
    return pairs


# ---------------------------------------------------------------------------------------------------------------
# Random expressions: a small grammar walked over the document's own keys and values (and a few names that are
# missing), biased to function calls and projections.

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
OTHER_NAMES = ["a", "b", "missing", "Name", "foo", "x", "\"1\"", "\"😀\""]
NAMED_FUNCTION_WEIGHTS = {f: 1 for f in FUNCTIONS}
NAMED_FUNCTION_WEIGHTS.update({"sort_by": 3, "max_by": 2, "min_by": 2, "map": 2, "length": 2, "sort": 2,
                               "to_string": 2, "contains": 2, "join": 2, "to_number": 2, "merge": 2})

NUM, STR, ARR, OBJ, ANY, EXPREF = "number", "string", "array", "object", "any", "expref"
SIGNATURES = {
    "abs": [NUM], "avg": ["array-number"], "ceil": [NUM], "contains": ["array|string", ANY],
    "ends_with": [STR, STR], "floor": [NUM], "join": [STR, "array-string"], "keys": [OBJ],
    "length": ["string|array|object"], "map": [EXPREF, ARR], "max": ["array-number|array-string"],
    "max_by": [ARR, EXPREF], "merge": [OBJ, "*" + OBJ], "min": ["array-number|array-string"],
    "min_by": [ARR, EXPREF], "not_null": [ANY, "*" + ANY], "reverse": ["array|string"],
    "sort": ["array-number|array-string"], "sort_by": [ARR, EXPREF], "starts_with": [STR, STR],
    "sum": ["array-number"], "to_array": [ANY], "to_number": [ANY], "to_string": [ANY], "type": [ANY],
    "values": [OBJ],
}
LITERAL_POOL = {
    NUM: [1, -1, 0, 1.5, -2.5, 1.0, -0.0, 1e3, 12345678901234567890, 30],
    STR: ["a", "", "😀", "a😀b", "EMAIL", "e", "1", "1.5", " 1", "WA", "dev", "～"],
    "array-number": [[1, 2, 3], [], [1.5, -1], [1, 1.0], [3, 1, 2]],
    "array-string": [["a", "b"], [], ["😀", "a"], ["b", "a", "B"]],
    OBJ: [{"a": 1}, {}, {"b": [1], "a": None}, {"1": 1, "a": 2}],
    ANY: [None, True, False, [1, "a"], {"x": None}, 2, "x", [], {}],
    ARR: [[1, "a", None], [{"a": 1}, {"a": 2}, {"a": 0.5}], [], ["x", "y"], [{"Name": "b"}, {"Name": "a"}]],
}


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fits(value, spec):
    for kind in spec.lstrip("*").split("|"):
        if kind == ANY:
            return True
        if kind == NUM and is_number(value):
            return True
        if kind == STR and isinstance(value, str):
            return True
        if kind == OBJ and isinstance(value, dict):
            return True
        if kind == ARR and isinstance(value, list):
            return True
        if kind == "array-number" and isinstance(value, list) and all(is_number(x) for x in value):
            return True
        if kind == "array-string" and isinstance(value, list) and all(isinstance(x, str) for x in value):
            return True
    return False


def name_of(key):
    return key if IDENT.match(key) else json.dumps(key, ensure_ascii=False)


def raw_or_literal(rng, value):
    if isinstance(value, str) and "'" not in value and "\\" not in value and rng.random() < 0.6:
        return "'" + value + "'"
    return literal(value)


def subpaths(value, prefix="", depth=0, out=None):
    """(expression, value) for the paths below value: keys, and the first and last index of arrays."""
    if out is None:
        out = []
    if depth >= 4 or len(out) > 60:
        return out
    if isinstance(value, dict):
        for key, child in value.items():
            expression = (prefix + "." if prefix else "") + name_of(key)
            out.append((expression, child))
            subpaths(child, expression, depth + 1, out)
    elif isinstance(value, list) and value:
        for index in sorted({0, len(value) - 1, -1}):
            expression = prefix + "[%d]" % index
            out.append((expression, value[index]))
            if index >= 0:
                subpaths(value[index], expression, depth + 1, out)
    return out


def search(expression, value):
    try:
        return jmespath.compile(expression).search(value)
    except Exception:  # noqa: BLE001 - generation only guesses at values
        return None


def pick_path(rng, ctx, want=None):
    paths = subpaths(ctx)
    if want is not None:
        paths = [p for p in paths if fits(p[1], want)]
    if paths:
        return rng.choice(paths)[0]
    return None


def element_of(rng, value):
    if isinstance(value, list) and value:
        return rng.choice(value)
    if isinstance(value, dict) and value:
        return rng.choice(list(value.values()))
    return None


def source(rng, ctx, want, depth):
    """An expression for something of type want in ctx (or, sometimes, anything)."""
    path = pick_path(rng, ctx, want) if rng.random() < 0.85 else None
    if path is None:
        if ctx is not None and fits(ctx, want) and rng.random() < 0.5:
            return "@"
        return gen(rng, ctx, depth + 1)
    return path


def rhs(rng, element, depth):
    """What may follow a projection: nothing, .path, [index], [], a filter or a function of @."""
    roll = rng.random()
    if roll < 0.25:
        return ""
    if roll < 0.6:
        path = pick_path(rng, element)
        if path and not path.startswith("["):
            return "." + path
        return "." + rng.choice(OTHER_NAMES)
    if roll < 0.7:
        return rng.choice(["[0]", "[-1]", "[]", "[*]", "[1:]"])
    if roll < 0.8:
        return "." + multiselect(rng, element, depth + 1)
    if roll < 0.9:
        return "[?" + condition(rng, element_of(rng, element), depth + 1) + "]"
    return " | " + function_call(rng, None, depth + 1)


def multiselect(rng, ctx, depth):
    parts = [gen(rng, ctx, depth + 1) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        return "[" + ", ".join(parts) + "]"
    keys = [rng.choice(["a", "b", "n", "x", "Name", "\"k y\"", "\"😀\"", "\"1\"", "\"10\""]) for _ in parts]
    return "{" + ", ".join("%s: %s" % (k, p) for k, p in zip(keys, parts)) + "}"


def operand(rng, ctx, depth):
    roll = rng.random()
    if roll < 0.5:
        return pick_path(rng, ctx) or rng.choice(OTHER_NAMES)
    if roll < 0.8:
        sample = rng.choice([v for _, v in subpaths(ctx)] or [None])
        if rng.random() < 0.5:
            sample = rng.choice(LITERAL_POOL[rng.choice([NUM, STR, ANY])])
        return raw_or_literal(rng, sample)
    return gen(rng, ctx, depth + 1)


def condition(rng, ctx, depth):
    roll = rng.random()
    if roll < 0.2:
        return operand(rng, ctx, depth)
    if roll < 0.3:
        return "!" + operand(rng, ctx, depth)
    if roll < 0.85:
        return "%s %s %s" % (operand(rng, ctx, depth), rng.choice(COMPARISON_OPERATORS), operand(rng, ctx, depth))
    if roll < 0.95:
        return "%s %s %s" % (condition(rng, ctx, depth + 1), rng.choice(["&&", "||"]),
                             condition(rng, ctx, depth + 1))
    return function_call(rng, ctx, depth + 1)


def expref(rng, array_value, depth):
    element = element_of(rng, array_value)
    roll = rng.random()
    if roll < 0.6:
        path = pick_path(rng, element, rng.choice([NUM, STR, NUM + "|" + STR, ANY]))
        if path:
            return "&" + path
    if roll < 0.7:
        return "&@"
    if roll < 0.8:
        return "&" + rng.choice(OTHER_NAMES)
    return "&" + gen(rng, element, depth + 1)


def function_call(rng, ctx, depth):
    roll = rng.random()
    if roll < 0.01:
        name = rng.choice(["foo", "lenght", "Sort", "to_str"])
    else:
        names = list(NAMED_FUNCTION_WEIGHTS)
        name = rng.choices(names, weights=[NAMED_FUNCTION_WEIGHTS[n] for n in names])[0]
    signature = SIGNATURES.get(name, [ANY])
    specs = [s for s in signature if not s.startswith("*")]
    variadic = [s for s in signature if s.startswith("*")]
    if variadic:
        specs += [variadic[0]] * rng.choice([0, 0, 1, 2])
    if rng.random() < 0.04:
        specs = specs[:-1] if specs and rng.random() < 0.5 else specs + [ANY]
    args = []
    array_value = None
    for spec in specs:
        if spec == EXPREF:
            args.append(None)
            continue
        want = spec.lstrip("*")
        roll = rng.random()
        arg = None
        if roll < 0.7:
            arg = pick_path(rng, ctx, want)
            if ctx is not None and fits(ctx, want) and (arg is None or rng.random() < 0.15):
                arg = "@"
        if arg is None and roll < 0.9:
            arg = raw_or_literal(rng, rng.choice(LITERAL_POOL[rng.choice(want.split("|"))]))
        if arg is None:
            arg = gen(rng, ctx, depth + 1)
        args.append(arg)
        if spec == ARR:
            array_value = search(arg, ctx)
    for i, spec in enumerate(specs):
        if spec == EXPREF:
            args[i] = expref(rng, array_value, depth) if rng.random() < 0.93 else gen(rng, ctx, depth + 1)
    return name + "(" + ", ".join(args) + ")"


KIND_WEIGHTS = {"func": 30, "proj": 15, "filter": 10, "flatten": 6, "valproj": 5, "path": 8, "pipe": 6,
                "multi": 5, "orand": 3, "not": 2, "cmp": 4, "literal": 1, "slice": 3, "index": 2, "current": 1}
LEAF_WEIGHTS = {"path": 10, "literal": 2, "current": 1, "func": 3}


def gen(rng, ctx, depth=0):
    weights = KIND_WEIGHTS if depth < 3 else LEAF_WEIGHTS
    kinds = list(weights)
    kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
    d = depth + 1
    if kind == "path":
        return pick_path(rng, ctx) or rng.choice(OTHER_NAMES)
    if kind == "current":
        return "@"
    if kind == "literal":
        return raw_or_literal(rng, rng.choice(LITERAL_POOL[rng.choice(list(LITERAL_POOL))]))
    if kind == "func":
        return function_call(rng, ctx, d)
    if kind in ("proj", "filter", "flatten", "slice", "index"):
        base = source(rng, ctx, ARR, d) if rng.random() < 0.9 else ""
        if base.startswith("&") or " " in base and not base.endswith(")"):
            base = "(" + base + ")"
        value = search(base or "@", ctx)
        element = element_of(rng, value)
        if kind == "proj":
            return base + "[*]" + rhs(rng, element, d)
        if kind == "filter":
            return base + "[?" + condition(rng, element, d) + "]" + rhs(rng, element, d)
        if kind == "flatten":
            return base + "[]" + rhs(rng, element_of(rng, element) if isinstance(element, list) else element, d)
        if kind == "slice":
            return base + rng.choice(["[::-1]", "[1:]", "[:2]", "[-2:]", "[::2]", "[5:1:-1]", "[10:]", "[1:-1]"]) \
                + rhs(rng, element, d)
        return base + rng.choice(["[0]", "[1]", "[-1]", "[-2]", "[5]"])
    if kind == "valproj":
        base = source(rng, ctx, OBJ, d)
        if base == "@":
            return "*" + rhs(rng, element_of(rng, ctx), d)
        if not base or not (IDENT.match(base[0]) or base[0] == '"') or " " in base:
            base = "(" + base + ")" if base else "@"
        return base + ".*" + rhs(rng, element_of(rng, search(base, ctx)), d)
    if kind == "pipe":
        left = gen(rng, ctx, d)
        return left + " | " + gen(rng, search(left, ctx), d)
    if kind == "multi":
        return multiselect(rng, ctx, d)
    if kind == "orand":
        return "%s %s %s" % (gen(rng, ctx, d), rng.choice(["||", "&&"]), gen(rng, ctx, d))
    if kind == "not":
        inner = gen(rng, ctx, d)
        return "!" + inner if rng.random() < 0.5 else "!(" + inner + ")"
    return condition(rng, ctx, d)


# ---------------------------------------------------------------------------------------------------------------

ADDRESS = re.compile(r" object at 0x[0-9a-fA-F]+>")


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def functions_in(node, out):
    if isinstance(node, dict):
        if node.get("type") == "function_expression":
            out.append(node["value"])
        for child in node.get("children", []):
            functions_in(child, out)
    return out


def evaluate(compiled, document):
    """("result" | "error" | "unserializable" | "hang", text)."""
    signal.alarm(TIMEOUT_SECONDS)
    try:
        value = compiled.search(document)
    except Timeout:
        return "hang", ""
    except Exception as error:  # noqa: BLE001 - every exception is what the AWS CLI would print
        return "error", ADDRESS.sub(" object at 0x<addr>>", "%s: %s" % (type(error).__name__, error))
    finally:
        signal.alarm(0)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return "unserializable", ADDRESS.sub(" object at 0x<addr>>", repr(value))
    return "result", ADDRESS.sub(" object at 0x<addr>>", text)


def shape_of(error):
    name, _, message = error.partition(": ")
    if name == "JMESPathTypeError":
        match = re.match(r'In function (\w+)\(\), invalid type for value: (.*), expected one of: (\[.*\]), '
                         r'received: "(\w+)"\Z', message, re.S)
        assert match, error
        return (name + ': In function <fn>(), invalid type for value: <value>, expected one of: <types>, '
                'received: "<type>"'), "%s received %s" % (match.group(3), match.group(4))
    if name in ("ArityError", "VariadictArityError"):
        return name + ": " + re.sub(r"function \w+\(\)", "function <fn>()", re.sub(r"\d+", "<n>", message)), ""
    if name == "UnknownFunctionError":
        return name + ": " + re.sub(r"Unknown function: \w+\(\)", "Unknown function: <fn>()", message), ""
    if name == "TypeError":
        return name + ": " + re.sub(r"'(\w+)'", "'<type>'", re.sub(r"not \w+\Z", "not <type>", message)), message
    return name + ": " + re.sub(r"\d+", "<n>", message), ""


def main():
    rng = random.Random(SEED)
    signal.signal(signal.SIGALRM, on_alarm)
    documents = [json.loads(text) for _, text in DOCUMENTS]
    seen = set()
    cases = []
    skipped = Counter()
    hangs = []
    function_cases = Counter()
    uncompiled = []

    def add(doc_index, expression, origin):
        if (doc_index, expression) in seen:
            return None
        seen.add((doc_index, expression))
        try:
            compiled = jmespath.compile(expression)
        except Exception:  # noqa: BLE001 - an expression that does not compile is not for this corpus
            skipped[origin] += 1
            if expression not in uncompiled:
                uncompiled.append(expression)
            return None
        kind, text = evaluate(compiled, documents[doc_index])
        if kind == "hang":
            hangs.append((doc_index, expression))
            return None
        case = {"document": doc_index, "expression": expression, kind: text}
        for name in sorted(set(functions_in(compiled.parsed, []))):
            function_cases[name] += 1
        cases.append(case)
        return case

    for name, expression in hand_written():
        add(DOC_INDEX[name], expression, "hand-written")
    hand_count = len(cases)

    # documents with something to walk are picked three times as often as scalars and empty containers
    doc_weights = [3 if isinstance(d, (dict, list)) and d else 1 for d in documents]
    attempts = 0
    while len(cases) < hand_count + RANDOM_CASES:
        attempts += 1
        assert attempts < RANDOM_CASES * 20, "the generator stopped finding new cases"
        doc_index = rng.choices(range(len(DOCUMENTS)), weights=doc_weights)[0]
        expression = gen(rng, documents[doc_index])
        if len(expression) > MAX_RANDOM_EXPRESSION or (doc_index, expression) in seen:
            continue
        case = add(doc_index, expression, "random")
        if case is not None and len(case.get("result", "")) > MAX_RANDOM_RESULT:
            cases.pop()
            for fn in sorted(set(functions_in(jmespath.compile(expression).parsed, []))):
                function_cases[fn] -= 1
            skipped["random, result too long"] += 1

    corpus = {"awsCliVersion": awscli.__version__, "jmespathVersion": jmespath.__version__, "seed": SEED,
              "documents": [text for _, text in DOCUMENTS], "cases": cases}
    text = json.dumps(corpus, ensure_ascii=False, indent=1)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "query-eval-corpus.json")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text + "\n")

    kinds = Counter(next(k for k in ("result", "error", "unserializable") if k in c) for c in cases)
    print(f"{len(cases)} cases ({hand_count} written by hand, {len(cases) - hand_count} random) over "
          f"{len(DOCUMENTS)} documents: {kinds['result']} results, {kinds['error']} errors, "
          f"{kinds['unserializable']} unserializable, {len(hangs)} hangs; {len(text.encode('utf-8'))} bytes")
    print("skipped: " + ", ".join(f"{origin} {count}" for origin, count in sorted(skipped.items())) +
          "; expressions that do not compile: " + json.dumps(uncompiled, ensure_ascii=False))
    shapes, details, examples = Counter(), Counter(), {}
    for case in cases:
        if "error" in case:
            shape, detail = shape_of(case["error"])
            shapes[shape] += 1
            if detail:
                details[(shape, detail)] += 1
            examples.setdefault(shape, case)
    print("errors:")
    for shape, count in sorted(shapes.items(), key=lambda item: (-item[1], item[0])):
        example = examples[shape]
        print(f"{count:6d}  {shape}")
        print("        e.g. " + json.dumps({"document": example["document"], "expression": example["expression"],
                                             "error": example["error"]}, ensure_ascii=False))
        for (s, detail), n in sorted(details.items(), key=lambda item: (-item[1], item[0])):
            if s == shape:
                print(f"        {n:6d}  {detail}")
    print("cases calling each function:")
    for name, count in sorted(function_cases.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:6d}  {name}")
    for case in cases:
        if "unserializable" in case:
            print("unserializable:", json.dumps(case, ensure_ascii=False))
    for doc_index, expression in hangs:
        print("hang:", doc_index, json.dumps(expression, ensure_ascii=False))


if __name__ == "__main__":
    main()
