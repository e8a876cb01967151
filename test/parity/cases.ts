// The cases recorded from AWS CLI v2 (`aws cognito-idp resend-confirmation-code`)
// into aws-cli-fixtures.json by record.ts, and replayed against our command by
// parity.test.ts. Each case runs in an empty folder holding `files`, with HOME
// there, no AWS credentials, and, unless `endpoint` or `region` say otherwise,
// `--endpoint-url <local endpoint> --region us-east-1` after `args`.
//
//   oursArgs   what our command is given instead of args (same request expected)
//   faults     [count, kind] answers the local endpoint gives first
//   answers    [count, answer] answers scripted whole (status, headers, body), after faults
//   args       an unpaired U+DC80..U+DCFF in an argument is a byte that is not
//              UTF-8 (Python's surrogateescape): see argvBytes in run-case.ts
//   env        extra environment variables
//   stderr     "exact" (default): the same bytes, with usage banners set aside;
//              "ignore": not compared (debug logs)
//   hint       a line ours adds after the AWS CLI's error, saying how to put it
//              right: stderr is then the AWS CLI's bytes and this line
//   differs    a deliberate difference: { why, exitCode?, stderr?, requests? }
//              give what ours does instead of what the fixture recorded
import {
  CLIENT_SECRET,
  CLIENT_WITH_SECRET,
  CLIENT_WITHOUT_SECRET,
  type Fault,
  type ScriptedAnswer,
  secretHash,
} from "../support/local-cognito";
import { UNKNOWN_HINT } from "../../src/call/failures";

/** A deliberate difference from the AWS CLI: what ours does instead, and why. */
export interface Differs {
  why: string;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  requests?: unknown[];
}

export interface Case {
  name: string;
  args: string[];
  oursArgs?: string[];
  /** An undefined value takes the variable out of the environment. */
  env?: Record<string, string | undefined>;
  oursEnv?: Record<string, string | undefined>;
  files?: Record<string, string>;
  /** Names among `files` whose content is base64 of the bytes to write. */
  binary?: string[];
  /** "tls-to-http": an https URL for the stand-in's plain-HTTP port. */
  endpoint?: false | "https" | "closed" | "unresolvable" | "tls-to-http";
  region?: false;
  faults?: Array<[number, Fault]>;
  /** [count, answer] answers scripted whole, given after `faults`. */
  answers?: Array<[number, ScriptedAnswer]>;
  stderr?: "exact" | "ignore";
  hint?: string;
  differs?: Differs;
}

/** The line ours adds after an error that a region is missing (HOME/config: the case's folder). */
const REGION_HINT =
  "Give one with --region (--region eu-west-1, say), the AWS_REGION environment variable, or `region = ...` in the profile's section of HOME/config.";
/** The line ours adds after the service's error for a secret not given. */
const SECRET_HINT =
  "This app client has a secret: give it with --client-secret (or the COGNITO_CLIENT_SECRET environment variable) and SECRET_HASH is computed for you.";

const C = CLIENT_WITHOUT_SECRET;
const base = ["--client-id", C, "--username", "jane"];
/** A request for --cli-input-json/yaml files in other encodings: a name with a character beyond ASCII. */
const JSON_DOC = `{"ClientId": "${C}", "Username": "jane", "ClientMetadata": {"a": "\u00e9"}}`;
const YAML_DOC = `ClientId: ${C}\nUsername: jane\nClientMetadata: {a: "\u00e9"}\n`;

/** `text` as base64 of its bytes in a UTF encoding, with its byte-order mark or without (for `binary` files). */
export function encodedText(
  text: string,
  encoding: "utf8" | "utf16le" | "utf16be" | "utf32le" | "utf32be",
  mark: boolean,
): string {
  const full = mark ? `\ufeff${text}` : text;
  if (encoding === "utf8") return Buffer.from(full, "utf8").toString("base64");
  const size = encoding.startsWith("utf16") ? 2 : 4;
  const units =
    size === 2
      ? Array.from({ length: full.length }, (_, i) => full.charCodeAt(i))
      : Array.from(full, (ch) => ch.codePointAt(0) ?? 0);
  const bytes = Buffer.alloc(units.length * size);
  units.forEach((unit, i) => {
    if (encoding === "utf16le") bytes.writeUInt16LE(unit, i * 2);
    else if (encoding === "utf16be") bytes.writeUInt16BE(unit, i * 2);
    else if (encoding === "utf32le") bytes.writeUInt32LE(unit, i * 4);
    else bytes.writeUInt32BE(unit, i * 4);
  });
  return bytes.toString("base64");
}
const meta = (value: string): string[] => [...base, "--client-metadata", value];

export const cases: Case[] = [
  // 1. Parameters
  { name: "minimal call", args: base },
  {
    name: "every parameter",
    args: [
      "--client-id",
      C,
      "--username",
      "jane",
      "--user-context-data",
      "IpAddress=192.0.2.1,EncodedData=abc",
      "--analytics-metadata",
      "AnalyticsEndpointId=ep-1",
      "--client-metadata",
      "source=cli,campaign=spring",
    ],
  },
  {
    name: "user context data as JSON",
    args: [...base, "--user-context-data", '{"EncodedData": "xyz", "IpAddress": "2001:db8::1"}'],
  },
  { name: "analytics metadata as JSON", args: [...base, "--analytics-metadata", '{"AnalyticsEndpointId": "ep-2"}'] },
  { name: "client metadata as JSON", args: meta('{"a": "1", "b": "two words"}') },
  { name: "flags with = form", args: [`--client-id=${C}`, "--username=jane"] },
  { name: "repeated flag keeps the last", args: ["--client-id", C, "--username", "nobody", "--username", "jane"] },
  { name: "username with non-ASCII", args: ["--client-id", C, "--username", "zoë"] },

  // 2. Shorthand
  { name: "shorthand trims whitespace and keeps empty values", args: meta("a=1,b= x y ,c=") },
  { name: "shorthand quoted values hold commas and =", args: meta(`a="x,y=z",b='q,r'`) },
  { name: "shorthand escaped comma", args: meta("a=x\\,y") },
  { name: "shorthand backslashes stay", args: meta("a=x\\\\y") },
  { name: "shorthand = inside a bare value", args: meta("a=x=y") },
  { name: "shorthand space after comma", args: meta("a=x, b=2") },
  { name: "shorthand double comma", args: meta("a=1,,b=2") },
  { name: "shorthand empty key", args: meta("=1") },
  { name: "shorthand key characters", args: meta("k-_.#/:=v") },
  { name: "shorthand quoted escapes", args: meta(`a="x\\"y",b='x\\'y',c="x\\\\y"`) },
  { name: "shorthand non-ASCII value", args: meta("a=é") },
  { name: "shorthand list is refused for a string", args: meta("a=1,2") },
  { name: "shorthand list with later keys", args: meta("a=1 , 2 ,b=3") },
  { name: "shorthand quoted list item", args: meta('a=1,"b=2"') },
  { name: "shorthand explicit list", args: meta('a=[x,"y,z"]') },
  { name: "shorthand empty explicit list", args: meta("a=[ ]") },
  { name: "shorthand explicit list trailing comma", args: meta("a=[x,]") },
  { name: "shorthand nested structure", args: meta("a={k=v}") },
  { name: "shorthand nested structure repeated key", args: meta("a={k=v,k=w}") },
  { name: "shorthand nested list in structure", args: meta("a={k=[1,2]}") },
  { name: "shorthand structure for user context data", args: [...base, "--user-context-data", "IpAddress=[1,2]"] },
  { name: "shorthand repeated key", args: meta("a=1,b=2,a=3") },
  { name: "shorthand missing =", args: meta("a") },
  { name: "shorthand space in key", args: meta("a b=1") },
  { name: "shorthand leading space", args: meta(" a = 1 ") },
  { name: "shorthand non-ASCII key", args: meta("é=1") },
  { name: "shorthand trailing comma", args: meta("a=1,") },
  { name: "shorthand empty then comma", args: meta("a=,") },
  { name: "shorthand double comma at end", args: meta("a=1,,") },
  { name: "shorthand unterminated double quote", args: meta('a="open') },
  { name: "shorthand unterminated single quote", args: meta("a='open") },
  { name: "shorthand text after quote", args: meta("a='x'y") },
  { name: "shorthand quote inside bare value", args: meta('a=q"x') },
  { name: "shorthand unclosed list", args: meta("a=[1,2") },
  { name: "shorthand unclosed structure", args: meta("a={k=v") },
  { name: "shorthand list in structure without key", args: meta("a={k=1,2}") },
  { name: "shorthand stray bracket", args: meta("a=x]") },
  { name: "shorthand later key without =", args: meta("a=1,b c=2") },
  { name: "JSON with leading space", args: meta(' {"a": "1"}') },
  { name: "invalid JSON property name", args: meta("{x") },
  { name: "invalid JSON value", args: meta('{"a": }') },
  { name: "invalid JSON trailing comma", args: meta('{"a": "1",}') },
  { name: "invalid JSON extra data", args: meta('{"a": "1"} x') },
  { name: "invalid JSON unterminated string", args: meta('{"a": "1}') },
  { name: "invalid JSON missing colon", args: meta('{"a" "1"}') },
  { name: "invalid JSON on two lines", args: meta('{"a": "1",\n "b" 2}') },
  { name: "JSON list for a map", args: meta('["a"]') },
  { name: "JSON floats refused for strings", args: meta('{"a": 1.0, "b": [2.5e20, {"c": 1e-5}]}') },
  {
    name: "JSON types refused for strings",
    args: [
      ...base,
      "--user-context-data",
      '{"IpAddress": 5, "Foo": 1}',
      "--client-metadata",
      '{"a": null, "b": [1], "c": true, "d": 1.5, "e": {"f": "g"}}',
    ],
  },

  // Characters beyond U+FFFF: named whole, the caret counted in characters
  { name: "shorthand: a character beyond U+FFFF where = is expected", args: meta("a\u{1F600}b=1") },
  { name: "shorthand: the caret after characters beyond U+FFFF", args: meta("\u{1F600}\u{1F600}=1,b") },
  { name: "shorthand: a value beyond U+FFFF", args: meta("a=\u{1F600}x,b='\u{1F600}'") },
  {
    name: "shorthand: a key repeated after characters beyond U+FFFF",
    args: meta("a=\u{1F600}\u{1F600},a=1"),
  },
  // Values from files: key@=file://PATH
  {
    name: "shorthand @= reads the value from a file",
    args: meta("a@=file://x.txt,b=2"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= with a plain value keeps it",
    args: meta("a@=plain"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= with a missing file",
    args: meta("a@=file://missing.txt"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= with fileb",
    args: meta("a@=fileb://x.txt"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= quoted",
    args: meta('a@="file://x.txt"'),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= with spaces",
    args: meta("a @= file://x.txt"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= reads each value of a list",
    args: meta("a@=[file://x.txt,file://x.txt]"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= keeps a structure as it is",
    args: meta("a@={b=file://x.txt}"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= in a nested structure",
    args: meta("a={b@=file://x.txt}"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @ without =",
    args: meta("a@b=1"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @@=",
    args: meta("a@@=file://x.txt"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @ at the end",
    args: meta("a@"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= then the same key",
    args: meta("a@=file://x.txt,a=1"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  {
    name: "shorthand @= file with a comma and =",
    args: meta("a@=file://y.txt,b=2"),
    files: { "x.txt": "hello\n", "y.txt": "a,b=c" },
  },
  // 3. Paramfiles
  { name: "paramfile JSON", files: { "meta.json": '{"a": "from file"}' }, args: meta("file://meta.json") },
  { name: "paramfile shorthand", files: { "meta.txt": "a=1,b=2" }, args: meta("file://meta.txt") },
  {
    name: "paramfile string keeps its newline",
    files: { "user.txt": "jane\n" },
    args: ["--client-id", C, "--username", "file://user.txt"],
  },
  {
    name: "json error position after non-BMP characters",
    args: meta('{"a":"\u{1F600}\u{1F600}",}'),
  },
  {
    name: "json error position after non-BMP characters, on a second line",
    args: meta('{"a":"\u{1F600}"\n,"b":x}'),
  },
  {
    name: "json error position after non-BMP characters in a structure",
    args: [...base, "--user-context-data", '{"EncodedData":"\u{1D11E}\u00e9",]'],
  },
  {
    name: "paramfile string",
    files: { "user.txt": "jane" },
    args: ["--client-id", C, "--username", "file://user.txt"],
  },
  {
    name: "paramfile keeps a byte-order mark",
    files: { "bom.txt": Buffer.from("\ufeffjane").toString("base64") },
    binary: ["bom.txt"],
    args: ["--client-id", C, "--username", "file://bom.txt"],
  },
  { name: "paramfile missing with a quote in its name", args: ["--client-id", C, "--username", "file://it's.txt"] },
  { name: "paramfile missing", args: meta("file://missing.json") },
  { name: "paramfile is a folder", files: { "dir/x": "" }, args: meta("file://dir") },
  {
    name: "paramfile not UTF-8",
    files: { "bin.dat": Buffer.from([0x78, 0xff]).toString("base64") },
    binary: ["bin.dat"],
    args: ["--client-id", "file://bin.dat", "--username", "jane"],
  },
  {
    name: "fileb for a string",
    files: { "bin.dat": Buffer.from([0x78, 0xff, 0x27, 0x0a]).toString("base64") },
    binary: ["bin.dat"],
    args: ["--client-id", "fileb://bin.dat", "--username", "jane"],
  },

  // 4. CLI input
  {
    name: "cli-input-json inline",
    args: ["--cli-input-json", `{"ClientId": "${C}", "Username": "jane", "ClientMetadata": {"a": "1"}}`],
  },
  {
    name: "cli-input-json from file",
    files: { "in.json": `{"ClientId": "${C}", "Username": "sms-user"}` },
    args: ["--cli-input-json", "file://in.json"],
  },
  {
    name: "cli-input-json flags replace whole keys",
    args: [
      "--cli-input-json",
      `{"ClientId":"${C}","Username":"nobody","ClientMetadata":{"a":"1"}}`,
      "--username",
      "jane",
      "--client-metadata",
      "b=2",
    ],
  },
  {
    name: "cli-input-json required flag from input",
    args: ["--cli-input-json", `{"ClientId": "${C}"}`, "--username", "jane"],
  },
  { name: "cli-input-json missing required", args: ["--cli-input-json", `{"ClientId": "${C}"}`] },
  {
    name: "cli-input-json unknown key",
    args: ["--cli-input-json", `{"ClientId": "${C}", "Username": "jane", "Bogus": 1}`],
  },
  { name: "cli-input-json invalid", args: ["--cli-input-json", "{x"] },
  { name: "cli-input-json a list", args: ["--cli-input-json", "[1]"] },
  { name: "cli-input-json missing file", args: ["--cli-input-json", "file://nope.json"] },
  {
    name: "cli-input-yaml inline",
    args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  a: "1"\n`],
  },
  {
    name: "cli-input-yaml from file",
    files: { "in.yaml": `ClientId: '${C}'\nUsername: sms-user\n` },
    args: ["--cli-input-yaml", "file://in.yaml"],
  },
  {
    name: "cli-input-yaml number refused",
    args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  a: 1\n`],
  },
  {
    name: "cli-input-yaml numbers with underscores and timestamps",
    args: [
      "--cli-input-yaml",
      `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  a: 1_000\n  b: 0x_1F\n  c: 2020-01-01T10:00:00Z\n  d: 2020-01-01\n  e: yes\n  f: ~\n  g: !!binary aGk=\n  h: 1:30\n`,
    ],
  },
  {
    name: "cli-input-yaml floats",
    args: [
      "--cli-input-yaml",
      `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  a: 1.0\n  b: 1e3\n  c: ._5\n  d: -.inf\n  e: 1.\n  f: e3\n`,
    ],
  },
  {
    name: "cli-input-json floats",
    args: [
      "--cli-input-json",
      `{"ClientId": "${C}", "Username": "jane", "ClientMetadata": {"a": 1.0, "b": 1e3, "c": -0.0, "d": NaN, "e": 1e-7}}`,
    ],
  },
  { name: "cli-input-yaml invalid", args: ["--cli-input-yaml", "a: [x"] },
  { name: "cli-input-yaml a list", args: ["--cli-input-yaml", "- 1"] },
  {
    name: "cli-input problems come after the flags' problems",
    args: ["--cli-input-yaml", "Username: [1]", "--secret-hash", "", "--user-context-data", "IpAddress=[1]"],
  },
  {
    name: "cli-input is read after the flags' files",
    args: ["--cli-input-json", "null", "--client-id", "file://nofile"],
  },
  {
    name: "input skeleton still reads the parameters",
    args: ["--client-metadata", "k=", "--cli-input-yaml", "x", "--generate-cli-skeleton"],
    endpoint: false,
  },
  { name: "cli-input both", args: ["--cli-input-json", "{}", "--cli-input-yaml", "{}"] },
  {
    name: "cli-input both: a JSON file that cannot be read is named first",
    args: ["--cli-input-json", "file://nope.json", "--cli-input-yaml", "x: 1"],
  },
  {
    name: "cli-input both: the JSON file is read before the YAML file",
    args: ["--cli-input-yaml", "file://nope.yaml", "--cli-input-json", "file://nope.json"],
  },
  {
    name: "cli-input both: a YAML file that cannot be read is named first",
    args: ["--cli-input-yaml", "fileb://nope.yaml", "--cli-input-json", "{}"],
  },
  {
    name: "cli-input both: a file that reads but is no JSON is the error of two",
    files: { "bad.json": "{x" },
    args: ["--cli-input-json", "file://bad.json", "--cli-input-yaml", "x: 1"],
  },
  // fileb:// bytes read in the encoding they show (JSON: any UTF mark or none; YAML: UTF-16's mark).
  ...(
    [
      ["json", "a UTF-8 byte-order mark", encodedText(JSON_DOC, "utf8", true)],
      ["json", "UTF-16 LE with its mark", encodedText(JSON_DOC, "utf16le", true)],
      ["json", "UTF-16 BE without a mark", encodedText(JSON_DOC, "utf16be", false)],
      ["json", "UTF-32 BE with its mark", encodedText(JSON_DOC, "utf32be", true)],
      ["json", "UTF-32 LE without a mark", encodedText(JSON_DOC, "utf32le", false)],
      ["json", "Latin-1, not UTF-8, refused", Buffer.from(JSON_DOC, "latin1").toString("base64")],
      [
        "json",
        "a surrogate written in UTF-8",
        Buffer.concat(
          JSON_DOC.split("\u00e9").flatMap((part, i) => [
            ...(i ? [Buffer.of(0xed, 0xa0, 0x80)] : []),
            Buffer.from(part),
          ]),
        ).toString("base64"),
      ],
      ["yaml", "UTF-16 BE with its mark", encodedText(YAML_DOC, "utf16be", true)],
      ["yaml", "UTF-16 LE without a mark refused", encodedText(YAML_DOC, "utf16le", false)],
      ["yaml", "UTF-32 LE with its mark refused", encodedText(YAML_DOC, "utf32le", true)],
      ["yaml", "Latin-1, not UTF-8, refused", Buffer.from(YAML_DOC, "latin1").toString("base64")],
    ] as const
  ).map(
    ([format, what, base64]): Case => ({
      name: `cli-input-${format} fileb:// in ${what}`,
      files: { [`in.${format}`]: base64 },
      binary: [`in.${format}`],
      args: [`--cli-input-${format}`, `fileb://in.${format}`],
    }),
  ),
  {
    name: "cli-input-json file:// in UTF-16 LE refused",
    files: { "in.json": encodedText(JSON_DOC, "utf16le", true) },
    binary: ["in.json"],
    args: ["--cli-input-json", "file://in.json"],
  },
  // YAML's merge marker, << unquoted, is no value; !!set makes a set.
  { name: "cli-input-yaml << as the document", args: ["--cli-input-yaml", "<<"] },
  { name: "cli-input-yaml << as a value", args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: <<`] },
  { name: "cli-input-yaml << as a list's item", args: ["--cli-input-yaml", "- <<"] },
  {
    name: "cli-input-yaml << quoted or tagged as text is text",
    args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: jane\nClientMetadata: {a: "<<", b: !!str <<}`],
  },
  {
    name: "cli-input-yaml << as a key still merges",
    args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: jane\nClientMetadata: {<<: {a: b}}`],
  },
  { name: "cli-input-yaml !!set is a set", args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: !!set {jane}`] },
  {
    name: "cli-input-yaml !!set empty",
    args: ["--cli-input-yaml", `ClientId: ${C}\nUsername: jane\nClientMetadata: !!set {}`],
  },
  { name: "cli-input-yaml !!set as the document", args: ["--cli-input-yaml", "!!set {a}"] },

  // 5. Validation and usage
  { name: "empty strings", args: ["--client-id", "", "--username", ""] },
  { name: "empty secret hash", args: [...base, "--secret-hash", ""] },
  { name: "missing username", args: ["--client-id", C] },
  { name: "missing both required", args: [] },
  { name: "unknown options", args: [...base, "--foo", "x", "--bar"] },
  { name: "stray positional", args: [...base, "extra"] },
  { name: "flag without its value", args: ["--username", "jane", "--client-id"] },
  {
    name: "abbreviated options",
    args: ["--client-i", C, "--usern=jane", "--user-c", "IpAddress=192.0.2.1", "--client-m", "a=1"],
  },
  {
    name: "abbreviation of a parameter that names several",
    args: ["--client", C, "--username", "jane"],
  },
  { name: "abbreviation of a global option that names several", args: [...base, "--cli", "5"] },
  { name: "ambiguous abbreviation with =value names the whole word", args: [...base, "--cli-=x"] },
  { name: "ambiguous parameter abbreviation with =value names the whole word", args: [...base, "--user=x"] },
  { name: "--=x: the first parser finds it ambiguous", args: [...base, "--=x"] },
  { name: "--= alone: the first parser finds it ambiguous", args: ["--=", ...base, "--output", "bogus"] },
  {
    name: "--=x: the first parser's error whatever the error format",
    args: [...base, "--=x", "--cli-error-format", "json"],
    env: { AWS_CLI_ERROR_FORMAT: "yaml" },
  },
  { name: "--=x after --: the operation's parser finds it ambiguous", args: ["--", "--=x"] },
  { name: "a global choice before an ambiguous parameter", args: ["--u", "jane", "--color", "x"] },
  {
    name: "abbreviated cli-input does not waive the required flags",
    args: ["--cli-input-j", `{"ClientId": "${C}", "Username": "jane"}`],
  },
  {
    name: "a parameter without its value does not hide a global option",
    args: ["--client-id", "--cli-read-timeout", "x"],
  },
  { name: "argument errors in the order typed", args: ["--gen", "IpAddress=1", "--client-id", "--client-id"] },
  {
    name: "abbreviation shared by parameters",
    args: ["--client-id", C, "--u", "jane"],
  },
  {
    name: "a switch given a value",
    args: [...base, "--debug=yes"],
    differs: {
      why: "the AWS CLI's global options have a parser of their own, whose one-line usage it shows here; this command shows its synopsis",
      stderr:
        "\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): argument --debug: ignored explicit argument 'yes'\n\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\nTo see help text, you can run:\n\n  resend-confirmation-code --help\n",
    },
  },
  { name: "a global choice is checked first", args: ["--color", "x", "--client-metadata", "a", "--color", "off"] },
  {
    name: "a timeout that is no number comes before the operation's choices",
    args: ["--generate-cli-skeleton", "extra", "--cli-read-timeout", "x"],
  },
  { name: "missing required flags before unknown options", args: ["--secret-hash", "abc", "--bogus"] },
  {
    name: "an input skeleton named before output waives the required flags",
    args: [
      "--generate-cli-skeleton",
      "--client-metadata",
      "",
      "--username",
      "quiet",
      "--generate-cli-skeleton",
      "output",
    ],
  },
  {
    name: "parse errors come in model order",
    args: ["--username", "jane", "--client-id", "x", "--client-metadata", "a", "--user-context-data", "b"],
  },
  {
    name: "parse errors before profile",
    args: ["--client-id", "", "--username", "jane", "--profile", "nope", "--client-metadata", "a"],
    region: false,
  },

  // 6. Skeletons
  { name: "skeleton", args: ["--generate-cli-skeleton"], endpoint: false },
  { name: "skeleton input", args: ["--generate-cli-skeleton", "input", "--client-id", "ignored"], endpoint: false },
  { name: "skeleton yaml-input", args: ["--generate-cli-skeleton", "yaml-input"], endpoint: false },
  { name: "skeleton output", args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j"] },
  {
    name: "skeleton output validates",
    args: ["--generate-cli-skeleton", "output", "--client-id", "", "--username", "j"],
  },
  { name: "skeleton output needs required", args: ["--generate-cli-skeleton", "output", "--client-id", "x"] },
  {
    name: "skeleton output as text",
    args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j", "--output", "text"],
  },
  {
    name: "skeleton output as a table",
    args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j", "--output", "table"],
  },
  {
    name: "skeleton output through a query",
    args: [
      "--generate-cli-skeleton",
      "output",
      "--client-id",
      "a",
      "--username",
      "j",
      "--query",
      "CodeDeliveryDetails",
    ],
  },
  {
    name: "skeleton with an unknown query function",
    args: ["--generate-cli-skeleton", "--query", "foo(@)"],
    endpoint: false,
  },
  {
    name: "skeleton output through an unknown query function",
    args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j", "--query", "foo(@)"],
  },
  {
    name: "skeleton output through a query function given too many arguments",
    args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j", "--query", "length(@, @)"],
  },
  {
    name: "skeleton output off",
    args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j", "--output", "off"],
  },
  { name: "skeleton abbreviated", args: ["--gen", "--client-id", "x", "--username", "y"], endpoint: false },
  { name: "skeleton abbreviated still needs the required flags", args: ["--gen"], endpoint: false },
  {
    name: "skeleton with = still needs the required flags",
    args: ["--generate-cli-skeleton=yaml-input"],
    endpoint: false,
  },
  { name: "skeleton bogus", args: ["--generate-cli-skeleton", "bogus"], endpoint: false },

  // 7. SECRET_HASH
  {
    name: "secret hash given",
    args: [
      "--client-id",
      CLIENT_WITH_SECRET,
      "--username",
      "jane",
      "--secret-hash",
      secretHash(CLIENT_SECRET, "jane", CLIENT_WITH_SECRET),
    ],
    oursArgs: ["--client-id", CLIENT_WITH_SECRET, "--username", "jane", "--client-secret", CLIENT_SECRET],
  },
  {
    name: "secret hash with cli input",
    args: [
      "--cli-input-json",
      `{"ClientId": "${CLIENT_WITH_SECRET}", "Username": "sms-user", "SecretHash": "${secretHash(CLIENT_SECRET, "sms-user", CLIENT_WITH_SECRET)}"}`,
    ],
    oursArgs: ["--cli-input-json", `{"ClientId": "${CLIENT_WITH_SECRET}", "Username": "sms-user"}`],
    oursEnv: { COGNITO_CLIENT_SECRET: CLIENT_SECRET },
  },
  { name: "secret not sent", args: ["--client-id", CLIENT_WITH_SECRET, "--username", "jane"], hint: SECRET_HINT },
  {
    name: "wrong secret hash",
    args: ["--client-id", CLIENT_WITH_SECRET, "--username", "jane", "--secret-hash", "d3JvbmcK"],
  },

  // 8. The call: region, profile, global options
  { name: "region from AWS_REGION", args: base, region: false, env: { AWS_REGION: "eu-west-1" } },
  { name: "region from AWS_DEFAULT_REGION", args: base, region: false, env: { AWS_DEFAULT_REGION: "eu-west-1" } },
  {
    name: "region from the profile",
    args: [...base, "--profile", "work"],
    region: false,
    files: { config: "[profile work]\nregion = eu-central-1\n" },
  },
  {
    name: "region from AWS_PROFILE",
    args: base,
    region: false,
    env: { AWS_PROFILE: "work" },
    files: { config: "[profile work]\nregion = eu-central-1\n" },
  },
  {
    name: "region from the default profile",
    args: base,
    region: false,
    files: { config: "[default]\nregion = eu-central-1\n" },
  },
  {
    name: "profile only in credentials file",
    args: [...base, "--profile", "ci"],
    files: { credentials: "[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example\n" },
  },
  {
    name: "credentials file: a profile of its own, with its region",
    args: [...base, "--profile", "ci"],
    region: false,
    files: { credentials: "[ci]\nregion = eu-west-3\noutput = text\n" },
  },
  {
    name: "credentials file: its settings win over the config's",
    args: base,
    region: false,
    files: {
      config: "[default]\nregion = eu-west-1\noutput = table\n",
      credentials: "[default]\noutput = text\n",
    },
  },
  {
    name: "credentials file: a section named profile NAME is not that profile",
    args: [...base, "--profile", "ci"],
    files: { credentials: "[profile ci]\nregion = eu-west-3\n" },
  },
  {
    name: "config file: a section without profile is not a profile",
    args: [...base, "--profile", "ci"],
    files: { config: "[ci]\nregion = eu-west-3\n" },
  },
  {
    name: "config file: a profile name in quotes",
    args: [...base, "--profile", "my ci"],
    region: false,
    files: { config: '[profile "my ci"]\nregion = eu-west-3\n' },
  },
  {
    name: "config file: the later of [default] and [profile default]",
    args: base,
    region: false,
    files: {
      config: "[profile default]\nregion = eu-west-3\noutput = yaml\n[default]\nregion = eu-north-1\noutput = text\n",
    },
  },
  {
    name: "credentials file that does not parse ends a skeleton too",
    args: ["--generate-cli-skeleton"],
    files: { credentials: "[ci\naws_access_key_id = x\n" },
    endpoint: false,
  },
  {
    name: "credentials file that does not parse, after a config file that does not",
    args: base,
    files: { config: "region = x\n", credentials: "[ci\n" },
  },
  {
    name: "config file: text after a section's ] is ignored",
    args: base,
    region: false,
    files: { config: "[default] ; note\nregion = eu-west-3\noutput = text\n" },
  },
  {
    name: "config file: a byte-order mark does not parse",
    args: base,
    files: { config: "\ufeff[default]\nregion = eu-west-3\n" },
  },
  {
    name: "config file: text that is not UTF-8 does not parse",
    args: base,
    files: { config: "W2RlZmF1bHRdCnJlZ2lvbiA9IGV1LXdlc3QtMwpvdXRwdXQgPSB0ZXh0CiMgY2Fm6Qo=" },
    binary: ["config"],
  },
  {
    name: "config file: lone CR line ends",
    args: base,
    region: false,
    files: { config: "[default]\rregion = eu-west-3\routput = text\r" },
  },
  {
    name: "config file: a nested line without = does not parse",
    args: base,
    files: { config: "[default]\nregion = eu-west-3\ns3 =\n  nope\n" },
  },
  {
    name: "config file: [DEFAULT] lends its keys to every section",
    args: base,
    region: false,
    files: { config: "[DEFAULT]\nregion = eu-west-3\n[default]\noutput = text\n[DEFAULT]\noutput = yaml\n" },
  },
  {
    name: "config file: a profile name split at a no-break space is no profile",
    args: [...base, "--profile", "work"],
    files: { config: "[profile\u00a0work]\nregion = eu-west-3\n" },
  },
  {
    name: "config file: an empty region with a configured endpoint",
    args: base,
    region: false,
    files: { config: "[default]\nregion =\noutput = text\n" },
  },
  {
    name: "AWS_CONFIG_FILE: variables expanded before ~",
    args: base,
    region: false,
    env: { AWS_CONFIG_FILE: "$CONFIG_HOME/config", CONFIG_HOME: "~" },
    files: { config: "[default]\nregion = eu-west-3\noutput = text\n" },
  },
  {
    name: "error format: the last --profile's",
    args: ["--client-id", C, "--username", "nobody", "--profile", "nope", "--profile", "work"],
    files: { config: "[profile work]\ncli_error_format = json\n" },
  },
  {
    name: "error format: an empty AWS_CLI_ERROR_FORMAT, not the profile's",
    args: ["--client-id", C, "--username", "nobody"],
    env: { AWS_CLI_ERROR_FORMAT: "" },
    files: { config: "[default]\ncli_error_format = json\n" },
  },
  {
    name: "error format: AWS_CLI_ERROR_FORMAT in capitals",
    args: ["--client-id", C, "--username", "nobody"],
    env: { AWS_CLI_ERROR_FORMAT: "JSON" },
  },
  {
    name: "error format: the profile's in mixed case",
    args: ["--client-id", C, "--username", "nobody"],
    files: { config: "[default]\ncli_error_format = Yaml\n" },
  },
  { name: "retry mode legacy is refused", args: base, env: { AWS_RETRY_MODE: "legacy" } },
  { name: "retry mode not a mode, in the profile", args: base, files: { config: "[default]\nretry_mode = fast\n" } },
  { name: "max attempts empty", args: base, env: { AWS_MAX_ATTEMPTS: "" } },
  {
    name: "services: a section that does not exist",
    args: [...base, "--region", "us-east-1"],
    endpoint: false,
    files: { config: "[default]\nservices = nothere\n" },
  },
  {
    name: "services: a section that does not exist is said before a missing region",
    args: base,
    region: false,
    endpoint: false,
    files: { config: "[default]\nservices = nothere\n" },
  },
  {
    name: "services: a section that does not exist, with --endpoint-url",
    args: base,
    files: { config: "[default]\nservices = nothere\n" },
  },
  {
    name: "services: a quoted section name",
    args: [...base, "--region", "us-east-1", "--cli-connect-timeout", "1"],
    endpoint: false,
    files: {
      config:
        '[default]\nservices = s\n[services "s"]\ncognito_identity_provider =\n  endpoint_url = http://127.0.0.1:9\n',
    },
  },
  {
    name: "services: a plain value for the service",
    args: [...base, "--region", "us-east-1"],
    endpoint: false,
    files: { config: "[default]\nservices = s\n[services s]\ncognito_identity_provider = http://127.0.0.1:9\n" },
  },
  {
    name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS with a leading space is not true",
    args: [...base, "--region", "us-east-1", "--cli-connect-timeout", "1"],
    endpoint: false,
    env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: " true", AWS_ENDPOINT_URL: "http://127.0.0.1:9" },
  },
  ...[
    "notaurl",
    "localhost:4566",
    "http://exa mple",
    "ftp://127.0.0.1:9",
    "http://[::1]:9",
    "http://-bad-.example",
  ].map(
    (url): Case => ({
      name: `a configured endpoint checked as the AWS CLI checks it: ${url}`,
      args: [...base, "--region", "us-east-1", "--cli-connect-timeout", "1"],
      endpoint: false,
      env: { AWS_ENDPOINT_URL: url },
    }),
  ),
  {
    name: "a configured endpoint in the profile without a scheme",
    args: [...base, "--region", "us-east-1"],
    endpoint: false,
    files: { config: "[default]\nendpoint_url = localhost:4566\n" },
  },
  {
    name: "a configured endpoint with another scheme fails after the parameters are checked",
    args: ["--client-id", "", "--username", "jane", "--region", "us-east-1"],
    endpoint: false,
    env: { AWS_ENDPOINT_URL: "ftp://127.0.0.1:9" },
  },
  {
    name: "a region of the wrong form is said before a missing profile",
    args: [...base, "--profile", "nope", "--region", "bad region!"],
    region: false,
  },
  {
    name: "a region of the wrong form in AWS_REGION is said before a missing AWS_PROFILE",
    args: base,
    region: false,
    env: { AWS_PROFILE: "nope", AWS_REGION: "bad region!" },
  },
  {
    name: "timeout with _ between its digits, as Python's int() reads it",
    args: [...base, "--cli-read-timeout", "1_0"],
  },
  { name: "timeout in Arabic-Indic digits", args: [...base, "--cli-connect-timeout", "٥"] },
  {
    name: "paramfile through a folder that does not exist",
    args: ["--client-id", C, "--username", "file://nope/../u.txt"],
    files: { "u.txt": "jane" },
  },
  {
    name: "paramfile with a trailing slash",
    args: ["--client-id", C, "--username", "file://u.txt/"],
    files: { "u.txt": "jane" },
  },
  { name: "paramfile with an empty path", args: ["--client-id", C, "--username", "file://"] },
  { name: "a map given as a JSON list is not parsed", args: [...base, "--client-metadata", "[a=1]"] },
  { name: "a structure given as a JSON list is not parsed", args: [...base, "--user-context-data", " [1, 2]"] },
  {
    name: "--endpoint-url empty is said before a missing region",
    args: [...base, "--endpoint-url", ""],
    region: false,
    endpoint: false,
  },
  {
    name: "--endpoint-url with a scheme but no host",
    args: [...base, "--endpoint-url", "localhost:9", "--region", "us-east-1"],
    endpoint: false,
  },
  { name: "no region", args: base, region: false, hint: REGION_HINT },
  {
    name: "skeleton output needs a region",
    args: ["--generate-cli-skeleton", "output", "--client-id", "a", "--username", "j"],
    region: false,
    hint: REGION_HINT,
  },
  { name: "unknown profile", args: [...base, "--profile", "nope"] },
  { name: "unknown AWS_PROFILE", args: base, env: { AWS_PROFILE: "nope" } },
  { name: "debug", args: [...base, "--debug"], stderr: "ignore" },
  {
    name: "global switches",
    args: [
      ...base,
      "--no-sign-request",
      "--no-paginate",
      "--no-cli-pager",
      "--no-verify-ssl",
      "--color",
      "off",
      "--no-cli-auto-prompt",
      "--output",
      "json",
    ],
  },
  {
    name: "AWS_CLI_AUTO_PROMPT=on-partial, a complete command and no terminal: it runs",
    args: base,
    env: { AWS_CLI_AUTO_PROMPT: "on-partial" },
  },
  {
    name: "endpoint URL without a scheme",
    args: [...base, "--endpoint-url", "notaurl", "--region", "us-east-1"],
    endpoint: false,
  },
  { name: "region in a bad format", args: [...base, "--region", "bad region!"], region: false },
  { name: "empty region", args: [...base, "--region", ""], endpoint: false },
  { name: "cli timeouts", args: [...base, "--cli-read-timeout", "5", "--cli-connect-timeout", "0"] },
  { name: "negative read timeout", args: [...base, "--cli-read-timeout", "-1"] },
  { name: "negative connect timeout", args: [...base, "--cli-connect-timeout", "-5"] },
  { name: "cli timeout not a number", args: [...base, "--cli-read-timeout", "abc"] },
  { name: "color bogus", args: [...base, "--color", "bogus"] },
  { name: "output bogus", args: [...base, "--output", "bogus"] },
  { name: "output off", args: [...base, "--output", "off"] },
  { name: "output off: an error still on stderr", args: ["--client-id", C, "--username", "nobody", "--output", "off"] },
  { name: "output off through a query", args: [...base, "--output", "off", "--query", "CodeDeliveryDetails"] },
  { name: "output off from AWS_DEFAULT_OUTPUT", args: base, env: { AWS_DEFAULT_OUTPUT: "off" } },
  { name: "output off from the profile", args: base, files: { config: "[default]\noutput = off\n" } },
  { name: "AWS_MAX_ATTEMPTS", args: base, env: { AWS_MAX_ATTEMPTS: "5" }, faults: [[4, "throttle"]] },
  { name: "AWS_MAX_ATTEMPTS exhausted", args: base, env: { AWS_MAX_ATTEMPTS: "2" }, faults: [[2, "throttle"]] },

  // 9. Output
  { name: "email delivery", args: base },
  { name: "sms delivery", args: ["--client-id", C, "--username", "sms-user"] },
  { name: "non-ASCII output", args: ["--client-id", C, "--username", "zoë"] },
  { name: "members in model order, unknown dropped", args: ["--client-id", C, "--username", "shuffled"] },
  { name: "empty response", args: ["--client-id", C, "--username", "quiet"] },

  // 10. Errors and exit codes
  { name: "user not found", args: ["--client-id", C, "--username", "nobody"] },
  { name: "user already confirmed", args: ["--client-id", C, "--username", "confirmed-user"] },
  { name: "unknown app client", args: ["--client-id", "nosuchclient", "--username", "jane"] },
  { name: "username too long for the service", args: ["--client-id", C, "--username", "u".repeat(129)] },
  { name: "throttled then answered", args: base, faults: [[1, "throttle"]] },
  { name: "throttled past retries", args: base, faults: [[3, "throttle"]] },
  { name: "limit exceeded past retries", args: base, faults: [[3, "limit"]] },
  { name: "server error past retries", args: base, faults: [[3, "500"]] },
  { name: "server error then answered", args: base, faults: [[2, "500"]] },
  {
    name: "connection dropped past retries",
    args: base,
    faults: [[3, "drop"]],
    differs: {
      why: "the connection closed after the whole request was written, before any answer: the service may have sent the code, and the AWS CLI sends it twice more; this command sends it once and says its outcome is unknown",
      requests: [{ ClientId: C, Username: "jane" }],
      stderr: `\nresend-confirmation-code: [ERROR]: Connection was closed before we received a valid response from endpoint URL: "http://127.0.0.1:PORT/".\n${UNKNOWN_HINT}\n`,
    },
  },
  { name: "connection refused", args: base, endpoint: "closed" },

  // 11. Output formats and --query: every format for every response shape and
  // for query results of every JSON type.
  ...outputCases(),

  // 12. Configuration: output, region and retries from the environment and the profile
  { name: "output from AWS_DEFAULT_OUTPUT", args: base, env: { AWS_DEFAULT_OUTPUT: "text" } },
  { name: "output from the profile", args: base, files: { config: "[default]\noutput = yaml\n" } },
  {
    name: "output flag beats AWS_DEFAULT_OUTPUT",
    args: [...base, "--output", "table"],
    env: { AWS_DEFAULT_OUTPUT: "text" },
  },
  {
    name: "AWS_DEFAULT_OUTPUT beats the profile",
    args: base,
    env: { AWS_DEFAULT_OUTPUT: "yaml-stream" },
    files: { config: "[default]\noutput = table\n" },
  },
  {
    name: "profile: an empty --profile is the default profile",
    args: [...base, "--profile", ""],
    files: { config: "[default]\noutput = text\n" },
  },
  { name: "profile: an empty AWS_PROFILE is a profile not found", args: base, env: { AWS_PROFILE: "" } },
  {
    name: "profile: [profile default] is the default profile",
    args: base,
    files: { config: "[profile default]\noutput = text\n" },
  },
  {
    name: "profile: [default] before [profile default]",
    args: base,
    files: { config: "[profile default]\noutput = text\n[default]\noutput = yaml\n" },
  },
  { name: "region: empty, with a configured endpoint", args: [...base, "--region", ""], region: false },
  { name: "region: empty AWS_REGION, with a configured endpoint", args: base, region: false, env: { AWS_REGION: "" } },
  {
    name: "region: empty AWS_REGION before the profile's",
    args: base,
    region: false,
    env: { AWS_REGION: "" },
    files: { config: "[default]\nregion = eu-west-1\noutput = text\n" },
  },
  {
    name: "file:// value with CRLF line ends",
    args: ["--client-id", C, "--username", "file://u.txt", "--client-metadata", "file://m.txt"],
    files: { "u.txt": "jane\r\n", "m.txt": "a=1\r\n" },
  },
  {
    name: "output of a named profile",
    args: [...base, "--profile", "work"],
    files: { config: "[profile work]\noutput = text\n" },
  },
  {
    name: "bad output in AWS_DEFAULT_OUTPUT",
    args: base,
    env: { AWS_DEFAULT_OUTPUT: "xml" },
    differs: {
      requests: [],
      why: "a bad output format in the environment or profile is found before anything is sent",
    },
  },
  {
    name: "bad output in the profile",
    args: base,
    files: { config: "[default]\noutput = xml\n" },
    differs: {
      requests: [],
      why: "a bad output format in the environment or profile is found before anything is sent",
    },
  },
  {
    name: "AWS_REGION beats AWS_DEFAULT_REGION",
    args: base,
    region: false,
    env: { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "bad region!" },
  },
  {
    name: "region flag beats AWS_REGION",
    args: [...base, "--region", "us-west-2"],
    region: false,
    env: { AWS_REGION: "bad region!" },
  },
  {
    name: "AWS_DEFAULT_REGION beats the profile",
    args: base,
    region: false,
    env: { AWS_DEFAULT_REGION: "eu-west-1" },
    files: { config: "[default]\nregion = bad region!\n" },
  },
  {
    name: "AWS_PROFILE beats AWS_DEFAULT_PROFILE",
    args: base,
    region: false,
    env: { AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "nope" },
    files: { config: "[profile work]\nregion = eu-central-1\n" },
  },
  {
    name: "profile flag beats AWS_PROFILE",
    args: [...base, "--profile", "work"],
    region: false,
    env: { AWS_PROFILE: "nope" },
    files: { config: "[profile work]\nregion = eu-central-1\n" },
  },
  {
    name: "AWS_DEFAULT_PROFILE",
    args: base,
    region: false,
    env: { AWS_DEFAULT_PROFILE: "work" },
    files: { config: "[profile work]\nregion = eu-central-1\n" },
  },
  {
    name: "config file elsewhere",
    args: [...base, "--profile", "work"],
    region: false,
    env: { AWS_CONFIG_FILE: "elsewhere/cfg" },
    files: { "elsewhere/cfg": "[profile work]\nregion = eu-central-1\noutput = text\n" },
  },
  {
    name: "config file under ~/.aws by default",
    args: base,
    region: false,
    env: { AWS_CONFIG_FILE: undefined },
    files: { ".aws/config": "[default]\nregion = eu-central-1\noutput = yaml\n" },
  },
  {
    name: "credentials file elsewhere",
    args: [...base, "--profile", "ci"],
    env: { AWS_SHARED_CREDENTIALS_FILE: "creds" },
    files: { creds: "[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example\n" },
  },
  {
    name: "max_attempts from the profile",
    args: base,
    faults: [[3, "throttle"]],
    files: { config: "[default]\nmax_attempts = 4\n" },
  },
  {
    name: "AWS_MAX_ATTEMPTS beats the profile",
    args: base,
    env: { AWS_MAX_ATTEMPTS: "1" },
    faults: [[1, "throttle"]],
    files: { config: "[default]\nmax_attempts = 4\n" },
  },
  {
    name: "retry_mode adaptive from the profile",
    args: base,
    faults: [[2, "throttle"]],
    files: { config: "[default]\nretry_mode = adaptive\n" },
  },
  { name: "AWS_RETRY_MODE adaptive", args: base, env: { AWS_RETRY_MODE: "adaptive" }, faults: [[3, "throttle"]] },
  { name: "malformed config file", args: base, files: { config: "region = us-east-1\n[default\n" } },
  { name: "config file with a value and no section", args: base, files: { config: "output = text\n" } },
  {
    name: "config file with a duplicate section",
    args: base,
    files: { config: "[default]\nregion = us-east-1\n[default]\noutput = text\n" },
  },
  {
    name: "config file with a duplicate key",
    args: base,
    files: { config: "[default]\noutput = text\noutput = yaml\n" },
  },
  { name: "config file with a key and no value", args: base, files: { config: "[default]\noutput\n" } },
  { name: "config file with a colon", args: base, files: { config: "[default]\noutput: text\n" } },
  {
    name: "config file with comments and a nested block",
    args: base,
    files: {
      config: "# top\n[default]\n; note\noutput = text  # not a comment?\ns3 =\n  max_concurrent_requests = 2\n",
    },
    differs: {
      requests: [],
      why: "a bad output format in the environment or profile is found before anything is sent",
    },
  },
  { name: "config file with upper-case keys and spaces", args: base, files: { config: "[ default ]\nOUTPUT=text\n" } },
  { name: "config file is a folder", args: base, files: { "config/x": "" } },
  {
    name: "profile cli_read_timeout and cli_connect_timeout",
    args: base,
    files: { config: "[default]\ncli_read_timeout = 5\ncli_connect_timeout = 5\n" },
  },

  // 13. TLS and the remaining global options
  {
    name: "https with a certificate it cannot verify",
    args: base,
    endpoint: "https",
    differs: {
      why: "Python adds the place in its own source",
      stderr:
        "\nresend-confirmation-code: [ERROR]: SSL validation failed for https://127.0.0.1:PORT/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate\n",
    },
  },
  {
    name: "https with --no-verify-ssl",
    args: [...base, "--no-verify-ssl"],
    endpoint: "https",
    differs: {
      why: "Python's warning names its urllib3 source file",
      stderr:
        "warning: --no-verify-ssl: unverified HTTPS request to host '127.0.0.1'. Adding certificate verification is strongly advised.\n",
    },
  },
  { name: "https with --ca-bundle", args: [...base, "--ca-bundle", "TEST_CERT"], endpoint: "https" },
  {
    name: "https with a --ca-bundle that is missing",
    args: [...base, "--ca-bundle", "missing.pem"],
    endpoint: "https",
  },
  { name: "http with a --ca-bundle that is missing: not read", args: [...base, "--ca-bundle", "missing.pem"] },
  { name: "ca bundle blank: --ca-bundle", args: [...base, "--ca-bundle", ""] },
  { name: "ca bundle blank: AWS_CA_BUNDLE", args: base, env: { AWS_CA_BUNDLE: " " } },
  { name: "ca bundle blank: AWS_CA_BUNDLE empty", args: base, env: { AWS_CA_BUNDLE: "" } },
  { name: "ca bundle blank: before validation", args: ["--client-id", "", "--username", "jane", "--ca-bundle", " "] },
  { name: "ca bundle blank in the profile", args: base, files: { config: "[default]\nca_bundle =\n" } },
  { name: "ca bundle blank: REQUESTS_CA_BUNDLE", args: base, env: { REQUESTS_CA_BUNDLE: " " } },
  {
    name: "ca bundle from AWS_CA_BUNDLE",
    args: base,
    endpoint: "https",
    env: { AWS_CA_BUNDLE: "TEST_CERT" },
  },
  {
    name: "ca bundle from REQUESTS_CA_BUNDLE",
    args: base,
    endpoint: "https",
    env: { REQUESTS_CA_BUNDLE: "TEST_CERT" },
  },
  {
    name: "ca bundle: the profile's before REQUESTS_CA_BUNDLE",
    args: base,
    env: { REQUESTS_CA_BUNDLE: " " },
    files: { config: "[default]\nca_bundle = /nonexistent.pem\n" },
  },
  {
    name: "FIPS and dual-stack with a configured endpoint: the endpoint is used",
    args: base,
    env: { AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" },
  },
  {
    name: "dual-stack in the ISO-E partition: no modeled endpoint",
    args: [...base, "--region", "eu-isoe-west-1"],
    env: { AWS_USE_DUALSTACK_ENDPOINT: "true" },
    endpoint: false,
  },
  {
    name: "dual-stack and FIPS in the ISO-F partition, before the parameters, whatever the error format",
    args: ["--client-id", "", "--username", "jane", "--region", "us-isof-south-1", "--cli-error-format", "json"],
    files: { config: "[default]\nuse_dualstack_endpoint = true\nuse_fips_endpoint = true\n" },
    endpoint: false,
  },
  {
    name: "dual-stack in the ISO-E partition with a configured endpoint: the endpoint is used",
    args: [...base, "--region", "eu-isoe-west-1"],
    env: { AWS_USE_DUALSTACK_ENDPOINT: "true" },
  },
  {
    name: "FIPS from the profile with a configured endpoint",
    args: base,
    files: { config: "[default]\nuse_fips_endpoint = true\n" },
  },
  {
    name: "ca bundle with no certificate in it",
    args: [...base, "--ca-bundle", "junk.pem"],
    endpoint: "https",
    files: { "junk.pem": "junk\n" },
    differs: {
      why: "Python adds the place in its own source",
      stderr:
        "\nresend-confirmation-code: [ERROR]: SSL validation failed for https://127.0.0.1:PORT/ [X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found\n",
    },
  },
  {
    name: "ca bundle with a certificate that does not parse",
    args: base,
    endpoint: "https",
    env: { AWS_CA_BUNDLE: "half.pem" },
    files: { "half.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" },
    differs: {
      why: "Python adds the place in its own source",
      stderr: "\nresend-confirmation-code: [ERROR]: SSL validation failed for https://127.0.0.1:PORT/ [X509] PEM lib\n",
    },
  },
  {
    name: "ca bundle from the profile",
    args: base,
    endpoint: "https",
    files: { config: "[default]\nca_bundle = TEST_CERT\n" },
  },
  {
    name: "TLS with a port that speaks plain HTTP",
    args: base,
    endpoint: "tls-to-http",
    differs: {
      why: "Python adds the place in its own source",
      stderr:
        "\nresend-confirmation-code: [ERROR]: SSL validation failed for https://127.0.0.1:PORT/ [SSL: WRONG_VERSION_NUMBER] wrong version number\n",
    },
  },
  { name: "no-paginate and no-cli-pager", args: [...base, "--no-paginate", "--no-cli-pager", "--output", "text"] },
  { name: "color off on a table", args: [...base, "--color", "off", "--output", "table"] },
  { name: "color auto off a terminal", args: [...base, "--color", "auto", "--output", "table"] },
  { name: "a pager is not used off a terminal", args: [...base, "--output", "text"], env: { AWS_PAGER: "false" } },

  // 14. Faults, each ending with one line and the AWS CLI's exit code
  { name: "server error with an HTML body past retries", args: base, faults: [[3, "500html"]] },
  { name: "service unavailable past retries", args: base, faults: [[3, "503"]] },
  { name: "service unavailable then answered", args: base, faults: [[1, "503"]] },
  {
    name: "invalid JSON on a 200",
    args: base,
    faults: [[1, "garbage"]],
    differs: {
      why: "the AWS CLI prints nothing at all; ours says why there is no output",
      stderr:
        "\nThe service answered HTTP 200, but its response could not be read (the body is not valid JSON); there is nothing to print.\n",
    },
  },
  {
    name: "invalid JSON on a 200 with text output",
    args: [...base, "--output", "text"],
    faults: [[1, "garbage"]],
    differs: {
      why: "the AWS CLI prints nothing at all; ours says why there is no output",
      stderr:
        "\nThe service answered HTTP 200, but its response could not be read (the body is not valid JSON); there is nothing to print.\n",
    },
  },
  // A reset after the 200 status line: the request was served, so it is not sent again.
  {
    name: "connection reset mid-response",
    args: base,
    faults: [[3, "reset"]],
    differs: {
      why: "the AWS CLI prints nothing at all; ours says why there is no output",
      stderr:
        "\nThe service answered HTTP 200, but its response could not be read (the connection closed before the whole body arrived); there is nothing to print.\n",
    },
  },
  {
    name: "read timeout",
    args: [...base, "--cli-read-timeout", "1"],
    faults: [[3, "hang"]],
    differs: {
      why: "a request that was written and got no answer may have sent a code: the AWS CLI sends it again (3 codes, each voiding the last); this command sends it once and says its outcome is unknown",
      requests: [{ ClientId: C, Username: "jane" }],
      stderr: `\nresend-confirmation-code: [ERROR]: Read timeout on endpoint URL: "http://127.0.0.1:PORT/"\n${UNKNOWN_HINT}\n`,
    },
  },
  {
    name: "read timeout then answered",
    args: [...base, "--cli-read-timeout", "1"],
    faults: [[1, "hang"]],
    differs: {
      why: "the AWS CLI sends a second code after the read timeout, voiding the first; this command sends once and says its outcome is unknown",
      requests: [{ ClientId: C, Username: "jane" }],
      exitCode: 255,
      stdout: "",
      stderr: `\nresend-confirmation-code: [ERROR]: Read timeout on endpoint URL: "http://127.0.0.1:PORT/"\n${UNKNOWN_HINT}\n`,
    },
  },
  { name: "host name that does not resolve", args: base, endpoint: "unresolvable" },

  // 15. How errors are shown: --cli-error-format, AWS_CLI_ERROR_FORMAT, cli_error_format
  ...(["legacy", "json", "yaml", "text", "table"] as const).flatMap((format): Case[] => [
    {
      name: `error format ${format}: a service error`,
      args: ["--client-id", C, "--username", "nobody", "--cli-error-format", format],
    },
    {
      name: `error format ${format}: details the model names`,
      args: [...base, "--cli-error-format", format],
      faults: [[1, "reason"]],
    },
    {
      name: `error format ${format}: parameter validation`,
      args: ["--client-id", "", "--username", "jane", "--cli-error-format", format],
    },
    {
      name: `error format ${format}: no region`,
      args: [...base, "--cli-error-format", format],
      region: false,
      // One line in legacy, then how to give a region to this command.
      ...(format === "legacy" ? { hint: REGION_HINT } : {}),
    },
    {
      name: `error format ${format}: a connection refused`,
      args: [...base, "--cli-error-format", format],
      endpoint: "closed",
    },
  ]),
  // An argument error's message holds the usage synopsis, which names each program its own way.
  ...(["legacy", "text"] as const).map(
    (format): Case => ({
      name: `error format ${format}: a missing argument`,
      args: ["--client-id", C, "--cli-error-format", format],
    }),
  ),
  {
    name: "error format json: a missing argument",
    args: ["--client-id", C, "--cli-error-format", "json"],
    differs: {
      why: "the message holds this command's usage synopsis",
      stderr:
        '{\n    "Code": "ParamValidation",\n    "Message": "the following arguments are required: --username\\n\\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\\nTo see help text, you can run:\\n\\n  resend-confirmation-code --help\\n"\n}\n',
    },
  },
  { name: "error format by default: details the model names", args: base, faults: [[1, "reason"]] },
  {
    name: "error format from AWS_CLI_ERROR_FORMAT",
    args: ["--client-id", C, "--username", "nobody"],
    env: { AWS_CLI_ERROR_FORMAT: "yaml" },
  },
  {
    name: "error format AWS_CLI_ERROR_FORMAT not a format",
    args: ["--client-id", C, "--username", "nobody"],
    env: { AWS_CLI_ERROR_FORMAT: "bogus" },
  },
  {
    name: "error format from the profile",
    args: ["--client-id", C, "--username", "nobody"],
    files: { config: "[default]\ncli_error_format = text\n" },
  },
  {
    name: "error format flag beats the environment",
    args: ["--client-id", C, "--username", "nobody", "--cli-error-format", "json"],
    env: { AWS_CLI_ERROR_FORMAT: "yaml" },
  },
  {
    name: "error format: a global option's error keeps its code with a missing profile",
    args: [...base, "--debug=yes", "--profile", "nope"],
    differs: {
      why: "the AWS CLI's global options have a parser of their own, whose one-line usage it shows here; this command shows its synopsis",
      stderr:
        "\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): argument --debug: ignored explicit argument 'yes'\n\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\nTo see help text, you can run:\n\n  resend-confirmation-code --help\n",
    },
  },
  {
    name: "error format: a global option's error is shown the default way",
    args: [...base, "--color", "x", "--cli-error-format", "json"],
  },
  {
    name: "error format: an operation option's error with a missing profile",
    args: [...base, "--client-metadata", "--profile", "nope"],
  },
  {
    name: "error format: a global option's error in AWS_CLI_ERROR_FORMAT's format",
    args: ["--client-id", C, "--username", "jane", "--query"],
    env: { AWS_CLI_ERROR_FORMAT: "json" },
    differs: {
      why: "the usage in the message is this command's synopsis, not the AWS CLI's top-level usage",
      stderr:
        '{\n    "Code": "ParamValidation",\n    "Message": "argument --query: expected one argument\\n\\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\\nTo see help text, you can run:\\n\\n  resend-confirmation-code --help\\n"\n}\n',
    },
  },
  {
    name: "error format: a global option's error in the profile's format",
    args: ["--client-id", C, "--username", "jane", "--output"],
    files: { config: "[default]\ncli_error_format = yaml\n" },
    differs: {
      why: "the usage in the message is this command's synopsis, not the AWS CLI's top-level usage",
      stderr:
        'Code: ParamValidation\nMessage: "argument --output: expected one argument\\n\\nusage: resend-confirmation-code\n  --client-id <value> (--username <name> | --usernames-file <path>) [options]\\nTo\n  see help text, you can run:\\n\\n  resend-confirmation-code --help\\n"\n',
    },
  },
  {
    name: "error format: a global option's error with AWS_CLI_ERROR_FORMAT not a format",
    args: ["--client-id", C, "--username", "jane", "--color"],
    env: { AWS_CLI_ERROR_FORMAT: "bogus" },
  },
  {
    name: "error format: a global option's error with AWS_CLI_ERROR_FORMAT legacy",
    args: ["--client-id", C, "--username", "jane", "--output"],
    env: { AWS_CLI_ERROR_FORMAT: "legacy" },
  },
  {
    name: "order: a --query syntax error before a command option with no value",
    args: ["--client-id", "--query", "[", "--username", "jane"],
  },
  {
    name: "order: a command option with no value before an unknown --query function",
    args: ["--client-id", C, "--username", "--query", "foo(@)"],
  },
  {
    name: "order: max_attempts before the read timeout",
    args: [...base, "--cli-read-timeout", "-1"],
    env: { AWS_MAX_ATTEMPTS: "0" },
  },
  {
    name: "error format: a --query syntax error keeps its code with a missing profile",
    args: [...base, "--query", "[", "--profile", "nope"],
  },
  {
    name: "error format: a table error in color with --color on",
    args: ["--client-id", C, "--username", "nobody", "--cli-error-format", "table", "--color", "on"],
  },
  {
    name: "error format: a table parameter error in color with --color on",
    args: ["--client-id", C, "--username", "", "--color", "on"],
    env: { AWS_CLI_ERROR_FORMAT: "table" },
  },
  {
    // The error comes before --profile is read: the environment's profile is the one looked for.
    name: "error format: a --query syntax error loses its code with AWS_PROFILE missing",
    args: [...base, "--query", "["],
    env: { AWS_PROFILE: "nope" },
  },
  {
    name: "error format: a --query syntax error loses its code with AWS_PROFILE missing, whatever --profile names",
    args: [...base, "--query", "[", "--profile", "default"],
    env: { AWS_PROFILE: "nope" },
  },
  {
    name: "error format: a --query syntax error in the flag's format",
    args: [...base, "--query", "[", "--cli-error-format", "json"],
  },
  {
    name: "error format: a --query syntax error with AWS_CLI_ERROR_FORMAT not a format",
    args: [...base, "--query", ""],
    env: { AWS_CLI_ERROR_FORMAT: "bogus" },
  },
  {
    name: "order: the command's option takes its value past a global option and its value",
    args: ["--client-id", "--region", "us-east-1", C, "--username", "jane"],
    region: false,
  },
  {
    name: "order: --profile's error before another global option's",
    args: [...base, "--output", "--profile"],
    differs: {
      why: "the AWS CLI's global options have a parser of their own, whose one-line usage it shows here; this command shows its synopsis",
      stderr:
        "\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): argument --profile: expected one argument\n\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\nTo see help text, you can run:\n\n  resend-confirmation-code --help\n",
    },
  },
  {
    name: "order: a config file that does not parse before a usage error",
    args: ["--client-id", C],
    files: { config: "output = json\n" },
  },
  {
    name: "order: a config file that does not parse before a skeleton",
    args: ["--generate-cli-skeleton"],
    endpoint: false,
    files: { config: "output = json\n" },
  },
  {
    name: "error format json: a client with a secret called without one",
    args: ["--client-id", CLIENT_WITH_SECRET, "--username", "jane", "--cli-error-format", "json"],
  },
  {
    name: "max attempts 1: the error says no retries were left",
    args: ["--client-id", C, "--username", "nobody"],
    env: { AWS_MAX_ATTEMPTS: "1" },
  },
  {
    name: "error format: --debug's error in the default layout whatever AWS_CLI_ERROR_FORMAT says",
    args: [...base, "--debug=yes"],
    env: { AWS_CLI_ERROR_FORMAT: "json" },
    differs: {
      why: "the AWS CLI's global options have a parser of their own, whose one-line usage it shows here; this command shows its synopsis",
      stderr:
        "\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): argument --debug: ignored explicit argument 'yes'\n\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\nTo see help text, you can run:\n\n  resend-confirmation-code --help\n",
    },
  },
  {
    name: "error format: a missing profile with AWS_CLI_ERROR_FORMAT set keeps the code",
    args: [...base, "--cli-input-json", "{}", "--cli-input-yaml", "{}"],
    env: { AWS_CLI_ERROR_FORMAT: "bogus", AWS_PROFILE: "nope" },
  },
  { name: "max attempts 0 in AWS_MAX_ATTEMPTS", args: base, env: { AWS_MAX_ATTEMPTS: "0" } },
  { name: "error format not a format", args: [...base, "--cli-error-format", "bogus"] },
];

function outputCases(): Case[] {
  const users = { email: "jane", sms: "sms-user", empty: "quiet", "non-ASCII": "zoë", shuffled: "shuffled" };
  const queries = {
    string: "CodeDeliveryDetails.Destination",
    list: "[CodeDeliveryDetails.Destination, CodeDeliveryDetails.DeliveryMedium]",
    object: "CodeDeliveryDetails",
    null: "CodeDeliveryDetails.Nope",
    number: "length(CodeDeliveryDetails.Destination)",
    boolean: "contains(CodeDeliveryDetails.Destination, '@')",
    "list of objects": "[CodeDeliveryDetails, CodeDeliveryDetails]",
    "object of every type":
      "{Details: CodeDeliveryDetails, Names: [CodeDeliveryDetails.Destination, 'x'], Nothing: `null`, Empty: `[]`, EmptyObject: `{}`, Count: `3`, Ratio: `1.5`, Yes: `true`}",
    "empty list": "`[]`",
    "list of lists": "[[CodeDeliveryDetails.Destination, 'a'], ['b'], `[]`]",
    "mixed list": "[CodeDeliveryDetails, 'text', `7`, `null`, `false`, [`1`, `2`]]",
    "list of objects with different keys": "[{a: 'x', b: 'y'}, {b: 'z', c: {d: 'e'}}, {a: `1`}]",
    "strings YAML must quote":
      "['yes', 'no', 'null', '123', '1.5', '', ' lead', 'trail ', 'a: b', '#x', '- x', 'multi\nline', '@at', 'é', 'tab\there', '~', 'True', '0x1F', '2020-01-01', '*star', 'x#y']",
    numbers: "[`-3`, `0.1`, `1e300`, `1.5e-7`, `123456789012`]",
    "whole floats": "[avg(`[1, 2]`), `2.0`, to_number('3.0'), `1e16`, `-0.0`, sum(`[0.5, 0.5]`), ceil(`1.5`)]",
    "not a number": "[to_number('nan'), to_number('-inf'), to_number('1_000')]",
    "characters beyond U+FFFF": "[length('a😀'), reverse('a😀b'), sort(['😀', '～', 'z']), max(['😀', '～'])]",
    "what a JavaScript JMESPath refuses":
      '{n: length(@.CodeDeliveryDetails), legacy: `foo`, either: (@ || `1`) | keys(@), parts: merge(CodeDeliveryDetails, `{"x": 1}`)}',
    "wide values for the table":
      "{Short: 'a', Long: 'a value that is much longer than the title of the table', Deeper: {Inner: 'b', List: ['c', 'dd']}}",
  };
  // Python's own error where the AWS CLI's text and table writers fail; ours names the problem.
  const cannot = (format: string, verb: string): Differs => ({
    why: "the AWS CLI fails here with a Python error message",
    stderr: `\nresend-confirmation-code: [ERROR]: The ${format} output format cannot ${verb} this result: a list that mixes objects with other values. Use --output json, or change --query.\n`,
  });
  const unprintable: Record<string, Differs> = {
    "text: mixed list": cannot("text", "print"),
    "table: mixed list": cannot("table", "draw"),
  };
  const out: Case[] = [];
  for (const format of ["json", "text", "table", "yaml", "yaml-stream"]) {
    for (const [shape, user] of Object.entries(users)) {
      out.push({
        name: `output ${format}: ${shape} response`,
        args: ["--client-id", C, "--username", user, "--output", format],
      });
    }
    for (const [type, query] of Object.entries(queries)) {
      out.push({
        name: `output ${format}: query for ${type}`,
        args: [...base, "--output", format, "--query", query],
        differs: unprintable[`${format}: ${type}`],
      });
    }
    out.push({
      name: `output ${format}: query on an empty response`,
      args: ["--client-id", C, "--username", "quiet", "--output", format, "--query", "CodeDeliveryDetails"],
    });
    out.push({ name: `output ${format}: color on`, args: [...base, "--output", format, "--color", "on"] });
  }
  out.push({
    name: "output table: color on, nested sections",
    args: [...base, "--output", "table", "--color", "on", "--query", queries["wide values for the table"]],
  });
  out.push({
    name: "output table: color on, list of objects",
    args: [...base, "--output", "table", "--color", "on", "--query", queries["list of objects with different keys"]],
  });
  out.push({ name: "query with a syntax error", args: [...base, "--query", "CodeDeliveryDetails.["] });
  out.push({
    name: "query with an unknown function",
    args: [...base, "--query", "nope(CodeDeliveryDetails)"],
    differs: {
      why: "an unknown function is a bad expression: refused before anything is sent",
      exitCode: 252,
      requests: [],
      stderr:
        "\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): Bad value for --query nope(CodeDeliveryDetails): Unknown function: nope()\n",
    },
  });
  out.push({
    name: "query with a function given too many arguments",
    args: [...base, "--query", "length(a, b)"],
    differs: {
      why: "a wrong number of arguments is a bad expression: refused before anything is sent",
      exitCode: 252,
      requests: [],
      stderr:
        "\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): Bad value for --query length(a, b): Expected 1 argument for function length(), received 2\n",
    },
  });
  out.push({ name: "query with a bad token", args: [...base, "--query", "a ^ b"] });
  out.push({ name: "query empty", args: [...base, "--query", ""] });
  out.push({
    name: "query with a type error at run time",
    args: [...base, "--query", "length(`1`)"],
  });
  out.push({ name: "query whose result is an expression", args: [...base, "--query", "&CodeDeliveryDetails"] });
  out.push({
    name: "query for a float zero as a table: nothing to draw",
    args: [...base, "--output", "table", "--query", "avg(`[0]`)"],
  });
  out.push({
    name: "query for lists that hold NaN: equal, as one object",
    args: [
      ...base,
      "--query",
      "[`[NaN]` == `[NaN]`, contains(`[NaN]`, `NaN`), `NaN` == `NaN`, merge(`{}`, `[[null, 1]]`)]",
    ],
  });
  out.push({ name: "query error beats a missing region", args: [...base, "--query", "a["], region: false });
  out.push({
    name: "query with the table title on a nested list",
    args: [...base, "--output", "table", "--query", "[[CodeDeliveryDetails]]"],
  });
  out.push({ name: "query on a service error", args: ["--client-id", C, "--username", "nobody", "--query", "x"] });
  return out;
}
