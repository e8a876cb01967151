// Runs one case of test/parity/cases.ts, with AWS CLI v2 (spawned: the path in
// AWS_CLI, else /usr/bin/aws) or with our command (in this process, through
// main), against a fresh local endpoint, in a fresh folder with no AWS
// credentials, and returns what a user would see: exit code, stdout, stderr and
// the bodies the endpoint received (or, for ours given a CaseService in place
// of the endpoint's, the requests that service was given). The endpoint's port
// reads PORT.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ServiceFactory } from "../../src/call";
import { decodeSurrogateEscape, stderrText, stdoutBytes } from "../../src/text-bytes";
import type { Case } from "../parity/cases";
import { runMain } from "./io";
import { type Body, CLIENT_SECRET, type Endpoint, TEST_CERT, secretHash, startLocalCognito } from "./local-cognito";
import { cleanEnv, spawnCollect } from "./process";

/** The reference: AWS CLI v2. */
export const AWS_BIN = process.env.AWS_CLI || "/usr/bin/aws";

/**
 * Error text with each program's name set apart: `<program>: [ERROR]: `, and
 * the first parser's one-line synopsis, `usage: <program> [--profile PROFILE] [--debug]`.
 */
const asProgram = (stderr: string): string =>
  stderr
    .replace(/^(aws|resend-confirmation-code): \[ERROR\]: /gm, "<program>: [ERROR]: ")
    .replace(/^usage: (aws|resend-confirmation-code) \[--profile/gm, "usage: <program> [--profile");

/** The usage synopsis, which names each program its own way. */
const USAGE_BLOCK = /usage: [^\n]*\nTo see help text, you can run:\n\n(?: {2}[^\n]*\n)+/;

/** The error text with the program's name and its usage synopsis set apart, and nothing else changed. */
export const normalised = (stderr: string): string => asProgram(stderr.replace(USAGE_BLOCK, "<usage>\n"));

/** The first line of error text that is not blank. */
export const firstLine = (stderr: string): string => stderr.split("\n").find((line) => line.trim() !== "") ?? "";

/**
 * The bytes a program finds in its argv for one argument: the argument in
 * UTF-8, but that an unpaired U+DC80..U+DCFF stands for the byte 0x80..0xFF
 * (Python's surrogateescape), so that a case can hold bytes that are not
 * UTF-8 (a lone surrogate as ED A0 80 is "\udced\udca0\udc80"). Any other
 * unpaired surrogate is EF BF BD, as Node's spawn makes it.
 */
export function argvBytes(arg: string): Buffer {
  const parts: Buffer[] = [];
  for (const ch of arg) {
    const code = ch.codePointAt(0) as number;
    parts.push(code >= 0xdc80 && code <= 0xdcff ? Buffer.of(code - 0xdc00) : Buffer.from(ch, "utf8"));
  }
  return Buffer.concat(parts);
}

/**
 * What our command makes of an argument's bytes (src/node.ts): each byte that
 * is not part of valid UTF-8 the lone surrogate U+DC80 + byte, as the AWS CLI
 * (Python) reads argv. Node's process.argv would hold U+FFFD there; node.ts
 * reads the bytes again (test/smoke/argv-bytes.test.ts runs it so).
 */
export const ourArgv = (arg: string): string => (SURROGATE.test(arg) ? decodeSurrogateEscape(argvBytes(arg)) : arg);

/** A surrogate, paired or not: only an argument that holds one can differ from its UTF-8 (most hold none). */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * What a user sees of the text our command writes, as what spawnCollect makes
 * of the AWS CLI's bytes: stdout's bytes (stdoutBytes) read as UTF-8, stderr
 * with each lone surrogate as \udXXX (stderrText).
 */
const seenOut = (text: string): string => stdoutBytes(text).toString("utf8");

/** Whether an argument holds bytes that are not UTF-8 (see argvBytes). */
const hasRawBytes = (arg: string): boolean => SURROGATE.test(arg) && !argvBytes(arg).equals(Buffer.from(arg, "utf8"));

/**
 * A /bin/sh script that runs "$0" with `args` as their bytes (argvBytes): a
 * spawned program is given text only, so each argument is made by printf from
 * octal escapes (an `x` kept past the end, so that trailing newlines stay).
 */
export function rawArgvScript(args: readonly string[]): string {
  const lines = args.map((arg, i) => {
    const octal = [...argvBytes(arg)].map((byte) => `\\${byte.toString(8).padStart(3, "0")}`).join("");
    return `a${i}=$(printf '${octal}x'); a${i}=\${a${i}%x}`;
  });
  return `${lines.join("\n")}\nexec "$0" ${args.map((_, i) => `"$a${i}"`).join(" ")}\n`;
}

export interface CaseOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  requests: Body[];
}

/**
 * A loopback port that nothing listens on: 9 (discard), as the parity cases
 * recorded from the AWS CLI take it. Not a port that was free a moment ago,
 * which an endpoint started meanwhile by a test beside this one may listen on.
 */
export const CLOSED_PORT = 9;

/**
 * A request body as fixtures keep it: no SecretHash, only whether it was the
 * right one for the local pool's secret.
 */
export function withoutSecrets(body: Body): Body {
  if (typeof body.SecretHash !== "string") return body;
  const right = body.SecretHash === secretHash(CLIENT_SECRET, String(body.Username), String(body.ClientId));
  return { ...body, SecretHash: right ? "<the right SecretHash>" : "<another SecretHash>" };
}

/**
 * A folder and a local endpoint (plain HTTP) that cases run in one after
 * another, for the fuzz's thousands: before each case the folder is made to
 * hold exactly the case's files, and the endpoint forgets every request and
 * fault of the case before. A case that needs its own (TLS, or files in a
 * subfolder) gets them fresh as without a lane.
 */
export interface Lane {
  readonly home: string;
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

export async function openLane(): Promise<Lane> {
  const home = mkdtempSync(join(tmpdir(), "rcc-lane-"));
  const endpoint = await startLocalCognito();
  return {
    home,
    endpoint,
    async close() {
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The files of `lane`'s folder, as written there: name to content. */
const laneFiles = new WeakMap<Lane, Map<string, string>>();

/** Makes the lane's folder hold `files` and nothing else, writing only what changed since the case before. */
function fillLane(lane: Lane, files: Map<string, string | Buffer>): void {
  const present = laneFiles.get(lane) ?? new Map<string, string>();
  laneFiles.set(lane, present);
  for (const name of [...present.keys()])
    if (!files.has(name)) {
      unlinkSync(join(lane.home, name));
      present.delete(name);
    }
  for (const [name, content] of files) {
    const key = typeof content === "string" ? content : `base64:${content.toString("base64")}`;
    if (present.get(name) === key) continue;
    writeFileSync(join(lane.home, name), content);
    present.set(name, key);
  }
}

/** After a case: a lane whose folder holds anything else (something the run wrote) is emptied, for the next to start clean. */
function checkLane(lane: Lane): void {
  const present = laneFiles.get(lane) ?? new Map<string, string>();
  const found = readdirSync(lane.home);
  if (found.length === present.size && found.every((name) => present.has(name))) return;
  rmSync(lane.home, { recursive: true, force: true });
  mkdirSync(lane.home);
  present.clear();
}

/** The case's files, as they are written: TEST_CERT put in, binary ones decoded. */
function filesOf(testCase: Case): Map<string, string | Buffer> {
  return new Map(
    Object.entries(testCase.files ?? {}).map(([name, content]) => [
      name,
      testCase.binary?.includes(name) ? Buffer.from(content, "base64") : content.replace("TEST_CERT", TEST_CERT),
    ]),
  );
}

/**
 * A service in place of the endpoint's, for our command: given where to
 * record each request body it is sent. The outcome's requests are those.
 */
export type CaseService = (record: (body: Body) => void) => ServiceFactory;

/**
 * Runs `testCase` with the AWS CLI or ours; in `lane`'s folder and endpoint
 * where it can (see Lane); ours through `service` when one is given.
 */
export async function runCase(
  testCase: Case,
  which: "ours" | "aws",
  lane?: Lane,
  service?: CaseService,
): Promise<CaseOutcome> {
  const ours = which === "ours";
  const files = filesOf(testCase);
  const inLane = lane !== undefined && testCase.endpoint !== "https" && ![...files.keys()].some((n) => n.includes("/"));
  const home = inLane ? lane.home : mkdtempSync(join(tmpdir(), "rcc-case-"));
  const endpoint = inLane ? lane.endpoint : await startLocalCognito({ https: testCase.endpoint === "https" });
  try {
    if (inLane) {
      endpoint.reset();
      fillLane(lane, files);
    } else
      for (const [name, content] of files) {
        const path = join(home, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
    for (const [count, kind] of testCase.faults ?? []) endpoint.failNext(count, kind);
    for (const [count, answer] of testCase.answers ?? []) endpoint.answerNext(count, answer);
    let url = endpoint.url;
    if (testCase.endpoint === "closed") url = `http://127.0.0.1:${CLOSED_PORT}`;
    if (testCase.endpoint === "unresolvable") url = "http://cognito-idp.no-such-host.invalid";
    if (testCase.endpoint === "tls-to-http") url = endpoint.url.replace(/^http:/, "https:");
    const args = [...(ours && testCase.oursArgs ? testCase.oursArgs : testCase.args)].map((arg) =>
      arg === "TEST_CERT" ? TEST_CERT : arg,
    );
    if (testCase.endpoint !== false) args.push("--endpoint-url", url);
    if (testCase.region !== false && testCase.endpoint !== false) args.push("--region", "us-east-1");
    const given = { ...testCase.env, ...(ours ? testCase.oursEnv : {}) };
    const env = cleanEnv(
      home,
      Object.fromEntries(Object.entries(given).map(([key, value]) => [key, value === "TEST_CERT" ? TEST_CERT : value])),
    );
    const argv = ["cognito-idp", "resend-confirmation-code", ...args];
    const sent: Body[] = [];
    const result = ours
      ? await runMain(args.map(ourArgv), {
          cwd: home,
          env: env,
          bareEnv: true,
          service: service?.((body) => sent.push(body)),
        }).then((outcome) => ({
          ...outcome,
          stdout: seenOut(outcome.stdout),
          stderr: stderrText(outcome.stderr),
        }))
      : argv.some(hasRawBytes)
        ? await spawnCollect("/bin/sh", ["-c", rawArgvScript(argv), AWS_BIN], { cwd: home, env })
        : await spawnCollect(AWS_BIN, argv, { cwd: home, env });
    await endpoint.settled();
    const port = new URL(url).port;
    const normalise = (text: string): string =>
      (port ? text.split(`127.0.0.1:${port}`).join("127.0.0.1:PORT") : text).split(home).join("HOME");
    return {
      exitCode: result.exitCode as number,
      stdout: normalise(result.stdout),
      stderr: normalise(result.stderr),
      requests: (ours && service ? sent : endpoint.bodies()).map(withoutSecrets),
    };
  } finally {
    if (inLane) checkLane(lane);
    else {
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    }
  }
}

/**
 * Each case's outcome with one program, `parallel` at a time (ours: in this
 * process), each in a lane of its own; ours through `service` when one is given.
 */
export async function runCases(
  cases: readonly Case[],
  which: "ours" | "aws",
  options: { parallel?: number; service?: CaseService } = {},
): Promise<Map<string, CaseOutcome>> {
  const { parallel = 2, service } = options;
  const queue = [...cases];
  const outcomes = new Map<string, CaseOutcome>();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      const lane = await openLane();
      try {
        for (let testCase = queue.shift(); testCase; testCase = queue.shift()) {
          outcomes.set(testCase.name, await runCase(testCase, which, lane, service));
        }
      } finally {
        await lane.close();
      }
    }),
  );
  return outcomes;
}

/** JSON with each object's keys in order: requests compare by content, as the service reads them. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
