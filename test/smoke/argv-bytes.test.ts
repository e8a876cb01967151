// Arguments that are not UTF-8, given to the built command as a shell gives
// them (real bytes, made by /bin/sh's printf): src/node.ts reads them again
// from the command line, so that the request carries each byte as the JSON
// escape \udcXX, stdout writes it back as the byte, and stderr names it as
// \udcXX, all as AWS CLI v2 does. An argument below is written as run-case.ts
// writes one: a lone U+DC80..U+DCFF stands for the byte 0x80..0xFF.
import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { USAGE } from "../../src/common";
import { C, at, folder, withEndpoint } from "../support/fixtures";
import { OUR_BIN, cleanEnv } from "../support/process";
import { rawArgvScript } from "../support/run-case";

interface Run {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built command with `args` as their bytes, through /bin/sh; stdout as bytes. */
function runWithBytes(args: readonly string[]): Promise<Run> {
  const home = folder();
  return new Promise((done, fail) => {
    const script = rawArgvScript([OUR_BIN, ...args]);
    const child = spawn("/bin/sh", ["-c", script, process.execPath], { cwd: home, env: cleanEnv(home) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", fail);
    child.on("close", (exitCode) =>
      done({ exitCode, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
    child.stdin.end();
  });
}

test.concurrent("bytes that are not UTF-8 reach the request as \\udcXX escapes, and stdout as the bytes", async () => {
  await withEndpoint({}, async (endpoint) => {
    const run = await runWithBytes([
      ...["--client-id", C, "--username", "jane"],
      ...["--client-metadata", '{"k\udcff": "\udcf8\udc88\udc80\u00e9\udcc3", "cesu": "\udced\udca0\udc80"}'],
      ...["--query", '`"a\udcc3b"`', "--output", "text", ...at(endpoint)],
    ]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout.toString("hex")).toBe("61c3620a");
    expect(endpoint.requests).toHaveLength(1);
    // As the AWS CLI's body has it: each byte the escape of its surrogate.
    expect(endpoint.requests[0].body).toBe(
      `{"ClientId":"${C}` +
        String.raw`","Username":"jane","ClientMetadata":{"k\udcff":"\udcf8\udc88\udc80é\udcc3","cesu":"\udced\udca0\udc80"}}`,
    );
  });
});

test.concurrent("an error names each such byte as \\udcXX; nothing is sent", async () => {
  await withEndpoint({}, async (endpoint) => {
    const run = await runWithBytes(["--client-id", C, "--username", "jane", "--output", "a\udcc3", ...at(endpoint)]);
    expect(run.exitCode).toBe(252);
    expect(run.stderr).toBe(
      `\n${String.raw`resend-confirmation-code: [ERROR]: An error occurred (ParamValidation): argument --output: Found invalid choice 'a\udcc3'`}\n\n\n${USAGE}`,
    );
    expect(endpoint.requests).toHaveLength(0);
  });
});

test.concurrent("an argument that holds U+FFFD as UTF-8 keeps it", async () => {
  await withEndpoint({}, async (endpoint) => {
    const run = await runWithBytes(["--client-id", C, "--username", "j\ufffd\udcc3", ...at(endpoint)]);
    expect(run.exitCode).toBe(254);
    expect(endpoint.requests[0].body).toBe(`{"ClientId":"${C}",${String.raw`"Username":"j�\udcc3"`}}`);
    expect(endpoint.bodies()).toEqual([{ ClientId: C, Username: "j\ufffd\udcc3" }]);
  });
});
