// The differential fuzz's command lines: FUZZ_CASES cases drawn by a seeded
// generator, so that the same seed always gives the same cases. Each mixes the
// operation's parameters in every input form (flags, shorthand, JSON, `@=`,
// file:// with odd line ends, --cli-input-json/yaml), global options, --query
// over every output format, abbreviations and repeated options, environment
// variables, config and credentials files and the stand-in's error answers.
// What AWS CLI v2 did with each is recorded by record-fuzz.ts into
// fuzz-fixtures.json, and test/fuzz.test.ts replays them against ours.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLIENT_WITH_SECRET, CLIENT_WITHOUT_SECRET, type Fault } from "../support/local-cognito";
import { ROOT } from "../support/process";
import type { Case } from "./cases";

export const FUZZ_CASES = 2000;
export const FUZZ_SEED = 13;

/** mulberry32: a small seeded generator, the same on every machine. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILES: Record<string, string> = {
  "meta.txt": "a=1,b=2",
  "crlf.txt": "jane\r\n",
  "cr.txt": "ja\rne",
  "bom.txt": "\ufeffjane",
  "in.json": `{"ClientId": "${CLIENT_WITHOUT_SECRET}", "Username": "jane"}`,
  "in.yaml": `ClientId: ${CLIENT_WITHOUT_SECRET}\nUsername: jane\n`,
  "meta.json": '{"campaign": "spring", "n": "1"}',
};

const CONFIGS = [
  "[default]\noutput = text\n",
  "[default]\noutput = yaml\ncli_error_format = json\n",
  "[profile default]\noutput = table\n",
  "[default]\nmax_attempts = 1\n",
  "[profile work]\noutput = text\n",
  "[default]\noutput = bogus\n",
  "output = json\n",
  "[default]\nregion = eu-west-1\n",
];

const CREDENTIALS = [
  "[default]\nregion = eu-west-1\n",
  "[work]\nregion = eu-west-2\noutput = text\n",
  "[default]\noutput = yaml\n",
  "[default\naws_access_key_id = x\n",
  "[profile work]\nregion = eu-west-3\n",
  "[default]\ncli_error_format = json\n",
];

export function fuzzCases(count = FUZZ_CASES, seed = FUZZ_SEED): Case[] {
  const random = generator(seed);
  // A stream of its own for the credentials file, so that adding it left every other draw as it was.
  const credentialsDraw = generator(seed ^ 0x5eed);
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(...items: T[]): T => items[Math.floor(random() * items.length)];
  const out: Case[] = [];
  for (let n = 0; n < count; n += 1) {
    const args: string[] = [];
    if (chance(0.92)) {
      args.push(
        pick("--client-id", "--client-id", "--client-i"),
        pick(CLIENT_WITHOUT_SECRET, CLIENT_WITHOUT_SECRET, CLIENT_WITH_SECRET, "", "x".repeat(129), "nosuch"),
      );
    }
    if (chance(0.88)) {
      args.push(
        chance(0.04) ? "--user" : "--username",
        pick("jane", "jane", "nobody", "", "file://crlf.txt", "file://cr.txt", "file://bom.txt", "j a n e", "é", "😀"),
      );
    }
    if (chance(0.3)) {
      args.push(
        "--client-metadata",
        pick(
          "a=1",
          "a=1,b=2",
          '{"a":"1"}',
          "a",
          "a=[1,2]",
          "a={b=1}",
          "file://meta.txt",
          "file://meta.json",
          "a@=file://crlf.txt",
          '{"a":1}',
          "a=1,a=2",
          "=1",
          "a='x,y'",
          '{"a":',
          'a="x\\"y"',
          "a=😀",
        ),
      );
    }
    if (chance(0.15)) {
      args.push(
        "--user-context-data",
        pick("IpAddress=1.2.3.4", "EncodedData=x", "Bogus=1", '{"IpAddress":"1"}', "IpAddress=[1]"),
      );
    }
    if (chance(0.1)) args.push("--analytics-metadata", pick("AnalyticsEndpointId=x", "X=1", "{}"));
    if (chance(0.06)) args.push("--secret-hash", pick("abc", ""));
    if (chance(0.08)) args.push("--cli-input-json", pick("file://in.json", '{"Username":"x"}', "{", '{"Bogus":1}'));
    if (chance(0.04)) args.push("--cli-input-yaml", pick("file://in.yaml", "Username: [", "ClientId: x"));
    if (chance(0.3)) args.push("--output", pick("json", "text", "table", "yaml", "yaml-stream", "off", "bogus"));
    if (chance(0.3)) {
      args.push(
        "--query",
        pick(
          "CodeDeliveryDetails",
          "CodeDeliveryDetails.Destination",
          "length(@)",
          "keys(@)",
          "[",
          "CodeDeliveryDetails.*",
          "values(CodeDeliveryDetails)",
          "sort(keys(@))",
          "@.x",
          "to_string(@)",
          "CodeDeliveryDetails.[Destination, DeliveryMedium]",
          "{d: CodeDeliveryDetails.Destination}",
          "join(', ', keys(CodeDeliveryDetails))",
        ),
      );
    }
    if (chance(0.08)) args.push("--cli-error-format", pick("json", "yaml", "text", "table", "legacy", "nope"));
    if (chance(0.06)) args.push("--generate-cli-skeleton", pick("input", "output", "yaml-input"));
    if (chance(0.06)) args.push(pick("--no-paginate", "--no-cli-pager", "--no-sign-request", "--debug=yes", "--color"));
    if (chance(0.05)) args.push("--color", pick("on", "off", "auto", "x"));
    if (chance(0.04)) args.push(pick("--bogus", "--cli-input"), "x");
    if (chance(0.04)) args.push("--profile", pick("", "nope", "default", "work"));
    if (chance(0.04)) args.push("--cli-read-timeout", pick("0", "-1", "x", "5"));
    if (chance(0.15)) {
      for (let i = args.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [args[i], args[j]] = [args[j], args[i]];
      }
    }
    const env: Record<string, string> = {};
    if (chance(0.08)) env.AWS_DEFAULT_OUTPUT = pick("text", "yaml", "bogus");
    if (chance(0.05)) env.AWS_CLI_ERROR_FORMAT = pick("json", "text", "bogus");
    if (chance(0.04)) env.AWS_MAX_ATTEMPTS = pick("0", "2", "x");
    if (chance(0.03)) env.AWS_PROFILE = pick("work", "nope");
    const files: Record<string, string> = { ...FILES };
    if (chance(0.15)) files.config = pick(...CONFIGS);
    if (credentialsDraw() < 0.1) files.credentials = CREDENTIALS[Math.floor(credentialsDraw() * CREDENTIALS.length)];
    const faults: Array<[number, Fault]> = chance(0.06) ? [[1, pick<Fault>("reason", "limit")]] : [];
    out.push({
      name: `fuzz ${String(n).padStart(4, "0")}`,
      args,
      ...(Object.keys(env).length > 0 ? { env } : {}),
      files,
      ...(faults.length > 0 ? { faults } : {}),
    });
  }
  return out;
}

/** How many expressions queryFormatCases() draws: 240 with a result, 60 that fail, each in 5 formats. */
export const QUERY_EXPRESSIONS = { results: 240, errors: 60 };
const FORMATS = ["json", "text", "table", "yaml", "yaml-stream"];

/**
 * --query through every output format, end to end: expressions of the
 * evaluation corpus (query-eval-corpus.json) that were applied there to the
 * service's answer (its document 0), drawn by the seeded generator, each with
 * every --output. What AWS CLI v2 did with each is recorded into
 * query-format-fixtures.json by record-fuzz.ts.
 */
export function queryFormatCases(seed = FUZZ_SEED): Case[] {
  const corpus = JSON.parse(readFileSync(join(ROOT, "test", "parity", "query-eval-corpus.json"), "utf8")) as {
    cases: Array<{ document: number; expression: string; result?: string; error?: string }>;
  };
  const random = generator(seed);
  const distinct = (kind: "result" | "error"): string[] => [
    ...new Set(corpus.cases.filter((c) => c.document === 0 && c[kind] !== undefined).map((c) => c.expression)),
  ];
  /** `count` of `items`, drawn without repeats (a seeded Fisher-Yates), in the order drawn. */
  const draw = (items: string[], count: number): string[] => {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, count);
  };
  const expressions = [
    ...draw(distinct("result"), QUERY_EXPRESSIONS.results),
    ...draw(distinct("error"), QUERY_EXPRESSIONS.errors),
  ];
  return expressions.flatMap((expression, n) =>
    FORMATS.map((format) => ({
      name: `query ${String(n).padStart(3, "0")} ${format}`,
      args: ["--client-id", CLIENT_WITHOUT_SECRET, "--username", "jane", "--output", format, "--query", expression],
    })),
  );
}
