// Runs a command in a pseudo-terminal (util-linux `script`), typing keys into
// it as a person would: each answer once the text it answers has appeared on
// the screen. Returns what the terminal showed (carriage returns removed) and
// the exit code.
import { spawn } from "node:child_process";

const shellQuote = (word: string): string => `'${String(word).replace(/'/g, "'\\''")}'`;

/** Type `text` once the screen (from where the last step matched) shows `after`. */
export type Step = [after: string | RegExp, text: string];

export interface TerminalRun {
  exitCode: number | null;
  screen: string;
}

/**
 * command  the argv to run
 * steps    [what to wait for on the screen, what to type then], in order
 * options  { cwd, env, redirect: a file to send stdout to instead of the screen }
 */
export function onTerminal(
  command: readonly string[],
  steps: readonly Step[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; redirect?: string } = {},
): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const line = command.map(shellQuote).join(" ") + (options.redirect ? ` > ${shellQuote(options.redirect)}` : "");
    const child = spawn("script", ["-qec", line, "/dev/null"], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let seen = 0;
    let step = 0;
    const typeWhatIsDue = (): void => {
      while (step < steps.length && child.exitCode === null) {
        const [after, text] = steps[step];
        const rest = screen.slice(seen);
        const match = typeof after === "string" ? { at: rest.indexOf(after), length: after.length } : undefined;
        const found = match ?? ((m) => ({ at: m?.index ?? -1, length: m?.[0].length ?? 0 }))(rest.match(after));
        if (found.at === -1) return;
        seen += found.at + found.length;
        step += 1;
        child.stdin.write(text);
      }
    };
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString().replace(/\r/g, "");
      typeWhatIsDue();
    });
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, screen }));
    child.on("exit", () => child.stdin.destroy());
    child.stdin.on("error", () => undefined);
  });
}
