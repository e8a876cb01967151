// How the output is shown: which format, whether the table is colored and
// which pager shows it, settled from the flags, the environment and the
// profile as the AWS CLI settles them.
import { CliError, EXIT } from "../common";
import { OUTPUT_CHOICES } from "../input";
import type { Profile } from "../call";

export type OutputFormat = (typeof OUTPUT_CHOICES)[number];

export interface OutputSettings {
  format: OutputFormat;
  /** A checked --query expression. */
  query?: string;
  colored: boolean;
  /** The pager command for a terminal; undefined: write straight to stdout. */
  pager?: string;
}

/** --output, else AWS_DEFAULT_OUTPUT, else the profile's `output`, else json. */
export function resolveFormat(flag: string | undefined, env: NodeJS.ProcessEnv, profile: Profile): OutputFormat {
  // An empty AWS_DEFAULT_OUTPUT is an output type too, one that does not exist.
  const format = flag ?? env.AWS_DEFAULT_OUTPUT ?? profile.settings.get("output") ?? "json";
  if (!(OUTPUT_CHOICES as readonly string[]).includes(format))
    throw new CliError(`Unknown output type: ${format}`.trimEnd(), EXIT.other);
  return format as OutputFormat;
}

/**
 * The pager for output on a terminal: AWS_PAGER, else the profile's
 * cli_pager, else PAGER, else `less -R`. An empty value, --no-cli-pager or a
 * stdout that is not a terminal: none.
 */
export function resolvePager(
  enabled: boolean,
  env: NodeJS.ProcessEnv,
  profile: Profile,
  stdoutIsTTY: boolean,
): string | undefined {
  if (!enabled || !stdoutIsTTY) return undefined;
  const pager = env.AWS_PAGER ?? profile.settings.get("cli_pager") ?? env.PAGER ?? "less -R";
  return pager.trim() === "" ? undefined : pager;
}

/** --color on, or auto (the default) when stdout is a terminal. */
export function resolveColor(flag: string | undefined, stdoutIsTTY: boolean): boolean {
  return flag === "on" || ((flag ?? "auto") === "auto" && stdoutIsTTY);
}
