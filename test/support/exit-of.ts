import { exitCode } from "../../src/common";

/** The exit code of what `run` throws, as main() would give it; undefined when it throws nothing. */
export function exitOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return exitCode(error);
  }
  return undefined;
}
