// Runs a command in a pseudo-terminal (util-linux `script`), typing `keys`
// into it as a person would, each after a pause, and returns what the terminal
// showed (carriage returns removed) and the exit code.
import { spawn } from "node:child_process";

const shellQuote = (word) => `'${String(word).replace(/'/g, "'\\''")}'`;

/**
 * command  the argv to run
 * keys     [pauseMs, text] pairs, typed in order
 * options  { cwd, env, redirect: "file" to send stdout there instead of the screen }
 */
export function onTerminal(command, keys, options = {}) {
  return new Promise((resolve, reject) => {
    const line = command.map(shellQuote).join(" ") + (options.redirect ? ` > ${shellQuote(options.redirect)}` : "");
    const child = spawn("script", ["-qec", line, "/dev/null"], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    child.stdout.on("data", (d) => {
      screen += d.toString();
    });
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, screen: screen.replace(/\r/g, "") }));
    (async () => {
      for (const [pause, text] of keys) {
        await new Promise((done) => setTimeout(done, pause));
        if (child.exitCode !== null) return;
        child.stdin.write(text);
      }
      // Keep the terminal open until the command is done.
    })();
    child.on("exit", () => child.stdin.destroy());
  });
}
