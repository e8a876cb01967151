// The phases of a run, in the order the AWS CLI goes through them, and what
// an error that arises in each may be shown with. The pipeline (cli.ts) says
// which phase it is in; an error is shown as its phase allows: the AWS CLI
// reads --cli-error-format, --color and --profile only once it has parsed
// them, so an error found before then is shown without them.

/**
 * What the error renderer may use, by the phase an error arose in:
 * - nothing: the default layout, whatever the flags, the environment or the profile;
 * - environment: the error format and the profile named by the environment alone;
 * - flags: the flags too, but only the environment's profile;
 * - everything: the flags, the environment and the profile the run names.
 */
export type Sees = "nothing" | "environment" | "flags" | "everything";

export const PHASES = [
  /** The shared files, read once into a Config; one that does not parse ends every run. */
  { name: "config", sees: "everything" },
  /** Long options shortened to a prefix; a prefix of several global options. */
  { name: "prefixes", sees: "everything" },
  /** The first parser: --profile and --debug. */
  { name: "first", sees: "nothing" },
  /** The global options' parser: their values and choices. */
  { name: "parser", sees: "environment" },
  /** The global options once parsed: --query's syntax, --endpoint-url's scheme. */
  { name: "globals", sees: "flags" },
  /** The operation's and this command's options: values, timeouts, choices, required, unknown. */
  { name: "operation", sees: "everything" },
  /** The parameters' values (shorthand, JSON, file://) and --cli-input-json/yaml, merged into the request. */
  { name: "unpack", sees: "everything" },
  /** The profile, region, endpoint, retries, timeouts and TLS. */
  { name: "settings", sees: "everything" },
  /** The request against the operation's model. */
  { name: "validate", sees: "everything" },
  /** The request sent, and its answer. */
  { name: "call", sees: "everything" },
  /** The response, rendered and written. */
  { name: "output", sees: "everything" },
] as const satisfies ReadonlyArray<{ name: string; sees: Sees }>;

export type Phase = (typeof PHASES)[number]["name"];

/** What an error of a phase may be shown with. */
export const seenIn = (phase: Phase): Sees => PHASES.find((entry) => entry.name === phase)?.sees ?? "everything";
