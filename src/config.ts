// What the AWS CLI reads from its shared files and the environment for this
// command: the profile, the region and the retry settings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { homedir } from "node:os";
import { CliError, EXIT, configurationError } from "./errors";
import { expandPath } from "./paramfile";

export type Ini = Map<string, Map<string, string>>;

/** The sections of an INI file such as ~/.aws/config; a missing file is empty. */
export function readIni(path: string): Ini {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return new Map();
  }
  return parseIni(text);
}

export function parseIni(text: string): Ini {
  const sections: Ini = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      current = sections.get(section[1]) ?? new Map();
      sections.set(section[1], current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    // Lines indented under a key belong to a nested block, which this command does not use.
    if (pair && current && !/^\s/.test(raw)) current.set(pair[1].toLowerCase(), pair[2]);
  }
  return sections;
}

export interface Profile {
  name: string;
  settings: Map<string, string>;
}

/**
 * The profile in force: --profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE,
 * else "default". A profile named explicitly must exist in the config or the
 * credentials file.
 */
export function resolveProfile(flag: string | undefined, env: NodeJS.ProcessEnv): Profile {
  const named = flag ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  const name = named ?? "default";
  const home = env.HOME || homedir();
  const config = readIni(expandPath(env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"), env));
  const settings = config.get(name === "default" ? "default" : `profile ${name}`) ?? (name === "default" ? undefined : config.get(name));
  if (named !== undefined && !settings) {
    const credentials = readIni(expandPath(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"), env));
    if (!credentials.has(name)) throw new CliError(`The config profile (${name}) could not be found`, EXIT.other);
  }
  return { name, settings: settings ?? new Map() };
}

const REGION_FORMAT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

export function resolveRegion(flag: string | undefined, env: NodeJS.ProcessEnv, profile: Profile): string {
  if (flag === "") throw new CliError("Invalid endpoint: https://cognito-idp..amazonaws.com", EXIT.other);
  const region = flag || env.AWS_REGION || env.AWS_DEFAULT_REGION || profile.settings.get("region");
  if (!region) {
    throw configurationError('You must specify a region. You can also configure your region by running "aws configure".');
  }
  if (!REGION_FORMAT.test(region)) throw new CliError(`Provided region_name '${region}' doesn't match a supported format.`, EXIT.other);
  return region;
}

/** --endpoint-url must be an http or https URL. */
export function checkEndpointUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const bad = (why: string): CliError => new CliError(`Bad value for --endpoint-url "${url}": ${why}`, EXIT.usage);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url)) throw bad("scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/");
  if (!/^https?:\/\//i.test(url)) throw bad("scheme must be http or https.  Must be of the form http://<hostname>/ or https://<hostname>/");
  try {
    new URL(url);
  } catch {
    throw bad("not a valid URL.  Must be of the form http://<hostname>/ or https://<hostname>/");
  }
  return url;
}

export function resolveMaxAttempts(env: NodeJS.ProcessEnv, profile: Profile): number {
  const value = env.AWS_MAX_ATTEMPTS ?? profile.settings.get("max_attempts");
  if (value === undefined || value === "") return 3;
  const attempts = Number(value);
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new CliError(`Invalid value for max_attempts: ${value}. It must be a whole number of at least 1.`, EXIT.other);
  }
  return attempts;
}

export function resolveRetryMode(env: NodeJS.ProcessEnv, profile: Profile): "standard" | "adaptive" | "legacy" {
  const mode = env.AWS_RETRY_MODE ?? profile.settings.get("retry_mode") ?? "standard";
  if (mode !== "standard" && mode !== "adaptive" && mode !== "legacy") {
    throw new CliError(`Invalid value for retry_mode: ${mode}. Valid values are: legacy, standard, adaptive`, EXIT.other);
  }
  return mode;
}

/** --cli-read-timeout and --cli-connect-timeout: whole seconds, 0 for none. */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new CliError(`invalid literal for int() with base 10: '${value}'`, EXIT.other);
  return Number(value);
}
