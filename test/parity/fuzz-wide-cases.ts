// The wider differential fuzz (issue 19, item 3): WIDE_CASES command lines
// drawn by a seeded generator of their own, each from one family that goes
// where fuzz-cases.ts does not:
//   argv-bytes   bytes that are not UTF-8 and lone surrogates in argv (see
//                argvBytes in run-case.ts: "\udcff" is the byte 0xFF);
//   whitespace   byte-order marks, Unicode whitespace and C0 controls in
//                values (plain, shorthand, JSON, --query, choices);
//   files        the same in file:// and fileb:// files, --cli-input-json
//                and --cli-input-yaml files, UTF-16 with a BOM among them;
//   answer       5xx (and a few 4xx) answers whose bodies come in every
//                shape: JSON with and without __type and message, plain
//                text, empty, HTML, XML, bytes that are not UTF-8;
//   follower     options that expect a value followed by `--` or another option;
//   region       --region, AWS_REGION, AWS_DEFAULT_REGION and the profile's
//                region in every form: digits, underscores, upper case, empty,
//                very long;
//   yaml         tags, merge keys, anchors, dates and the like in --cli-input-yaml;
//   error-format --cli-error-format, AWS_CLI_ERROR_FORMAT and the profile's
//                cli_error_format applied to argument errors.
// Every case may get some of the usual global options on top. What AWS CLI v2
// did with each is recorded by `record-fuzz.ts wide` into
// fuzz-wide-fixtures.json, and test/fuzz-wide.test.ts replays them against ours.
import type { Case } from "./cases";
import { generator } from "./fuzz-cases";
import { CLIENT_WITH_SECRET, CLIENT_WITHOUT_SECRET, type ScriptedAnswer } from "../support/local-cognito";

export const WIDE_CASES = 3200;
export const WIDE_SEED = 1919;

const C = CLIENT_WITHOUT_SECRET;

/** The draws a family makes, all from the one seeded stream. */
interface Draw {
  chance(p: number): boolean;
  pick<T>(...items: T[]): T;
  int(below: number): number;
}

/** What a family makes of one case: its parts beside the name. */
type Made = Omit<Case, "name">;

/** Byte sequences that are not UTF-8 (as argvBytes writes them) and lone surrogates. */
const BAD_BYTES = [
  "\udcff",
  "\udcfe",
  "\udc80",
  "\udcc3",
  "\udcc3(",
  "\udce2\udc82",
  "\udcf0\udc9f\udc98",
  "\udced\udca0\udc80",
  "\udced\udcb0\udc80",
  "\udced\udca0\udcbd\udced\udcb8\udc80",
  "\udcc0\udcaf",
  "\udcf4\udc90\udc80\udc80",
  "\udcf8\udc88\udc80\udc80\udc80",
  "\udcfe\udcff",
  // Lone surrogates as a JavaScript string holds them: spawn sends EF BF BD.
  "\ud800",
  "\udfff",
];

/** Unicode whitespace, byte-order marks and other characters that are easy to miss. */
const ODD_SPACES = [
  "\ufeff",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u3000",
  "\u2003",
  "\u200b",
  "\u180e",
  "\u1680",
  "\u202f",
  "\u205f",
  "\ufffe",
  "\t",
  "\n",
  "\r",
  "\r\n",
  "\v",
  "\f",
];

/** C0 controls (no NUL: argv cannot hold one) and DEL. */
const CONTROLS = ["\x01", "\x07", "\x08", "\x1b", "\x1c", "\x1d", "\x1e", "\x1f", "\x7f", "\x1b[31m"];

const FORMATS = ["json", "yaml", "text", "table", "legacy", "enhanced", "JSON", "Yaml", "bogus", ""];
const OUTPUTS = ["json", "text", "table", "yaml", "yaml-stream", "off"];
const QUERIES = [
  "CodeDeliveryDetails",
  "CodeDeliveryDetails.Destination",
  "keys(@)",
  "CodeDeliveryDetails.[Destination, DeliveryMedium]",
  "{d: CodeDeliveryDetails.Destination}",
  "@",
];

/** `value` with `odd` put before, after, inside or instead of it. */
function placed(draw: Draw, value: string, odd: string): string {
  const cut = draw.int(value.length + 1);
  return draw.pick(odd + value, value + odd, value.slice(0, cut) + odd + value.slice(cut), odd, odd + value + odd);
}

/** The usual parameters, some of them dropped or replaced. */
function base(draw: Draw, username = "jane"): string[] {
  return ["--client-id", draw.chance(0.1) ? CLIENT_WITH_SECRET : C, "--username", username];
}

function argvBytes(draw: Draw): Made {
  const bad = draw.pick(...BAD_BYTES);
  const where = draw.int(14);
  const args = base(draw);
  const files: Record<string, string> = {};
  switch (where) {
    case 0:
      args[3] = placed(draw, "jane", bad);
      break;
    case 1:
      args[1] = placed(draw, C, bad);
      break;
    case 2:
      args.push("--client-metadata", draw.pick(`a=${bad}`, `${bad}=1`, `a=1,b=x${bad}y`, `a=[${bad}]`, `a='${bad}'`));
      break;
    case 3:
      args.push("--client-metadata", draw.pick(`{"a": "${bad}"}`, `{"${bad}": "1"}`, `{"a": "1"}${bad}`, `${bad}{}`));
      break;
    case 4:
      args.push(draw.pick(`--${bad}`, `--client-id${bad}`, `--user${bad}`, `-${bad}`, bad));
      break;
    case 5:
      args.push("--output", placed(draw, draw.pick(...OUTPUTS), bad));
      break;
    case 6:
      args.push("--query", draw.pick(`CodeDeliveryDetails.${bad}`, `'${bad}'`, `\`"${bad}"\``, `"${bad}"`, bad));
      break;
    case 7:
      args.push(draw.pick("--profile", "--color", "--cli-error-format", "--cli-read-timeout"), bad);
      break;
    case 8:
      args.push("--client-metadata", `file://${placed(draw, "meta.txt", bad)}`);
      files["meta.txt"] = "a=1";
      break;
    case 9:
      args.splice(0, 4);
      args.push(
        "--cli-input-json",
        draw.pick(`{"ClientId": "${C}", "Username": "${bad}"}`, `{"ClientId": "${C}", "Username": "jane"}${bad}`),
      );
      break;
    case 10:
      args.splice(0, 4);
      args.push("--cli-input-yaml", draw.pick(`ClientId: ${C}\nUsername: ${bad}\n`, `ClientId: ${C}\n${bad}: jane\n`));
      break;
    case 11:
      args.push("--user-context-data", draw.pick(`IpAddress=${bad}`, `EncodedData=${bad}`, `{"IpAddress": "${bad}"}`));
      break;
    case 12:
      args.push("--secret-hash", placed(draw, "abc", bad));
      break;
    default:
      args.push("--analytics-metadata", draw.pick(`AnalyticsEndpointId=${bad}`, `${bad}`));
      break;
  }
  return { args, files };
}

function whitespace(draw: Draw): Made {
  const odd = draw.chance(0.7) ? draw.pick(...ODD_SPACES) : draw.pick(...CONTROLS);
  const args = base(draw);
  const where = draw.int(12);
  switch (where) {
    case 0:
      args[3] = placed(draw, "jane", odd);
      break;
    case 1:
      args[1] = placed(draw, C, odd);
      break;
    case 2:
      args.push(
        "--client-metadata",
        draw.pick(
          `a=${odd}`,
          `a=1${odd}`,
          `${odd}a=1`,
          `a${odd}=1`,
          `a=${odd}1`,
          `a=1,${odd}b=2`,
          `a=1${odd},b=2`,
          `a='${odd}'`,
          `a="x${odd}y"`,
          `a=[${odd}1,2]`,
          `a=1${odd}`,
        ),
      );
      break;
    case 3:
      args.push(
        "--client-metadata",
        draw.pick(
          `${odd}{"a": "1"}`,
          `{"a": "1"}${odd}`,
          `{${odd}"a": "1"}`,
          `{"a":${odd}"1"}`,
          `{"a": "${odd}"}`,
          `{"${odd}": "1"}`,
          `{"a": "1"${odd}}`,
        ),
      );
      break;
    case 4:
      args.push("--query", placed(draw, draw.pick(...QUERIES), odd));
      break;
    case 5:
      args.push(
        draw.pick("--output", "--color", "--cli-error-format", "--generate-cli-skeleton"),
        placed(draw, draw.pick("json", "text", "on", "input"), odd),
      );
      break;
    case 6:
      args.push("--user-context-data", draw.pick(`IpAddress=${odd}1.2.3.4`, `{"IpAddress": "1${odd}"}`, `${odd}`));
      break;
    case 7:
      args.splice(0, 4);
      args.push("--cli-input-json", placed(draw, `{"ClientId": "${C}", "Username": "jane"}`, odd));
      break;
    case 8:
      args.splice(0, 4);
      args.push("--cli-input-yaml", placed(draw, `ClientId: ${C}\nUsername: jane\n`, odd));
      break;
    case 9:
      args.push(placed(draw, "--client-metadata", odd), "a=1");
      break;
    case 10:
      args.push("--profile", placed(draw, "work", odd));
      return { args, files: { config: "[profile work]\noutput = text\n" } };
    default:
      args.push("--secret-hash", placed(draw, "abc", odd));
      break;
  }
  return { args };
}

/** A file's bytes in base64: text in UTF-8 (BOM or not), UTF-16 with its BOM, or Latin-1. */
function encoded(draw: Draw, text: string): { content: string; binary: boolean } {
  const how = draw.int(8);
  if (how <= 2) return { content: text, binary: false };
  if (how === 3) return { content: `\ufeff${text}`, binary: false };
  if (how === 4) return { content: Buffer.from(`\ufeff${text}`, "utf16le").toString("base64"), binary: true };
  if (how === 5) {
    const le = Buffer.from(`\ufeff${text}`, "utf16le");
    return { content: Buffer.from(le).swap16().toString("base64"), binary: true };
  }
  if (how === 6) return { content: Buffer.from(text, "utf16le").toString("base64"), binary: true };
  return { content: Buffer.from(text, "latin1").toString("base64"), binary: true };
}

function files(draw: Draw): Made {
  const odd = draw.chance(0.75) ? draw.pick(...ODD_SPACES) : draw.pick(...CONTROLS, "\x00");
  const args = base(draw);
  const kind = draw.int(7);
  const name = draw.pick("f.txt", "f.json", "f.yaml", "f");
  let text: string;
  if (kind === 0) {
    text = placed(draw, draw.pick("jane", "nobody", "zoë"), odd);
    args[3] = `${draw.pick("file://", "fileb://")}${name}`;
  } else if (kind === 1) {
    text = placed(draw, draw.pick("a=1", "a=1,b=2", "a=é"), odd);
    args.push("--client-metadata", `${draw.pick("file://", "fileb://")}${name}`);
  } else if (kind === 2) {
    text = placed(draw, draw.pick('{"a": "1"}', '{"a": "é", "b": "2"}'), odd);
    args.push("--client-metadata", `${draw.pick("file://", "file://", "fileb://")}${name}`);
  } else if (kind === 3) {
    text = placed(draw, `{"ClientId": "${C}", "Username": "jane"}`, odd);
    args.splice(0, 4);
    args.push("--cli-input-json", `file://${name}`);
  } else if (kind === 4) {
    text = placed(draw, `ClientId: ${C}\nUsername: ${draw.pick("jane", "zoë", '"jane"')}\n`, odd);
    args.splice(0, 4);
    args.push("--cli-input-yaml", `file://${name}`);
  } else if (kind === 5) {
    text = placed(draw, "a=1", odd);
    args.push("--client-metadata", `a@=${draw.pick("file://", "fileb://")}${name}`);
  } else {
    text = placed(draw, draw.pick("[default]\noutput = text\n", "[default]\ncli_error_format = json\n"), odd);
    const { content, binary } = encoded(draw, text);
    if (draw.chance(0.5)) args.push("--username", "nobody");
    return { args, files: { config: content }, ...(binary ? { binary: ["config"] } : {}) };
  }
  const { content, binary } = encoded(draw, text);
  return { args, files: { [name]: content }, ...(binary ? { binary: [name] } : {}) };
}

const JSON_TYPE = "application/x-amz-json-1.1";

/** A body for an error answer, with the Content-Type it comes with (if any). */
function errorBody(draw: Draw): { body: string; base64?: boolean; type?: string } {
  const json = (value: unknown): { body: string; type: string } => ({
    body: JSON.stringify(value),
    type: draw.pick(JSON_TYPE, JSON_TYPE, "application/json", "text/plain"),
  });
  switch (draw.int(26)) {
    case 0:
      return json({ __type: "InternalErrorException", message: "Internal server error." });
    case 1:
      return json({ __type: "com.amazonaws.cognito#InternalErrorException", message: "Internal error." });
    case 2:
      return json({ __type: "ServiceUnavailableException" });
    case 3:
      return json({ message: "The service is down." });
    case 4:
      return json({ Message: "The service is down." });
    case 5:
      return json({ __type: "InternalErrorException", Message: "Capital M." });
    case 6:
      return json({ code: "InternalFailure", message: "A code, no __type." });
    case 7:
      return json({});
    case 8:
      return json({ __type: "InternalErrorException", message: "m", reasonCode: "R", extra: 1 });
    case 9:
      return json(draw.pick({ __type: "X", message: 123 }, { __type: "X", message: null }, { message: ["a"] }));
    case 10:
      return json(draw.pick<unknown>([], "oops", 42, null, true));
    case 11:
      return {
        body: draw.pick("{not json", '{"__type": "X"', '{"__type": "X", "message": "m"} trailing'),
        type: JSON_TYPE,
      };
    case 12:
      return { body: draw.pick("Internal Server Error", "oops", "upstream connect error or disconnect/reset") };
    case 13:
      return { body: draw.pick("line one\nline two\n", "  padded  ", "Ünïcödé error ☃", "tab\there") };
    case 14:
      return { body: "", type: draw.pick(JSON_TYPE, "text/plain", "text/html", undefined) };
    case 15:
      return { body: draw.pick(" ", "\n", "\r\n\r\n"), type: draw.pick(JSON_TYPE, undefined) };
    case 16:
      return { body: "<html><body><h1>500 Internal Server Error</h1></body></html>", type: "text/html" };
    case 17:
      return {
        body: "<!DOCTYPE html>\n<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n</body>\n</html>\n",
        type: draw.pick("text/html", "text/html; charset=utf-8", JSON_TYPE),
      };
    case 18:
      return {
        body: "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>",
        type: draw.pick("application/xml", "text/xml"),
      };
    case 19:
      return { body: Buffer.from([0xff, 0xfe, 0x6f, 0x6f, 0x70, 0x73, 0xc3]).toString("base64"), base64: true };
    case 20:
      return { body: "x".repeat(draw.pick(300, 3000)), type: "text/plain" };
    case 21:
      return json({ __type: "InternalErrorException:http://internal.amazon.com/coral/", message: "colon in type" });
    case 22:
      return json({ __type: draw.pick("TooManyRequestsException", "ThrottlingException", "UserNotFoundException") });
    case 23:
      return json({ __type: "InternalErrorException", message: "" });
    case 24:
      return json({ __type: "", message: "empty type" });
    default:
      return json({ errorMessage: "AWS Lambda style", errorType: "Error" });
  }
}

function answer(draw: Draw): Made {
  const status = draw.chance(0.85)
    ? draw.pick(500, 500, 501, 502, 503, 503, 504, 505, 507, 509, 520, 599)
    : draw.pick(400, 403, 404, 413, 429);
  const { body, base64, type } = errorBody(draw);
  const headers: Record<string, string> = { "x-amzn-RequestId": "11111111-2222-4333-8444-555555555555" };
  if (type) headers["Content-Type"] = type;
  if (draw.chance(0.25))
    headers["x-amzn-ErrorType"] = draw.pick(
      "ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.coral.availability/",
      "InternalErrorException:",
      "InternalFailure",
    );
  const scripted: ScriptedAnswer = { status, headers, body, ...(base64 ? { base64: true } : {}) };
  const args = base(draw);
  const env: Record<string, string> = {};
  const files: Record<string, string> = {};
  let count = 1;
  const retries = draw.int(10);
  if (retries < 6) env.AWS_MAX_ATTEMPTS = "1";
  else if (retries < 8) files.config = "[default]\nmax_attempts = 1\n";
  // Three answers for the three attempts, or one that a retry gets past.
  else count = retries === 8 ? 3 : 1;
  if (draw.chance(0.25)) args.push("--cli-error-format", draw.pick("json", "yaml", "text", "table", "legacy"));
  if (draw.chance(0.1)) env.AWS_CLI_ERROR_FORMAT = draw.pick("json", "yaml", "legacy");
  return { args, env, files, answers: [[count, scripted]] };
}

const VALUE_OPTIONS = [
  "--query",
  "--color",
  "--region",
  "--output",
  "--profile",
  "--cli-error-format",
  "--cli-read-timeout",
  "--cli-connect-timeout",
  "--client-id",
  "--username",
  "--client-metadata",
  "--user-context-data",
  "--analytics-metadata",
  "--secret-hash",
  "--cli-input-json",
  "--cli-input-yaml",
  "--generate-cli-skeleton",
  "--ca-bundle",
  "--cli-binary-format",
  "--endpoint-url",
];

function follower(draw: Draw): Made {
  const option = draw.pick(...VALUE_OPTIONS);
  const next = draw.pick(
    ["--"],
    ["--", "x"],
    ["--output", "json"],
    ["--output=json"],
    ["--region", "us-east-1"],
    ["--bogus"],
    ["-"],
    ["-1"],
    ["-o"],
    ["---"],
    ["--no-paginate"],
    ["--query", "@"],
    ["--username", "jane"],
    [],
  );
  const args = base(draw);
  const at = draw.pick("end", "end", "start", "middle");
  const pair = [option, ...next];
  if (at === "end") args.push(...pair);
  else if (at === "start") args.unshift(...pair);
  else args.splice(2, 0, ...pair);
  if (draw.chance(0.15)) args.splice(draw.int(args.length + 1), 0, "--");
  if (draw.chance(0.1)) args.push(`${option}=`);
  return { args, ...(option === "--region" && draw.chance(0.5) ? { region: false as const } : {}) };
}

const REGIONS = [
  "1",
  "123",
  "0",
  "us_east_1",
  "US-EAST-1",
  "Us-East-1",
  "",
  " ",
  "a".repeat(63),
  "a".repeat(64),
  `us-east-1${"-x".repeat(40)}`,
  "-us",
  "us-",
  "us--east-1",
  "us east 1",
  "us-east-1 ",
  " us-east-1",
  "üs-east-1",
  "us-east-1.",
  "x.y",
  "local",
  "aws-global",
  "us-gov-west-1",
  "cn-north-1",
  "us-east-1-fips",
  "fips-us-east-1",
  "eu-isoe-west-1",
  "us-east-1\u00a0",
  "us/east",
  "us:1",
  "*",
  "us-east-1",
  "eu-west-3",
];

function region(draw: Draw): Made {
  const args = base(draw);
  const env: Record<string, string> = {};
  const files: Record<string, string> = {};
  const given = draw.pick(...REGIONS);
  const source = draw.int(6);
  if (source <= 2) args.push(...(draw.chance(0.8) ? ["--region", given] : [`--region=${given}`]));
  else if (source === 3) env.AWS_REGION = given;
  else if (source === 4) env.AWS_DEFAULT_REGION = given;
  else files.config = `[default]\nregion = ${given}\n`;
  if (draw.chance(0.2)) env[draw.pick("AWS_REGION", "AWS_DEFAULT_REGION")] = draw.pick(...REGIONS);
  if (draw.chance(0.1)) files.config = `[default]\nregion = ${draw.pick(...REGIONS)}\n`;
  if (draw.chance(0.1)) args.push("--region", draw.pick(...REGIONS));
  return { args, env, files, region: false };
}

/** Documents for --cli-input-yaml: tags, merge keys, anchors, dates and other YAML. */
const YAML_DOCUMENTS = [
  `ClientId: !!str ${C}\nUsername: !!str jane\n`,
  `ClientId: ${C}\nUsername: !!int 123\n`,
  `ClientId: ${C}\nUsername: 123\n`,
  `ClientId: ${C}\nUsername: 2001-12-14\n`,
  `ClientId: ${C}\nUsername: 2001-12-14t21:59:43.10-05:00\n`,
  `ClientId: ${C}\nUsername: !!timestamp 2001-12-14\n`,
  `ClientId: ${C}\nUsername: "2001-12-14"\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  when: 2001-12-14\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  when: !!str 2001-12-14\n`,
  `ClientId: ${C}\nUsername: !!binary amFuZQ==\n`,
  `ClientId: ${C}\nUsername: !custom jane\n`,
  `ClientId: ${C}\nUsername: !!python/object:object {}\n`,
  `ClientId: ${C}\nUsername: !!python/name:os.system\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata: !!set {a, b}\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata: !!omap [a: "1", b: "2"]\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata: !!map {a: "1"}\n`,
  `ClientId: ${C}\nUsername: !!null\n`,
  `ClientId: ${C}\nUsername: ~\n`,
  `ClientId: ${C}\nUsername:\n`,
  `ClientId: ${C}\nUsername: yes\n`,
  `ClientId: ${C}\nUsername: on\n`,
  `ClientId: ${C}\nUsername: !!bool yes\n`,
  `ClientId: ${C}\nUsername: 0o14\n`,
  `ClientId: ${C}\nUsername: 012\n`,
  `ClientId: ${C}\nUsername: 1_000\n`,
  `ClientId: ${C}\nUsername: .inf\n`,
  `ClientId: ${C}\nUsername: .nan\n`,
  `ClientId: ${C}\nUsername: 0x1f\n`,
  `ClientId: ${C}\nUsername: 1e3\n`,
  `base: &b\n  ClientId: ${C}\n  Username: jane\n<<: *b\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  <<: {a: "1", b: "2"}\n  c: "3"\n`,
  `defaults: &d {a: "1", b: "2"}\nClientId: ${C}\nUsername: jane\nClientMetadata:\n  <<: *d\n  b: "x"\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  <<: [{a: "1"}, {a: "2", b: "3"}]\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  <<: "not a map"\n`,
  `<<: {ClientId: ${C}, Username: jane}\n`,
  `ClientId: &id ${C}\nUsername: jane\nClientMetadata:\n  client: *id\n`,
  `ClientId: ${C}\nUsername: &u jane\nClientMetadata: {who: *u}\n`,
  `ClientId: ${C}\nUsername: *nosuch\n`,
  `ClientId: ${C}\nUsername: &a jane\nClientMetadata: {a: *a, b: *a}\nAnalyticsMetadata: &m {AnalyticsEndpointId: x}\n`,
  `ClientId: ${C}\nUsername: jane\nClientMetadata: &self {a: "1"}\nUserContextData: *self\n`,
  `ClientId: ${C}\nUsername: jane\nUsername: john\n`,
  `ClientId: ${C}\nUsername: |\n  jane\n`,
  `ClientId: ${C}\nUsername: >-\n  jane\n`,
  `ClientId: ${C}\nUsername: 'jane'\n`,
  `{ClientId: ${C}, Username: jane}\n`,
  `---\nClientId: ${C}\nUsername: jane\n...\n`,
  `---\nClientId: ${C}\nUsername: jane\n---\nUsername: john\n`,
  `%YAML 1.1\n---\nClientId: ${C}\nUsername: yes\n`,
  `%YAML 1.2\n---\nClientId: ${C}\nUsername: jane\n`,
  `%TAG !e! tag:example.com,2000:\n---\nClientId: ${C}\nUsername: !e!name jane\n`,
  `? ClientId\n: ${C}\n? Username\n: jane\n`,
  `? [a, b]\n: 1\nClientId: ${C}\nUsername: jane\n`,
  `ClientId: ${C}\nUsername: jane # a comment\n`,
  `ClientId: ${C}\n\tUsername: jane\n`,
  `- ClientId: ${C}\n- Username: jane\n`,
  "just a string\n",
  "",
  "# only a comment\n",
  `ClientId: ${C}\nUsername: jane\nClientMetadata:\n  a: 1\n  b: true\n  c: 2001-12-14\n`,
  `ClientId: ${C}\nUsername: "ja\\x41ne\\u00e9"\n`,
  `ClientId: ${C}\nUsername: "\\N\\_\\L\\P"\n`,
];

function yaml(draw: Draw): Made {
  const document = draw.pick(...YAML_DOCUMENTS);
  const args: string[] = [];
  if (draw.chance(0.2)) args.push("--username", draw.pick("jane", "nobody"));
  if (draw.chance(0.6)) {
    args.push("--cli-input-yaml", "file://in.yaml");
    return { args, files: { "in.yaml": document } };
  }
  args.push("--cli-input-yaml", document);
  return { args };
}

/** Argument errors of each kind, for error-format. */
function argumentError(draw: Draw): string[] {
  const args = base(draw);
  switch (draw.int(14)) {
    case 0:
      return [...args, "--client-metadata"];
    case 1:
      return [args[0], args[1], "--username"];
    case 2:
      return [...args, "--output", draw.pick("bogus", "JSON", "")];
    case 3:
      return [...args, "--color", "x"];
    case 4:
      return [...args, "--generate-cli-skeleton", "nope"];
    case 5:
      return [...args, "--cli-binary-format", "hex"];
    case 6:
      return args.slice(draw.pick(0, 2), draw.pick(2, 4)).concat(draw.chance(0.3) ? args.slice(4) : []);
    case 7:
      return [];
    case 8:
      return [...args, "--bogus", "x"];
    case 9:
      return [...args, "--client-metadata", draw.pick("a", "a=[1,2]", '{"a":', "a={b=1}")];
    case 10:
      return [...args, "--cli-input-json", draw.pick("{", '{"Bogus": 1}', '["x"]')];
    case 11:
      return [...args.slice(0, 2), "--username", "", "--client-id", draw.pick("", "x".repeat(129))];
    case 12:
      return [...args, "--cli-read-timeout", draw.pick("x", "-1", "1.5")];
    default:
      return [...args, "--username", draw.pick("nobody", "confirmed-user")];
  }
}

function errorFormat(draw: Draw): Made {
  const args = argumentError(draw);
  const env: Record<string, string> = {};
  const files: Record<string, string> = {};
  const sources = draw.int(8);
  if (sources & 1) args.splice(draw.int(args.length + 1), 0, "--cli-error-format", draw.pick(...FORMATS));
  if (sources & 2) env.AWS_CLI_ERROR_FORMAT = draw.pick(...FORMATS);
  if (sources & 4 || sources === 0) {
    const value = draw.pick(...FORMATS);
    if (draw.chance(0.7)) files.config = `[default]\ncli_error_format = ${value}\n`;
    else {
      files.config = `[profile work]\ncli_error_format = ${value}\n`;
      if (draw.chance(0.5)) args.push("--profile", "work");
      else env.AWS_PROFILE = "work";
    }
  }
  return { args, env, files };
}

const FAMILIES: Array<[string, number, (draw: Draw) => Made]> = [
  ["argv-bytes", 400, argvBytes],
  ["whitespace", 450, whitespace],
  ["files", 450, files],
  ["answer", 450, answer],
  ["follower", 350, follower],
  ["region", 350, region],
  ["yaml", 350, yaml],
  ["error-format", 400, errorFormat],
];

/** A few of the usual global options on top of a case. */
function extras(draw: Draw, made: Made): void {
  const args = made.args;
  if (draw.chance(0.15)) args.push("--output", draw.pick(...OUTPUTS));
  if (draw.chance(0.1)) args.push("--query", draw.pick(...QUERIES));
  if (draw.chance(0.04)) args.push(...draw.pick(["--no-paginate"], ["--no-cli-pager"], ["--color", "off"]));
  if (draw.chance(0.05)) made.env = { ...made.env, AWS_DEFAULT_OUTPUT: draw.pick("text", "yaml", "table") };
}

/** The family whose share of the weights holds `at`. */
function familyAt(at: number): (typeof FAMILIES)[number] {
  let left = at;
  for (const family of FAMILIES) {
    left -= family[1];
    if (left < 0) return family;
  }
  return FAMILIES[FAMILIES.length - 1];
}

export function wideCases(count = WIDE_CASES, seed = WIDE_SEED): Case[] {
  const random = generator(seed);
  const draw: Draw = {
    chance: (p) => random() < p,
    pick: (...items) => items[Math.floor(random() * items.length)],
    int: (below) => Math.floor(random() * below),
  };
  const total = FAMILIES.reduce((sum, [, weight]) => sum + weight, 0);
  const out: Case[] = [];
  for (let n = 0; n < count; n += 1) {
    const [family, , make] = familyAt(random() * total);
    const { args, env, files, ...rest } = make(draw);
    const made: Made = { args, env, files };
    extras(draw, made);
    out.push({
      name: `wide ${String(n).padStart(4, "0")} ${family}`,
      args,
      ...(made.env && Object.keys(made.env).length > 0 ? { env: made.env } : {}),
      ...(files && Object.keys(files).length > 0 ? { files } : {}),
      ...rest,
    });
  }
  return out;
}
