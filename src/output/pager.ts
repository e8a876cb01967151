// Output on a terminal goes through a pager, as the AWS CLI's does: the
// command runs in a shell with the text on its standard input, and LESS=FRX
// (quit when it fits on one screen, keep colors, leave the screen as it is)
// unless LESS is set already.

/** Resolves when the pager exits; if it cannot start, the text goes to `fallback`. */
export function pageThrough(
  text: string,
  command: string,
  env: NodeJS.ProcessEnv,
  fallback: (text: string) => void,
): Promise<void> {
  // node:child_process is loaded only here: every run that prints loads this bundle, few page.
  const { spawn } = require("node:child_process") as typeof import("node:child_process");
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ["pipe", "inherit", "inherit"],
      env: { ...env, LESS: env.LESS ?? "FRX" },
    });
    let started = true;
    child.on("error", () => {
      started = false;
      fallback(text);
      resolve();
    });
    // The reader may quit before reading everything; that is no error.
    child.stdin.on("error", () => undefined);
    child.stdin.end(text);
    child.on("close", () => {
      if (started) resolve();
    });
  });
}
