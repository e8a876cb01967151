// The help page (--help, -h, help), drawn from schemas/: the operation's
// description, a synopsis, every parameter with its type and documentation and,
// for structures and maps, their members and shorthand and JSON syntax; the
// options beyond the AWS CLI; the global options; the environment; examples;
// the output members; the exit codes. Wrapped to the terminal's width.
import { PROGRAM } from "../common";
import {
  type OptionSpec,
  flagFor,
  loadSchema,
  mapValue,
  members,
  optionFlags,
  optionsIn,
  shapeKind,
  type SchemaNode,
} from "../input";

/** Words of `text` filled into lines of at most `width` columns, each starting with `indent`. */
export function wrap(text: string, indent: number, width: number): string[] {
  const room = Math.max(20, width - indent);
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter((w) => w !== "")) {
      if (line !== "" && line.length + 1 + word.length > room) {
        lines.push(line);
        line = word;
      } else {
        line = line === "" ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines.map((line) => (line === "" ? "" : " ".repeat(indent) + line));
}

const kindName = (node: SchemaNode): string => shapeKind(node);

/** A member's shorthand example: `Key=string,Key2=string`. */
function shorthand(node: SchemaNode): string {
  if (shapeKind(node) === "map") return "KeyName1=string,KeyName2=string";
  return members(node)
    .map(([name]) => `${name}=string`)
    .join(",");
}

function jsonSyntax(node: SchemaNode): string[] {
  if (shapeKind(node) === "map") return ['{"string": "string"', "  ...}"];
  const entries = members(node).map(([name], i, all) => `  "${name}": "string"${i < all.length - 1 ? "," : ""}`);
  return ["{", ...entries, "}"];
}

function memberDocs(node: SchemaNode, indent: number, width: number): string[] {
  const out: string[] = [];
  if (shapeKind(node) === "map") {
    out.push(`${" ".repeat(indent)}key -> (string)`, `${" ".repeat(indent)}value -> (${kindName(mapValue(node))})`);
    return out;
  }
  for (const [name, child] of members(node)) {
    out.push(`${" ".repeat(indent)}${name} -> (${kindName(child)})`);
    out.push(...wrap(child.description ?? "", indent + 3, width));
    if (shapeKind(child) !== "string") out.push(...memberDocs(child, indent + 3, width));
  }
  return out;
}

function section(title: string, body: string[]): string[] {
  const end = body.length - [...body].reverse().findIndex((line) => line !== "");
  return [title, ...body.slice(0, end), ""];
}

/** A command line, continued with a backslash onto further lines where it is wider than `width`. */
function command(text: string, width: number): string[] {
  // A flag stays on the line of its value.
  const words = text.split(" ").reduce<string[]>((out, word) => {
    const last = out[out.length - 1];
    if (last?.startsWith("-") && !last.includes(" ") && !word.startsWith("-")) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
    return out;
  }, []);
  const lines: string[] = [];
  let line = `         ${words.shift()}`;
  for (const word of words) {
    if (line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `             ${word}`;
    } else {
      line = `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** The options of a list as `--flag <value>` and their help. */
function optionList(options: Array<OptionSpec | [string, string]>, width: number): string[] {
  const out: string[] = [];
  for (const option of options) {
    const [flags, help] = Array.isArray(option) ? option : [optionFlags(option), option.help];
    out.push(`       ${flags}`);
    out.push(...wrap(help, 10, width), "");
  }
  return out;
}

/** `[--flag <value>]`, as the synopsis shows an option that may be left out. */
const bracketed = (option: OptionSpec): string => `[${optionFlags(option)}${option.repeatable ? " ..." : ""}]`;

/**
 * The command, then one option (or one choice of options) a line, every line
 * at the same indent: the shape of the AWS CLI's synopsis.
 */
function synopsis(): string[] {
  const input = loadSchema("input");
  const required = new Set(input.required ?? []);
  // --usernames-file and --all-unconfirmed are given as the choice beside --username.
  const choice = new Set(["--help", "--usernames-file", "--all-unconfirmed"]);
  const lines = [
    PROGRAM,
    ...members(input).map(([name]) => (required.has(name) ? `${flagFor(name)} <value>` : `[${flagFor(name)} <value>]`)),
    "[--cli-input-json <value> | --cli-input-yaml <value>]",
    "[--generate-cli-skeleton <value>]",
    ...optionsIn("own")
      .filter((option) => !choice.has(option.name))
      .map(bracketed),
    "[--usernames-file <path> | --user-pool-id <id> --all-unconfirmed]",
    ...optionsIn("bulk").map(bracketed),
    "[global options]",
  ];
  return section(
    "SYNOPSIS",
    lines.map((line, i) => `${i === 0 ? "         " : "       "}${line}`),
  );
}

function parameters(width: number): string[] {
  const input = loadSchema("input");
  const required = new Set(input.required ?? []);
  const options: string[] = [];
  for (const [name, node] of members(input)) {
    const flag = flagFor(name);
    options.push(`       ${flag} (${kindName(node)})${required.has(name) ? " [required]" : ""}`);
    options.push(...wrap(node.description ?? "", 10, width));
    if (name === "Username")
      options.push(...wrap("Required unless --usernames-file or --all-unconfirmed is given.", 10, width));
    if (shapeKind(node) !== "string") {
      options.push(...memberDocs(node, 10, width));
      options.push(
        "",
        "          Shorthand Syntax:",
        "",
        `            ${shorthand(node)}`,
        "",
        "          JSON Syntax:",
        "",
        ...jsonSyntax(node).map((l) => `            ${l}`),
      );
    }
    options.push("");
  }
  options.push(...optionList(optionsIn("command"), width));
  return section("OPTIONS", options);
}

function optionSections(width: number): string[] {
  const own = optionsIn("own", "bulk").filter((option) => option.name !== "--help");
  return [
    ...section("OPTIONS BEYOND THE AWS CLI", optionList(own, width)),
    ...section(
      "GLOBAL OPTIONS",
      optionList(
        [...optionsIn("global"), ["-h, --help, help", "Show this page (through the pager on a terminal)."]],
        width,
      ),
    ),
  ];
}

/** NAME and DESCRIPTION, from the model. */
function about(width: number): string[] {
  const input = loadSchema("input");
  const operation = input["x-aws-operation"];
  const summary = (operation?.description ?? input.description ?? "").split(/(?<=\.)\s/)[0];
  return [
    ...section("NAME", wrap(`${PROGRAM} - ${summary}`, 7, width)),
    ...section("DESCRIPTION", [
      ...wrap(operation?.description ?? "", 7, width),
      "",
      ...wrap(
        `It is ${operation?.service ?? "the service"}'s ${operation?.name ?? "operation"}, as "aws cognito-idp resend-confirmation-code" calls it, with the same parameters, input forms, output and exit codes; and it can compute SECRET_HASH from the app client's secret and resend to many users from a file.`,
        7,
        width,
      ),
    ]),
  ];
}

/** SHELL COMPLETION: how to turn it on in each shell. */
function completion(width: number): string[] {
  return section("SHELL COMPLETION", [
    ...wrap(
      `${PROGRAM} completion bash|zsh|fish prints a script that completes this command's options, their choices, profile names and file paths in that shell:`,
      7,
      width,
    ),
    ...[
      ["bash, in ~/.bashrc:", `eval "$(${PROGRAM} completion bash)"`],
      ["zsh, in ~/.zshrc after compinit:", `eval "$(${PROGRAM} completion zsh)"`],
      ["fish:", `${PROGRAM} completion fish > ~/.config/fish/completions/${PROGRAM}.fish`],
    ].flatMap(([where, line]) => ["", ...wrap(where, 7, width), ...command(line, width)]),
  ]);
}

/** ENVIRONMENT: the variables the command reads. */
function environment(width: number): string[] {
  return section("ENVIRONMENT", [
    ...wrap("COGNITO_CLIENT_SECRET: the app client's secret, when --client-secret is not given.", 7, width),
    ...wrap(
      "AWS_PROFILE, AWS_DEFAULT_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: the profile and the files it is read from.",
      7,
      width,
    ),
    ...wrap(
      "AWS_REGION, AWS_DEFAULT_REGION, AWS_DEFAULT_OUTPUT, AWS_PAGER, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE: as the AWS CLI reads them.",
      7,
      width,
    ),
    ...wrap(
      "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: the endpoint.",
      7,
      width,
    ),
    ...wrap("AWS_CLI_AUTO_PROMPT=on|on-partial: prompt for parameters, as --cli-auto-prompt does.", 7, width),
  ]);
}

/** EXAMPLES: a call, a secret, a bulk run carried on, a query. */
function examples(width: number): string[] {
  return section("EXAMPLES", [
    ...wrap("To resend the confirmation code to a user:", 7, width),
    "",
    ...command(`${PROGRAM} --client-id 38fjsnc484p94kpqsnet7mpld0 --username jane@example.com`, width),
    "",
    ...wrap("Output:", 7, width),
    "",
    "         {",
    '             "CodeDeliveryDetails": {',
    '                 "Destination": "j***@e***.com",',
    '                 "DeliveryMedium": "EMAIL",',
    '                 "AttributeName": "email"',
    "             }",
    "         }",
    "",
    ...wrap("For an app client with a secret, give the secret and SECRET_HASH is computed:", 7, width),
    "",
    ...command(
      `${PROGRAM} --client-id 38fjsnc484p94kpqsnet7mpld0 --username jane@example.com --client-secret file://client-secret.txt`,
      width,
    ),
    "",
    ...wrap(
      "To resend to every user in a file, at most 20 a second, and carry on later where the run stopped:",
      7,
      width,
    ),
    "",
    ...command(
      `${PROGRAM} --client-id 38fjsnc484p94kpqsnet7mpld0 --usernames-file users.txt --max-rate 20 > run1.jsonl`,
      width,
    ),
    ...command(
      `${PROGRAM} --client-id 38fjsnc484p94kpqsnet7mpld0 --usernames-file users.txt --resume run1.jsonl > run2.jsonl`,
      width,
    ),
    "",
    ...wrap("To print only where the code went:", 7, width),
    "",
    ...command(
      `${PROGRAM} --client-id 38fjsnc484p94kpqsnet7mpld0 --username jane@example.com --query CodeDeliveryDetails.Destination --output text`,
      width,
    ),
  ]);
}

/** OUTPUT: the response's members, from the model. */
function outputMembers(width: number): string[] {
  const out: string[] = [];
  for (const [name, node] of members(loadSchema("output"))) {
    out.push(`       ${name} -> (${kindName(node)})`);
    out.push(...wrap(node.description ?? "", 10, width));
    if (shapeKind(node) !== "string") out.push(...memberDocs(node, 10, width));
  }
  return section("OUTPUT", out);
}

/** EXIT CODES: what each means. */
function exitCodes(width: number): string[] {
  return section(
    "EXIT CODES",
    [
      "       0    the code was resent, or the skeleton or this page printed; with --usernames-file, no user FAILED or UNKNOWN",
      "       130  interrupted (Ctrl-C; with --usernames-file, also SIGTERM)",
      "       252  usage or parameter validation error: nothing was sent",
      "       253  configuration error (no region)",
      "       254  the service answered with an error; with --usernames-file, some user FAILED, or the run stopped on a failure of the user pool",
      "       255  any other failure: output that cannot be written (a bulk run stops), connection, TLS, unknown profile, config file that does not parse; a request sent with no answer (a read timeout, a connection closed): the code may have been sent, and it is not sent again (with --usernames-file: users UNKNOWN, none FAILED)",
    ].flatMap((line) => {
      const [code, ...rest] = line.trim().split(/\s+/);
      return wrap(rest.join(" "), 12, width).map((l, i) => (i === 0 ? `       ${code.padEnd(5)}${l.trimStart()}` : l));
    }),
  );
}

export function helpPage(width = 80): string {
  const lines = [
    ...about(width),
    ...synopsis(),
    ...parameters(width),
    ...optionSections(width),
    ...completion(width),
    ...environment(width),
    ...examples(width),
    ...outputMembers(width),
    ...exitCodes(width),
  ];
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
