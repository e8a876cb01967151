// `npm run endpoint` as a person runs it, in a real process under npm: it
// says what to give the command, and killing the PID that npm run started
// (SIGTERM, as `kill $!` sends, or SIGKILL) stops everything it started, so
// the port is free again. (A busy or bad port: test/endpoint.test.ts.)
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { expect, test } from "vitest";
import { ROOT } from "../support/process";

/** Whether something accepts connections on the port. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });

/** A port free a moment ago. */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

test.concurrent.each(["SIGTERM", "SIGKILL"] as const)(
  "npm run endpoint, then %s to the PID it started: nothing is left on the port",
  async (signal) => {
    const port = await freePort();
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const child = spawn("npm", ["run", "--silent", "endpoint", "--", String(port)], { cwd: ROOT, env });
    let out = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        if (out.includes("users:")) resolve();
      });
      child.on("exit", () => reject(new Error(`the endpoint ended before it was ready: ${out}`)));
    });
    // The endpoint holds npm's stdout (npm runs it with its own stdio), so "close" comes once it has ended too.
    const closed = new Promise((resolve) => child.on("close", resolve));
    await ready;
    expect(out).toContain(`Local Cognito endpoint at http://127.0.0.1:${port}`);
    expect(out).toMatch(/^export AWS_ACCESS_KEY_ID=AKID\w+$/m);
    expect(out).toMatch(/^export AWS_SECRET_ACCESS_KEY=\S+$/m);
    expect(await listening(port)).toBe(true);
    child.kill(signal);
    await closed;
    expect(await listening(port), `port ${port} still answers`).toBe(false);
  },
  60_000,
);
