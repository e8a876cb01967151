// Whether a run prompts for its parameters (see prompt.ts), decided on every
// run, before the arguments are parsed.

export type PromptMode = "on" | "on-partial";

/** The mode in force: --cli-auto-prompt / --no-cli-auto-prompt, else AWS_CLI_AUTO_PROMPT. */
export function promptMode(argv: readonly string[], env: NodeJS.ProcessEnv): PromptMode | undefined {
  const flag = [...argv].reverse().find((arg) => arg === "--cli-auto-prompt" || arg === "--no-cli-auto-prompt");
  if (flag === "--cli-auto-prompt") return "on";
  if (flag === "--no-cli-auto-prompt") return undefined;
  const value = env.AWS_CLI_AUTO_PROMPT;
  return value === "on" || value === "on-partial" ? value : undefined;
}
