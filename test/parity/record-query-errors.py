"""Records how AWS CLI v2 words a --query JMESPath expression it refuses, into
query-error-corpus.json: for each expression, the reason that follows
"Bad value for --query <expression>: " (null when the expression compiles).
It goes through the AWS CLI's own check (awscli.customizations.globalargs's
_resolve_query, which runs jmespath.compile), so the jmespath in use is the one
the AWS CLI imports. Needs AWS CLI v2's Python package: Debian's
(apt-get install -y awscli), or another release's source put first on
PYTHONPATH; for the 2.36.7 source build with its awscrt shim:

    PYTHONPATH=/path/to/shim:/path/to/aws-cli /usr/bin/python3 -c \\
        "import awscrt_compat, runpy; runpy.run_path('test/parity/record-query-errors.py', run_name='__main__')"

Prints the number of cases, how many compile, and how many fall into each
shape of error (the reason with positions, token values and the expression
masked), with the types of token that parse errors name; with --examples after
the command, also the first case of each shape.
"""
import json
import os
import random
import re
import sys
from collections import Counter

sys.path.append("/usr/lib/python3/dist-packages")
import awscli  # noqa: E402
import jmespath  # noqa: E402
from awscli.customizations import globalargs  # noqa: E402
from awscli.customizations.exceptions import ParamValidationError  # noqa: E402

SEED = 20261127
TOTAL = 4000

# Tokens that random mutations insert and random soups are made of.
TOKENS = [".", "[", "]", "{", "}", "(", ")", ",", ":", "*", "@", "&", "|", "||", "&&", "!", "==", "!=", "<", ">=",
          "?", "`", "'", '"', "1", "-1", "a", "foo(", " ",
          "b", "<=", ">", "-", "=", "[?", "[]", "[*]", "0", "01", '"x"', "'y'", "`1`", "`true`", "é", "😀", "\t",
          "\\", "$", "a.b", "a[0]"]
# Single characters that random mutations insert.
CHARS = [chr(c) for c in range(32, 127)] + ["\t", "\n", "é", "😀", "日", "\u00a0"]

UNIT = re.compile(r'''"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?|`(?:\\.|[^`\\])*`?|[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+'''
                  r'''|\|\||&&|==|!=|<=|>=|\[\?|\[\]|\s+|.''', re.S)

USER_GUIDE = [
    "CodeDeliveryDetails",
    "CodeDeliveryDetails.Destination",
    "CodeDeliveryDetails.DeliveryMedium",
    "CodeDeliveryDetails.AttributeName",
    "{d: CodeDeliveryDetails.Destination}",
    "{Destination: CodeDeliveryDetails.Destination, Medium: CodeDeliveryDetails.DeliveryMedium}",
    "[CodeDeliveryDetails.Destination, CodeDeliveryDetails.DeliveryMedium]",
    "Reservations[*].Instances[*].[InstanceId,State.Name]",
    "Reservations[*].Instances[*].{ID:InstanceId,State:State.Name}",
    "Reservations[].Instances[].InstanceId",
    "Reservations[*].Instances[*].Tags[?Key=='Name'].Value",
    "Volumes[*].Attachments[*].State",
    "Volumes[*].Attachments[].State",
    "Volumes[*].Attachments[].[InstanceId, State]",
    "Volumes[?AvailabilityZone=='us-west-2a']",
    "Volumes[?VolumeType == 'gp2'].VolumeId",
    "Volumes[?Size > `10`].{Id: VolumeId, Size: Size}",
    "Volumes[?Attachments[?State == 'attached']].VolumeId",
    "Volumes[0:2:1]",
    "Volumes[::2]",
    "Volumes[-1]",
    "Volumes[0]",
    "Volumes[].Tags[?Key == `Name`].Value[]",
    "Images[?starts_with(Name, 'amzn')].ImageId",
    "Images[?contains(Name, `ubuntu`)] | sort_by(@, &CreationDate)[-1].ImageId",
    "sort_by(@, &Name)[0]",
    "sort_by(Volumes, &Size)[-1].VolumeId",
    "max_by(Volumes, &Size).VolumeId",
    "length(@)",
    "length(Reservations)",
    "keys(@)",
    "values(CodeDeliveryDetails)",
    "to_string(CodeDeliveryDetails)",
    "join(', ', Volumes[].VolumeId)",
    "not_null(a, b, `null`)",
    "Users[?UserStatus=='CONFIRMED'].Username",
    "Users[*].Attributes[?Name=='email'].Value | []",
    "Functions[?Runtime=='python3.12'].FunctionName",
    "people[?age > `20`].[name, age]",
    "people[?!(age > `20`)].name",
    "people[?age > `20` && name != 'Bob'].name",
    "people[?age > `20` || name == 'Bob'].name",
    "locations[?state == 'WA'].name | sort(@) | {WashingtonCities: join(', ', @)}",
    "*.Name",
    "*",
    "[*]",
    "[]",
    "@",
    "@.a",
    "`null`",
    "'literal'",
    "\"quoted id\"",
    "a.\"b c\".d",
    "&a",
    "!a",
    "(a)",
    "a || b && c",
    "foo[?bar==`1`].baz[0][1:2]",
    "foo.*.bar",
    "foo[*][0]",
    "foo[][]",
    "map(&a, b)",
    "merge(`{}`)",
]

# Valid expressions with one token removed in turn (deterministic, not random).
ONE_TOKEN_REMOVED_FROM = [
    "Reservations[*].Instances[*].[InstanceId,State.Name]",
    "a[?b == `1`].{x: c[0], y: 'z'}",
    "sort_by(items, &date)[-1].name",
    "foo.bar[1:3].baz | [0]",
    "{\"k\": a.b, l: !c}",
]


def hand_written():
    cases = ["", " ", "  ", "\t", "\n", "\r", "\r\n", " \t\n\r ", "\x0b", "\x0c", "\x00", "\x1b", "\x7f", "\u00a0",
             "\u3000", "\u2028", "\ufeff"]
    cases += [chr(c) for c in range(32, 127)]  # every printable ASCII character alone
    cases += [
        # unbalanced brackets and quotes
        "[", "]", "{", "}", "(", ")", "'", "\"", "`", "[[", "]]", "{{", "((", "''", "\"\"", "``", "```", "'''",
        "\"\"\"", "'a", "\"a", "`a", "a'", "a\"", "a`", "'a\\'", "\"a\\\"", "`a\\`", "\"\\", "'\\", "`\\",
        "a[", "a]", "a{", "a}", "a(", "a)", "a[0", "a[0]]", "a[[0]]", "[a", "[a,", "[a,b", "{a", "{a:", "{a:b",
        "{a:b,", "{a:b,c", "{a:b,c:", "(a", "(a))", "((a)", "()", "(())", "[]]", "[[]", "[[]]",
        # bad literals
        "`{`", "`foo`", "`1 2`", "`\"foo`", "`foo\"`", "`\"a\"b`", "`a\"b`", "`\\x`", "`\"\\x\"`", "`\\u12`",
        "`\"\\u12\"`", "`[1,`", "`[1,]`", "`{\"a\":}`", "`{\"a\" 1}`", "` \"a\"`", "`\"a\" `", "`a\\`b`",
        "`\"a\tb\"`", "`a\tb`", "`a\nb`", "`\"a\nb\"`", "`\\\"`", "`\"\\\"`", "``.a", "`\"\"`", "` `",
        "`NaN`", "`Infinity`", "`-Infinity`", "`1e400`", "`-0`", "`1.0`", "`1E2`", "`1.5e-7`", "`0.1`",
        "`123456789012345678901234567890`", "`123456789012345678901234567890.0`", "`true`", "`false`",
        "`null`", "`[1, \"a\", true, null]`", "`{\"a\": [true, null], \"b\": 1.5}`", "`\"\\u00e9\"`",
        "`\"😀\"`", "`\"\\ud83d\\ude00\"`", "`\"\\ud83d\"`", "`é`", "`😀`", "`[]`", "`{}`", "`\"\"`x",
        # literal, raw-string, quoted and number tokens as the token a message names
        "a.`true`", "a.`false`", "a.`null`", "a.`1.5e-7`", "a.`1E2`", "a.`[1, 2]`", "a.`{\"a\": {\"b\": [null]}}`",
        "a.`\"s\"`", "a.`NaN`", "a.`1e400`", "a.`-Infinity`", "a.`123456789012345678901234567890.0`",
        "a.`foo`", "a.` foo`", "a.`é`", "a.`\"a'b\"`", "a.`\"a\\nb\"`", "`1``2`", "@`1`", "a `{}`",
        "a.'x'", "a.''", "a.'a\\'b'", "a.'a\\\\b'", "a.'é'", "a.'😀'", "a.'a\nb'", "a 'x'", "'a' 'b'",
        "a.1", "a.01", "a.007", "a.-0", "a.-01", "a.99999999999999999999", "a.-99999999999999999999",
        "a[\"b\"]", "a[\"\\u00e9\"]", "a[\"\\ud83d\\ude00\"]", "a[\"😀\"]", "a[\"\\ud83d\"]", "a[\"\\udc00\"]",
        "{a:b}\"\\ud83d\"", "a[\"\\u0000\"]", "a[\"a\\tb\"]", "a[\"\\\"\"]", "a[\"\\/\"]", "a[\"\\\\\"]",
        # = and comparators
        "=", "a = b", "a=b", "a =", "= a", "a==", "==", "==a", "!=", "!=a", "a!=", "<", "<=", ">", ">=", "a <",
        "a <=", "a >", "a >=", "< a", "a < b", "a<b<c", "a == b == c", "a =! b", "a => b", "a =< b", "a === b",
        "a !== b", "a <> b", "a =", "[?a=b]", "[?a = `1`]",
        # or, and, pipe, not, expref
        "||", "&&", "|", "&", "a|", "|a", "a||", "||a", "a&&", "&&a", "a|||b", "a&&&b", "a | | b", "a & b",
        "a&", "&a", "&&&", "&(a)", "&&a", "& &a", "!", "!a", "!!a", "!", "a!", "!(", "!()", "a || !", "!.a",
        "!*", "!@", "!1", "![", "![a]", "!{a:b}", "a | [", "a | {", "a | 1", "a | `1`", "a | 'x'", "a |.b",
        # dots
        ".", "..", "a.", ".a", "a..b", "a.[", "a.{", "a.(", "a.)", "a.]", "a.}", "a.1", "a.*.", "a.*", "a.*.b",
        "a.@", "a.&b", "a.!b", "a.|", "a.||b", "a.,", "a.:", "a.[?b]", "a.[]", "a.[*]", "a.[0]", "a.[0:1]",
        "a.[b]", "a.{b:c}", "a.\"b\"", "a.\"b\"(c)", "a.b(c)", "a..", "a. b", "a .b", "a . b",
        # filters
        "[?", "[?a", "[?a==", "[?a]", "[?]", "[?a]]", "[?a==`1`", "[?a==`1`]", "a[?b==`c`]", "a[?b==`c]",
        "a[?b=='c']", "a[?b==c]", "a[?b==\"c\"]", "a[?b==`\"c\"`]", "a[?b==`c`", "a[?b==", "a[?b", "a[?",
        "a[?b==`1`]b", "a[?b==`1`].", "a[?b==`1`]|", "a[?b==`1`][", "a[?b==`1`][]", "a[?b==`1`][0]",
        "a[?b==`1`].c", "a[?(b]", "a[?b)]", "a[?b.]", "a[?.b]", "a[?@]", "a[?&b]", "a[?b,c]", "a[?b:c]",
        "[?a][?b]", "a[?[?b]]",
        # indexes and slices
        "[0", "[0:", "[::0]", "[1:2:3:4]", "[-]", "[-a]", "-1", "1", "1a", "a1", "[1:2:3]", "[::]", "[:]", "[:::]",
        "[::-1]", "[-1]", "[-0]", "[00]", "[007]", "[1,2]", "[1 2]", "[1:2 3]", "[a:b]", "[1:a]", "[1:`2`]",
        "[1::2", "[1:2:", "[1:2:3", "[:1", "[:", "[0]]", "[0][", "a[-]", "a[--1]", "a[- 1]", "a[1.5]",
        "a[1e3]", "a[+1]", "a[0x1]", "a[*", "a[*]]", "a[*]b", "a[]b", "a[][", "a[]]", "a[*].", "a[*][", "a[*]{",
        "a[*]1", "a[*]'x'", "a[*]`1`", "a[*]@", "a[*]&b", "a[*]!b", "a[*](b)", "a[?b]c", "a[]c", "a[0]b",
        "a[0:1]b", "a[0:1]c.d", "a[*].[b", "*.", "*.*", "*[", "*b", "**", "*[0]", "*1", "a[b]", "a[b,c]",
        "a['b']", "a[`1`]", "a[@]", "a[&b]", "a[!b]", "a[{b:c}]", "a[(b)]", "a[[0]]",
        "0", "00", "-0", "01", "-01", "0.5", "1e3", "-", "--1", "- 1", "-a", "a-b", "a -1", "a - 1", "1 2",
        "99999999999999999999", "a[99999999999999999999]", "a[-99999999999999999999]",
        # multiselect hashes and lists
        "{a}", "{a:}", "{:b}", "{a:b,}", "{a:b c:d}", "{\"a\":b}", "{'a':b}", "{1:b}", "{`a`:b}", "{*:b}",
        "{a:b,,c:d}", "{a:b;c:d}", "{a b}", "{a:b:c}", "{}", "{,}", "{a:b}}", "{{a:b}}", "{a.b:c}", "{a:b}.c",
        "{a:b}[0]", "{a:{b:c}}", "{a:{b:}}", "{\"\\u00e9\":b}", "{\"\\x\":b}", "{\"a\" :b}", "{a:b,\"c\"}",
        "[a,]", "[,a]", "[a,,b]", "[a b]", "[a,b]]", "[a,b}", "{a:b]", "[a:b]", "[a,b].c", "[a,b][0]",
        # functions
        "foo(", "foo(a,", "foo(,)", "foo(a", "foo(a,b", "foo()", "foo(a)", "foo(a,b)", "foo(a b)", "foo(a,,b)",
        "foo(,a)", "foo)", "foo((a)", "foo(a))", "\"foo\"(a)", "'foo'(a)", "`foo`(a)", "1(a)", "@(a)", "*(a)",
        "a.b(c)", "a.\"b\"(c)", "a[0](b)", "a[*](b)", "a[](b)", "(a)(b)", "{a:b}(c)", "[a](b)", "!a(b)",
        "&a(b)", "a|b(c)", "a.\"😀\"(b)", "foo(&)", "foo(&a, b)", "foo(&a.b)", "foo(a)(b)", "foo(a).b",
        "foo(a)[0]", "foo bar", "foo(\"a\")", "length(@", "length(@))", "sort_by(@, &Name", "sort_by(@, Name)",
        "unknown_fn(a)", "length()", "length(a, b)",
        # current node and stray characters
        "@", "@.a", "a@", "@@", "@a", "@[0]", "@.@", "@ .a", "$", "a$b", "$a", "a$", "#", "a#b", "%", "a % b",
        "^", "~", "a~b", "\\", "a\\b", "a/b", "a+b", "a;b", "a?b", "?", "a?", "a??", "[??]", "[?a?]",
        # whitespace and non-ASCII
        "a\tb", "a\nb", "a\r\nb", "\ta", "a\t", "\na", "a\n", "a\t.\tb", "a\n.\nb", "a .\t", "a.\n", "a.\t",
        "\t[", "\n{", "a\x0bb", "a\x0cb", "a\u00a0b", "a\u3000b", "a\u2028b", "\ufeffa", "a\x00b",
        "é", "aé", "éa", "a.é", "a.bé", "😀", "a😀", "a.😀", "😀.a", "日本", "a.日本", "\"é\"", "\"😀\"",
        "\"日本\"", "\"é\".a", "\"😀\".a.", "\"😀\"\"😀\".", "'😀' ||", "'😀'.", "`\"😀\"`.", "\"😀😀\" [",
        "\"😀\"(a)", "a[?b=='😀'", "{😀:a}", "{\"😀\":a", "\"a\tb\"", "\"a\nb\"", "\"a\x00b\"", "'a\tb'",
        "'a\nb'", "\"\t\"", "\"\\t\"", "'é", "\"é", "`é",
        # escapes in quoted identifiers and raw strings
        "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\\ud83d\"", "\"\\x\"", "\"\\u12\"",
        "\"\\u12\"x", "\"\\u\"", "\"\\uZZZZ\"", "\"\\u00G0\"", "\"\\U0001F600\"", "\"\\a\"", "\"\\'\"",
        "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\\\\"", "\"\\\\\\\"", "\"\\\"\"", "\"a\\\"b\"", "\"\\\n\"",
        "\"\\ \"", "\"\\é\"", "\"\\😀\"", "a.\"\\x\"", "a.\"\\u12\"", "{\"\\u12\":a}", "[\"\\q\"]",
        "'a\\'b'", "'a\\\\'", "'a\\\\'b'", "'\\''", "'\\'", "'a\\b'", "'\\u00e9'", "'''", "'a''b'",
        "a.'b'.c", "'a'.b", "'a'[0]", "'a' | b",
        # long identifiers and long expressions
        "a" * 300, "a" * 300 + ".", "a" * 300 + "[", "\"" + "é" * 200 + "\".", "😀" * 50, "a." * 100,
        ".".join(["a"] * 100), "a" + "[0]" * 50 + "[", "(" * 50 + "a" + ")" * 49, "[" * 30 + "a" + "]" * 31,
        "{a:" * 20 + "b" + "}" * 19, "foo(" * 30 + "a" + ")" * 29, "a" + " " * 100 + "b",
        # integer literal longer than Python's int() accepts
        "a[" + "1" * 4301 + "]", "a." + "1" * 5000,
    ]
    return cases + USER_GUIDE


def units(expression):
    return UNIT.findall(expression)


def one_token_removed(expression):
    parts = units(expression)
    return ["".join(parts[:i] + parts[i + 1:]) for i in range(len(parts))]


NAMES = ["a", "b", "foo", "bar", "Name", "State", "InstanceId", "Tags", "Key", "Value", "_x", "x1", "Reservations",
         "Instances", "CodeDeliveryDetails", "Destination", "AttributeName", "DeliveryMedium"]
QUOTED = ["a b", "é", "😀", "with.dot", "Key", "", "\\u00e9", "\\\"", "\\\\", "\\n", "日本", "1"]
LITERALS = ["1", "\"x\"", "true", "false", "null", "[1,2]", "{\"a\":1}", "-0.5", "foo", "\"é\"", "2.0", "0"]
RAWS = ["x", "it\\'s", "", "é", "CONFIRMED", "a b"]
FUNCTIONS = ["length", "sort_by", "max_by", "contains", "starts_with", "keys", "values", "to_string", "join", "map",
             "abs", "not_null", "reverse", "type", "sort", "to_number", "min_by", "merge"]


def sp(rng):
    return rng.choice(["", "", "", " ", " ", "  ", "\t", "\n"])


def random_valid(rng, depth=0):
    """A random expression in JMESPath's grammar (usually valid)."""
    atoms = ["field", "field", "field", "quoted", "current", "literal", "raw", "star"]
    compound = ["sub", "sub", "sub", "index", "slice", "proj", "flatten", "filter", "list", "hash", "func", "or",
                "and", "pipe", "not", "paren", "cmp", "valproj"]
    kind = rng.choice(atoms + (compound * 2 if depth < 3 else []))
    if kind == "field":
        return rng.choice(NAMES)
    if kind == "quoted":
        return '"' + rng.choice(QUOTED) + '"'
    if kind == "current":
        return "@"
    if kind == "literal":
        return "`" + rng.choice(LITERALS) + "`"
    if kind == "raw":
        return "'" + rng.choice(RAWS) + "'"
    if kind == "star":
        return "*"
    d = depth + 1
    if kind == "sub":
        return random_valid(rng, d) + "." + dot_rhs(rng, d)
    if kind == "index":
        return random_valid(rng, d) + "[" + sp(rng) + rng.choice(["0", "-1", "1", "10", "00"]) + sp(rng) + "]"
    if kind == "slice":
        return random_valid(rng, d) + "[" + rng.choice([":", "1:", "::2", ":-1", "1:3:1", "::-1", "0:1", "-2:"]) + "]"
    if kind == "proj":
        return random_valid(rng, d) + "[*]" + rng.choice(["", "." + rng.choice(NAMES), "[0]", "[]"])
    if kind == "flatten":
        return random_valid(rng, d) + "[]" + rng.choice(["", "." + rng.choice(NAMES)])
    if kind == "filter":
        return random_valid(rng, d) + "[?" + sp(rng) + condition(rng, d) + sp(rng) + "]"
    if kind == "list":
        return "[" + ("," + sp(rng)).join(random_valid(rng, d) for _ in range(rng.randint(1, 3))) + "]"
    if kind == "hash":
        return hash_body(rng, d)
    if kind == "func":
        return function_call(rng, d)
    if kind in ("or", "and", "pipe"):
        op = {"or": "||", "and": "&&", "pipe": "|"}[kind]
        return random_valid(rng, d) + sp(rng) + op + sp(rng) + random_valid(rng, d)
    if kind == "not":
        return "!" + sp(rng) + random_valid(rng, d)
    if kind == "paren":
        return "(" + random_valid(rng, d) + ")"
    if kind == "cmp":
        return condition(rng, d)
    return random_valid(rng, d) + ".*"


def dot_rhs(rng, depth):
    kind = rng.choice(["field", "field", "field", "quoted", "star", "list", "hash", "func"])
    if kind == "field":
        return rng.choice(NAMES)
    if kind == "quoted":
        return '"' + rng.choice(QUOTED) + '"'
    if kind == "star":
        return "*"
    if kind == "list":
        return "[" + ", ".join(random_valid(rng, depth + 1) for _ in range(rng.randint(1, 3))) + "]"
    if kind == "hash":
        return hash_body(rng, depth + 1)
    return function_call(rng, depth + 1)


def hash_body(rng, depth):
    keys = [rng.choice(NAMES + ['"k y"', '"é"', '"😀"']) for _ in range(rng.randint(1, 3))]
    return "{" + ("," + sp(rng)).join(k + ":" + sp(rng) + random_valid(rng, depth + 1) for k in keys) + "}"


def function_call(rng, depth):
    args = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        args.append(("&" if rng.random() < 0.25 else "") + random_valid(rng, depth + 1))
    return rng.choice(FUNCTIONS) + "(" + ("," + sp(rng)).join(args) + ")"


def condition(rng, depth):
    left = random_valid(rng, depth + 1)
    if rng.random() < 0.3:
        return left
    op = rng.choice(["==", "!=", "<", "<=", ">", ">="])
    return left + sp(rng) + op + sp(rng) + random_valid(rng, depth + 1)


def mutate(rng, expression):
    """The expression with one character or one token deleted, duplicated, inserted, swapped or replaced."""
    by_char = rng.random() < 0.5
    parts = list(expression) if by_char else units(expression)
    if not parts:
        return rng.choice(TOKENS)
    pool = CHARS if by_char else TOKENS
    action = rng.choice(["delete", "delete", "duplicate", "insert", "insert", "swap", "replace"])
    i = rng.randrange(len(parts))
    if action == "delete":
        del parts[i]
    elif action == "duplicate":
        parts.insert(i, parts[i])
    elif action == "insert":
        parts.insert(rng.randint(0, len(parts)), rng.choice(pool))
    elif action == "swap" and len(parts) > 1:
        j = i + 1 if i + 1 < len(parts) else i - 1
        parts[i], parts[j] = parts[j], parts[i]
    else:
        parts[i] = rng.choice(pool)
    return "".join(parts)


BAD_ESCAPES = ["\\x", "\\u12", "\\uZZZZ", "\\q", "\\ ", "\t", "\n", "\x01", "\\\n", "\\u00e"]
BAD_LITERALS = ["`\"x`", "`a\"b`", "`\"\\q\"`", "`\\u12`", "`[\"a\" \"b\"]`", "`{\"a\": \"\\x\"}`", "`\"a\tb\"`",
                "`a\tb`", "`\"`"]


def break_valid(rng, expression):
    """The expression broken in a way aimed at one of the rarer refusals."""
    action = rng.choice(["truncate", "truncate", "call", "quoted_call", "bad_escape", "bad_literal", "unbalance"])
    if action == "truncate":
        return expression[:rng.randrange(len(expression))] if expression else "("
    if action == "call":
        return expression + "(" + random_valid(rng, 2) + ")"
    if action == "quoted_call":
        named = re.sub(r"\b([a-z_]+)\(", lambda m: '"' + m.group(1) + '"(', expression, count=1)
        if named != expression:
            return named
        return rng.choice(["", "a.", "@ | "]) + '"' + rng.choice(FUNCTIONS) + '"(' + expression + ")"
    if action == "bad_escape":
        escape = rng.choice(BAD_ESCAPES)
        quotes = [i for i, c in enumerate(expression) if c == '"']
        if quotes:
            i = rng.choice(quotes) + 1
            return expression[:i] + escape + expression[i:]
        return expression + '."' + rng.choice(["", "a", "é"]) + escape + '"'
    if action == "bad_literal":
        i = rng.randint(0, len(expression))
        return expression[:i] + rng.choice(BAD_LITERALS) + expression[i:]
    opener = rng.choice(["(", "[", "{", "[?", "foo(", "{a:"])
    return opener + expression if rng.random() < 0.5 else expression + opener


def token_soup(rng):
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 10)))


def reason_for(expression):
    """(reason, crash, jmespath exception): the reason after the AWS CLI's prefix, None when it compiles."""
    try:
        globalargs._resolve_query(expression)
        return None, None, None
    except ParamValidationError as error:
        text = str(error)
        prefix = "Bad value for --query " + expression + ": "
        assert text.startswith(prefix), (expression, text)
        return text[len(prefix):], None, error.__context__
    except Exception as error:  # noqa: BLE001 - anything else is recorded, not raised
        return None, repr(error), error


def shape_of(reason, cause):
    """(shape, token type): the reason with the expression, positions and token values masked, and the
    type of the token a parse error names ("" for other errors)."""
    name = type(cause).__name__
    if name == "EmptyExpressionError":
        return reason, ""
    if name == "IncompleteExpressionError":
        return 'Invalid jmespath expression: Incomplete expression:\\n"<expr>"\\n<caret>', ""
    if name == "LexerError":
        message = cause.message
        if message.startswith("Bad token "):
            message = "Bad token <lexeme>"
        elif message.startswith("Unknown token ") and message not in ("Unknown token '='", "Unknown token '-'"):
            message = "Unknown token <char>"
        return "Bad jmespath expression: %s:\\n<expr>\\n<caret>" % message, ""
    if isinstance(cause, jmespath.exceptions.ParseError):
        msg = cause.msg
        if msg.startswith("Unexpected token: "):
            msg = "Unexpected token: <value>"
        elif msg.startswith("Invalid function name "):
            msg = "Invalid function name '<value>'"
        elif msg.startswith("Expecting: "):
            msg = msg[:msg.rindex(", got: ")] + ", got: <type>"
        return msg + ': Parse error at column <n>, token "<value>" (<TYPE>), for expression:\\n"<expr>"\\n<caret>', \
            cause.token_type
    return "%s: %s" % (name, re.sub(r"[0-9]+", "<n>", str(cause))), ""


def escape_surrogates(text):
    """The JSON text with lone surrogates (which UTF-8 cannot hold) written as escapes."""
    return re.sub("[\ud800-\udfff]", lambda m: "\\u%04x" % ord(m.group()), text)


def main():
    rng = random.Random(SEED)
    inputs = []
    seen = set()

    def add(expression):
        if expression not in seen:
            seen.add(expression)
            inputs.append(expression)

    for expression in hand_written():
        add(expression)
    for expression in ONE_TOKEN_REMOVED_FROM:
        for variant in one_token_removed(expression):
            add(variant)
    hand_count = len(inputs)
    valid_pool = [e for e in inputs if reason_for(e)[:2] == (None, None)]
    while len(inputs) < TOTAL:
        roll = rng.random()
        base = rng.choice(valid_pool) if rng.random() < 0.3 else random_valid(rng)
        if roll < 0.02:
            expression = base
        elif roll < 0.62:
            expression = base
            for _ in range(rng.choice([1, 1, 1, 2])):
                expression = mutate(rng, expression)
        elif roll < 0.82:
            expression = break_valid(rng, base)
        else:
            expression = token_soup(rng)
        if len(expression) <= 200:
            add(expression)

    cases = []
    shapes = Counter()
    token_types = {}
    examples = {}
    crashes = []
    for expression in inputs:
        reason, crash, cause = reason_for(expression)
        if crash is not None:
            cases.append({"expression": expression, "crash": crash})
            crashes.append((expression, crash))
            continue
        cases.append({"expression": expression, "reason": reason})
        if reason is not None:
            shape, token_type = shape_of(reason, cause)
            shapes[shape] += 1
            token_types.setdefault(shape, Counter())[token_type] += 1
            examples.setdefault(shape, (expression, reason))

    corpus = {"awsCliVersion": awscli.__version__, "jmespathVersion": jmespath.__version__, "seed": SEED,
              "cases": cases}
    # A quoted name such as "\ud83d" decodes to a lone surrogate, which a reason can name.
    text = escape_surrogates(json.dumps(corpus, ensure_ascii=False, indent=1))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "query-error-corpus.json")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text + "\n")

    valid = sum(1 for c in cases if c.get("reason", "") is None)
    print(f"{len(cases)} expressions ({hand_count} written by hand or with one token removed), {valid} valid, "
          f"{len(cases) - valid - len(crashes)} refused, {len(crashes)} crashes")
    for shape, count in sorted(shapes.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:6d}  {shape}")
        types = sorted(token_types[shape].items(), key=lambda item: (-item[1], item[0]))
        if types != [("", count)]:
            print("        token types: " + ", ".join(f"{t} {n}" for t, n in types))
    if "--examples" in sys.argv:
        for shape in sorted(examples):
            expression, reason = examples[shape]
            print(escape_surrogates(json.dumps({"shape": shape, "expression": expression, "reason": reason},
                                               ensure_ascii=False)))
    for expression, crash in crashes:
        print("crash:", escape_surrogates(json.dumps(expression, ensure_ascii=False)), crash)


if __name__ == "__main__":
    main()
