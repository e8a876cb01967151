// Runs one case of test/parity/cases.mjs, with AWS CLI v2 or with our built
// command, against a fresh local endpoint, in a fresh folder with no AWS
// credentials, and returns what a user would see: exit code, stdout, stderr and
// the bodies the endpoint received. The endpoint's port reads PORT.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CLIENT_SECRET, TEST_CERT, secretHash, startLocalCognito } from "./local-cognito.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OUR_BIN = join(ROOT, "bin", "resend-confirmation-code.js");
export const AWS_BIN = "/usr/bin/aws";

/** A loopback port that nothing listens on. */
export async function closedPort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** An environment with nothing of the caller's AWS settings, HOME in `home`. */
export function cleanEnv(home, extra = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: "C.UTF-8",
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    // Nothing here may reach for an instance metadata service.
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://127.0.0.1:9/",
    AWS_PAGER: "",
  };
  return { ...env, ...extra };
}

/** Spawns a command and collects its output; stdin is closed. */
export function spawnCollect(command, args, options = {}) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", fail);
    child.on("close", (code, signal) =>
      done({
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    // A child that exits before reading its input is no failure of the test.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/**
 * A request body as fixtures keep it: no SecretHash, only whether it was the
 * right one for the local pool's secret.
 */
export function withoutSecrets(body) {
  if (typeof body.SecretHash !== "string") return body;
  const right = body.SecretHash === secretHash(CLIENT_SECRET, String(body.Username), String(body.ClientId));
  return { ...body, SecretHash: right ? "<the right SecretHash>" : "<another SecretHash>" };
}

export async function runCase(testCase, which) {
  const ours = which === "ours";
  const home = mkdtempSync(join(tmpdir(), "rcc-case-"));
  const endpoint = await startLocalCognito({ https: testCase.endpoint === "https" });
  try {
    for (const [name, content] of Object.entries(testCase.files ?? {})) {
      const path = join(home, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, testCase.binary?.includes(name) ? Buffer.from(content, "base64") : content);
    }
    for (const [count, kind] of testCase.faults ?? []) endpoint.failNext(count, kind);
    let url = endpoint.url;
    if (testCase.endpoint === "closed") url = `http://127.0.0.1:${await closedPort()}`;
    if (testCase.endpoint === "unresolvable") url = "http://cognito-idp.no-such-host.invalid";
    const args = [...(ours && testCase.oursArgs ? testCase.oursArgs : testCase.args)].map((arg) =>
      arg === "TEST_CERT" ? fileURLToPath(TEST_CERT) : arg,
    );
    if (testCase.endpoint !== false) args.push("--endpoint-url", url);
    if (testCase.region !== false && testCase.endpoint !== false) args.push("--region", "us-east-1");
    const env = cleanEnv(home, { ...testCase.env, ...(ours ? testCase.oursEnv : {}) });
    const [command, argv] = ours
      ? [process.execPath, [OUR_BIN, ...args]]
      : [AWS_BIN, ["cognito-idp", "resend-confirmation-code", ...args]];
    const result = await spawnCollect(command, argv, { cwd: home, env });
    const port = new URL(url).port;
    const normalise = (text) =>
      (port ? text.split(`127.0.0.1:${port}`).join("127.0.0.1:PORT") : text).split(home).join("HOME");
    return {
      exitCode: result.exitCode,
      stdout: normalise(result.stdout),
      stderr: normalise(result.stderr),
      requests: endpoint.bodies().map(withoutSecrets),
    };
  } finally {
    await endpoint.close();
    rmSync(home, { recursive: true, force: true });
  }
}
