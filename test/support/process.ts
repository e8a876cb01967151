// Running the built command (or any program) as a child process: where it is,
// a clean environment, and a spawn that collects what it printed.
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OUR_BIN = join(ROOT, "bin", "resend-confirmation-code.js");

/**
 * The compile cache the command's processes share (bin/ keeps it under
 * XDG_CACHE_HOME), as one user's runs share theirs: a process that finds its
 * code there skips compiling it (87 ms of CPU for a call, not 144), and a
 * test's new HOME would otherwise make every process a first run. The tests
 * of the cache itself give their own (test/smoke/build.test.ts).
 */
const COMPILE_CACHE = join(ROOT, "node_modules", ".cache", "rcc-test-compile-cache");

/** An environment with nothing of the caller's AWS settings, HOME in `home`. */
export function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    XDG_CACHE_HOME: COMPILE_CACHE,
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

export interface Collected {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns a command and collects its output; stdin gets `input` (or nothing) and is closed. */
export function spawnCollect(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Collected> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
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
