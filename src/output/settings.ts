// How the output is shown: which format, whether the table is colored and
// which pager shows it, each settled by its chain (input/chains.ts) from the
// flags, the environment and the profile, as the AWS CLI settles them.
import { failed } from "../common";
import { OUTPUT_CHOICES, type Sources, settle } from "../input";

export type OutputFormat = (typeof OUTPUT_CHOICES)[number];

export interface OutputSettings {
  format: OutputFormat;
  /** A checked --query expression. */
  query?: string;
  colored: boolean;
  /** The pager command for a terminal; undefined: write straight to stdout. */
  pager?: string;
}

/** The output format by its chain; one that is none of them fails (an empty AWS_DEFAULT_OUTPUT too). */
export function resolveFormat(sources: Sources): OutputFormat {
  const format = settle("output", sources) as string;
  if (!(OUTPUT_CHOICES as readonly string[]).includes(format)) throw failed(`Unknown output type: ${format}`.trimEnd());
  return format as OutputFormat;
}

/**
 * The pager for output on a terminal, by its chain. An empty value,
 * --no-cli-pager or a stdout that is not a terminal: none.
 */
export function resolvePager(enabled: boolean, sources: Sources, stdoutIsTTY: boolean): string | undefined {
  if (!enabled || !stdoutIsTTY) return undefined;
  const pager = settle("pager", sources) as string;
  return pager.trim() === "" ? undefined : pager;
}

/** --color on, or auto (the default) when stdout is a terminal. */
export function resolveColor(sources: Sources, stdoutIsTTY: boolean): boolean {
  const color = settle("color", sources);
  return color === "on" || (color === "auto" && stdoutIsTTY);
}
