// The command line as the AWS CLI reads it: abbreviations, values that look
// like options, choices, unknown options.
import { isDeepStrictEqual } from "node:util";
import { describe, expect, test } from "vitest";
import { FIRST_PARSER_USAGE, UsageError } from "../src/common";
import { expandAbbreviations, parseArgs, readWithCommander } from "../src/input/args";
import { cases } from "./parity/cases";
import { fuzzCases } from "./parity/fuzz-cases";
import { wideCases } from "./parity/fuzz-wide-cases";

/** The whole message of the argument error `argv` is refused with (undefined: none). */
function messageOf(argv: string[]): string | undefined {
  try {
    parseArgs(argv);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe("abbreviated options", () => {
  test.each([
    [
      ["--client-i", "x"],
      ["--client-id", "x"],
    ],
    [["--user-c=x"], ["--user-context-data=x"]],
    [
      ["--reg", "eu-west-1"],
      ["--region", "eu-west-1"],
    ],
    [
      ["--conc", "8"],
      ["--concurrency", "8"],
    ],
    [["--deb"], ["--debug"]],
    [
      ["--client-s", "x"],
      ["--client-secret", "x"],
    ],
    [
      ["--client-id", "x"],
      ["--client-id", "x"],
    ],
    [
      ["--", "--usern"],
      ["--", "--usern"],
    ],
    // A prefix of one of the AWS CLI's options names it, as there, though it is one of this command's too.
    [
      ["--usern", "x"],
      ["--username", "x"],
    ],
    [
      ["--co", "on"],
      ["--color", "on"],
    ],
    [
      ["--re", "x"],
      ["--region", "x"],
    ],
    [
      ["--user-p", "x"],
      ["--user-pool-id", "x"],
    ],
    [
      ["--usernames", "x"],
      ["--usernames-file", "x"],
    ],
    [["--bogus"], ["--bogus"]],
  ])("%j reads as %j", (typed, expected) => {
    expect(expandAbbreviations(typed).argv).toEqual(expected);
  });

  test.each([
    // The list names the AWS CLI's options alone, as the AWS CLI's does.
    [["--client", "x"], "ambiguous option: --client could match --client-id, --client-metadata"],
    [["--u", "x"], "ambiguous option: --u could match --user-context-data, --username"],
    // Where no option of the AWS CLI's fits, this command's own.
    [["--res", "x"], "ambiguous option: --res could match --resume, --results, --resend-invitations"],
    [
      ["--no", "x"],
      "ambiguous option: --no could match --no-verify-ssl, --no-paginate, --no-sign-request, --no-cli-pager, --no-cli-auto-prompt",
    ],
    // The message names the word as typed, its =value too.
    [
      ["--cli-=x"],
      "ambiguous option: --cli-=x could match --cli-read-timeout, --cli-connect-timeout, --cli-binary-format, --cli-auto-prompt, --cli-error-format",
    ],
    [["--user=x"], "ambiguous option: --user=x could match --user-context-data, --username"],
    // An empty name: the first parser's, before anything else, whatever follows.
    [["--c=x", "--=y"], "ambiguous option: --=y could match --profile, --debug"],
    [["--username", "--="], "ambiguous option: --= could match --profile, --debug"],
    // After "--" only the operation's parser reads it: a prefix of all its options.
    // (As AWS CLI 2.36.7 listed them: test/parity/aws-cli-fixtures.json.)
    [
      ["--", "--=x"],
      "ambiguous option: --=x could match --client-id, --secret-hash, --user-context-data, --username, --analytics-metadata, --client-metadata, --cli-input-json, --cli-input-yaml, --generate-cli-skeleton",
    ],
  ])("%j is ambiguous", (typed, message) => {
    expect(messageOf(typed)).toBe(message);
  });

  test("--=x shows the first parser's synopsis, in the first parser's phase", () => {
    const phases: string[] = [];
    let thrown: unknown;
    try {
      parseArgs(["--client-id", "c", "--=x"], { enter: (phase) => phases.push(phase) });
    } catch (error) {
      thrown = error;
    }
    expect(phases).toEqual(["first"]);
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).synopsis).toBe(FIRST_PARSER_USAGE);
  });
});

describe("values", () => {
  test("a value that looks like an option is no value", () => {
    expect(messageOf(["--username", "--client-id", "x"])).toBe("argument --username: expected one argument");
  });

  test.each([["-"], ["-1"], ["- x"]])("%j is a value", (value) => {
    expect(parseArgs(["--client-id", "c", "--username", value]).parameters.get("--username")).toBe(value);
  });

  test("the last of a repeated option wins", () => {
    expect(parseArgs(["--client-id", "c", "--username", "a", "--username", "b"]).parameters.get("--username")).toBe(
      "b",
    );
  });
});

test("unknown options and stray words are listed, options first", () => {
  expect(messageOf(["--client-id", "x", "--username", "y", "--foo", "bar", "--baz"])).toBe(
    "Unknown options: --foo, --baz, bar",
  );
});

describe("the order of argument errors is the AWS CLI's", () => {
  test.each([
    [
      "a global choice before a missing required flag",
      ["--color", "x"],
      "argument --color: Found invalid choice 'x'\n",
    ],
    [
      "a timeout that is no number before the operation's choices",
      ["--generate-cli-skeleton", "extra", "--cli-read-timeout", "x"],
      "invalid literal for int() with base 10: 'x'",
    ],
    [
      "a missing required flag before unknown options",
      ["--client-id", "x", "--bogus"],
      "the following arguments are required: --username",
    ],
  ])("%s", (_name, argv, error) => {
    expect(messageOf(argv)).toBe(error);
  });

  test("an input skeleton waives the required flags only when asked for in full", () => {
    expect(parseArgs(["--generate-cli-skeleton"]).skeleton).toBe("input");
    expect(messageOf(["--gen"])).toBe("the following arguments are required: --client-id, --username");
    expect(messageOf(["--generate-cli-skeleton=input"])).toBe(
      "the following arguments are required: --client-id, --username",
    );
    expect(messageOf(["--generate-cli-skeleton", "output", "--client-id", "x"])).toBe(
      "the following arguments are required: --username",
    );
  });
});

test.each([["\u0007text"], ["\u001b[31m"], ["a'b"], ["a\\b"], ["\u3000json"], ["on\r\n"], [""]])(
  "an invalid choice %j is shown as typed, between single quotes, as the AWS CLI shows it",
  (value) => {
    expect(messageOf(["--client-id", "c", "--username", "u", "--color", value])).toBe(
      `argument --color: Found invalid choice '${value}'\n`,
    );
  },
);

test("choices are checked", () => {
  expect(messageOf(["--client-id", "c", "--username", "u", "--output", "xml"])).toBe(
    "argument --output: Found invalid choice 'xml'\n",
  );
  expect(parseArgs(["--generate-cli-skeleton"]).skeleton).toBe("input");
  expect(parseArgs(["--generate-cli-skeleton", "yaml-input"]).skeleton).toBe("yaml-input");
});

describe("commander configured with only the options a command line names", () => {
  const read = (argv: string[], wholeTable: boolean) => {
    try {
      return { given: [...readWithCommander(argv, wholeTable)] };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  test("reads every command line of the corpus and both fuzzes as commander configured with the whole table does", () => {
    const expanded = (argv: string[]): string[] | undefined => {
      try {
        return expandAbbreviations(argv).argv;
      } catch {
        return undefined; // an ambiguous global option: refused before commander reads anything
      }
    };
    const lines = [...cases, ...fuzzCases(), ...wideCases()].flatMap((c) => {
      const argv = expanded(c.args);
      return argv ? [argv] : [];
    });
    expect(lines.length).toBeGreaterThan(5000);
    // Compared here and listed, rather than through an expect() each: the test's cost is then the reading alone.
    const differing = lines.flatMap((argv) => {
      const [limited, whole] = [read(argv, false), read(argv, true)];
      return isDeepStrictEqual(limited, whole) ? [] : [{ argv, limited, whole }];
    });
    expect(differing).toEqual([]);
  });
});

describe('"--", read as the AWS CLI\'s parsers read it', () => {
  const both = ["--client-id", "c", "--username", "u"];
  test.each([
    // An option that takes a value never takes "--" as it: each parser says so.
    [["--client-id", "c", "--username", "--", "u"], "argument --username: expected one argument"],
    [[...both, "--output", "--"], "argument --output: expected one argument"],
    [["--profile", "--", ...both], "argument --profile: expected one argument"],
    [["--cli-error-format", "--bogus", ...both, "--"], "argument --cli-error-format: expected one argument"],
    // The global options' parsers stop at the first "--": a global option after it is unknown.
    [[...both, "--", "x", "--region", "r"], "Unknown options: --region, r, x"],
    // A "--" first is dropped with the operation's name: what follows is the operation's, but no global option.
    [["--", ...both, "--region", "r"], "Unknown options: --region, r"],
    [["--", "--", ...both], "the following arguments are required: --client-id, --username"],
    // Otherwise the operation's own words after it are arguments: its positional takes one, listed last.
    [["--client-id", "c", "--", "--username", "u"], "the following arguments are required: --username"],
    [[...both, "--bogus", "x", "--", "y", "--z"], "Unknown options: --bogus, y, --z, x"],
    [[...both, "foo", "help"], "Unknown options: help, foo"],
  ])("%j: %s", (argv, message) => {
    expect(messageOf(argv)).toBe(message);
  });

  test.each([
    [[...both, "--"], "u"],
    [["--region", "r", "--", ...both], "u"],
    [["--", "--client-i", "c", "--usern", "u"], "u"],
  ])("%j is read", (argv, username) => {
    expect(parseArgs(argv).parameters.get("--username")).toBe(username);
  });

  test("the word help asks for the help page, whatever follows it", () => {
    expect(parseArgs([...both, "help", "foo"]).help).toBe(true);
  });
});
