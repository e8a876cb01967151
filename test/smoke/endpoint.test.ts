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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    for (let waited = 0; !out.includes("users:"); waited += 50) {
      if (waited > 30_000) throw new Error(`no endpoint after 30 s: ${out}`);
      await sleep(50);
    }
    expect(out).toContain(`Local Cognito endpoint at http://127.0.0.1:${port}`);
    expect(out).toMatch(/^export AWS_ACCESS_KEY_ID=AKID\w+$/m);
    expect(out).toMatch(/^export AWS_SECRET_ACCESS_KEY=\S+$/m);
    expect(await listening(port)).toBe(true);
    child.kill(signal);
    await exited;
    let free = false;
    for (let i = 0; i < 60 && !free; i += 1) {
      free = !(await listening(port));
      if (!free) await sleep(100);
    }
    expect(free, `port ${port} still answers`).toBe(true);
  },
  60_000,
);
