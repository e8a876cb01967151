// The settings a call is made with, settled from the flags, the environment
// and the profile of the shared config files as the AWS CLI settles them:
// region, endpoint, retries, timeouts and TLS.
import {
  CliError,
  EXIT,
  MAX_TIMER_MS,
  configurationError,
  pathIn,
  pythonInt,
  type Place,
  paramValidation,
} from "../common";
import { expandPath, type Ini, nestedSetting, type RawOptions, readIni, sharedFiles } from "../input";

export interface CallSettings {
  region: string;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
  endpointUrl?: string;
  maxAttempts: number;
  retryMode: "standard" | "adaptive";
  /** Milliseconds; 0 for none. */
  connectTimeoutMs: number;
  readTimeoutMs: number;
  verifySsl: boolean;
  /** The CA bundle to verify an https endpoint with: a file, read only when the endpoint is https. */
  caBundle?: string;
}

export interface Profile {
  name: string;
  settings: Map<string, string>;
  /** The profile's `services` setting, and the `[services NAME]` section it names, if there is one. */
  servicesName?: string;
  services?: Map<string, string>;
}

/**
 * The words of a section's name, as a shell splits them (quotes group, a
 * backslash escapes); undefined when a quote is left open.
 */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && (text[i + 1] === '"' || text[i + 1] === "\\")) word += text[++i];
      else word += c;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= "";
    } else if (c === "\\") {
      // A backslash at the end escapes nothing: no words at all.
      if (i + 1 >= text.length) return undefined;
      word = (word ?? "") + text[++i];
    } else word = (word ?? "") + c;
  }
  if (quote !== undefined) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * The profile a section of the config file holds, as the AWS CLI reads it:
 * `[default]`, or `[profile NAME]`; any other section holds none.
 */
function profileOf(section: string): string | undefined {
  if (section === "default") return "default";
  if (!section.startsWith("profile")) return undefined;
  const words = shellWords(section);
  return words?.length === 2 ? words[1] : undefined;
}

/**
 * The profiles, as the AWS CLI gathers them: those of the config file (a
 * later section for the same name replacing an earlier one), then each
 * section of the credentials file, by its name as written, whose settings
 * are added to the config's and win over them.
 */
function profiles(place: Place): { profiles: Map<string, Map<string, string>>; config: Ini } {
  const files = sharedFiles(place.env);
  const config = readIni(files.config, place);
  const found = new Map<string, Map<string, string>>();
  for (const [section, settings] of config) {
    const name = profileOf(section);
    if (name !== undefined) found.set(name, settings);
  }
  for (const [name, settings] of readIni(files.credentials, place)) {
    found.set(name, new Map([...(found.get(name) ?? []), ...settings]));
  }
  return { profiles: found, config };
}

/**
 * The profile in force: --profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE,
 * else "default". A profile named explicitly must exist in the config or the
 * credentials file.
 */
export function resolveProfile(flag: string | undefined, place: Place): Profile {
  const { env } = place;
  // An empty --profile is no profile named, as in the AWS CLI.
  const named = (flag || undefined) ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  const name = named ?? "default";
  const { profiles: found, config } = profiles(place);
  const settings = found.get(name);
  if (named !== undefined && !settings)
    throw new CliError(`The config profile (${name}) could not be found`, EXIT.other);
  const servicesName = settings?.get("services");
  let services: Map<string, string> | undefined;
  // `[services NAME]`, the name split as a shell splits words, as the AWS CLI reads it.
  for (const [section, values] of servicesName === undefined ? [] : config) {
    const words = section.startsWith("services") ? shellWords(section) : undefined;
    if (words?.length === 2 && words[1] === servicesName) services = values;
  }
  return { name, settings: settings ?? new Map(), servicesName, services };
}

/**
 * The endpoint: --endpoint-url; else, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * (or the profile's ignore_configured_endpoint_urls) is true,
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, the profile's
 * services section for cognito_identity_provider, the profile's endpoint_url;
 * else the service's own endpoint for the region (undefined).
 */
export function resolveEndpointUrl(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  profile: Profile,
): string | undefined {
  // The flag's scheme was checked with the global options; its host is checked as a configured one's is.
  if (flag !== undefined) return checkEndpointFlag(configuredEndpoint(flag));
  if (endpointsIgnored(env, profile)) return undefined;
  for (const name of ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL"]) {
    if (env[name]) return configuredEndpoint(env[name]);
  }
  checkServicesSection(profile);
  const service = profile.services?.get("cognito_identity_provider");
  // A service's settings are a nested block; a plain value is Python's error in the AWS CLI.
  if (service !== undefined && !service.startsWith("\n"))
    throw new CliError("'str' object has no attribute 'get'", EXIT.other);
  const sources: Array<[string, string | undefined]> = [
    ["endpoint_url for cognito_identity_provider in the services section", nestedSetting(service, "endpoint_url")],
    ["endpoint_url in the profile", profile.settings.get("endpoint_url")],
  ];
  const found = sources.find(([, value]) => value !== undefined && value !== "");
  return found === undefined ? undefined : configuredEndpoint(found[1] as string);
}

/** AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's setting: compared as written, untrimmed, as the AWS CLI compares it. */
const endpointsIgnored = (env: NodeJS.ProcessEnv, profile: Profile): boolean =>
  (
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? profile.settings.get("ignore_configured_endpoint_urls")
  )?.toLowerCase() === "true";

/** The services section the profile names must exist, when it is looked for (no endpoint given before it). */
function checkServicesSection(profile: Profile): void {
  if (profile.servicesName !== undefined && (profile.services === undefined || profile.services.size === 0)) {
    throw new CliError(
      `The profile is configured to use the services section but the "${profile.servicesName}" services configuration does not exist.`,
      EXIT.other,
    );
  }
}

/** A host name as the AWS CLI accepts one: labels of letters, digits and inner hyphens. */
const HOSTNAME = /^(?:(?!-)[A-Za-z\d-]{1,63}(?<!-)\.)*(?!-)[A-Za-z\d-]{1,63}(?<!-)$/;

/**
 * An endpoint configured in the environment or the profile, checked as the
 * AWS CLI checks it: its host must be a host name or a bracketed IPv6
 * address (`Invalid endpoint: URL`, 255). Its scheme is not checked here:
 * one that is neither http nor https fails when the call is made.
 */
function configuredEndpoint(url: string): string {
  // Python's urlsplit: leading spaces and control characters go; a host only after "scheme://".
  const text = url.replace(/^[\x00-\x20]+/, "");
  const netloc = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(text)?.[1];
  const hostPort = netloc?.slice(netloc.lastIndexOf("@") + 1) ?? "";
  const ipv6 = /^\[([0-9A-Fa-f:.]+)\]/.exec(hostPort);
  const host = ipv6 ? ipv6[1] : hostPort.split(":")[0].replace(/\.$/, "");
  const valid = ipv6 ? host.includes(":") : host !== "" && host.length <= 255 && HOSTNAME.test(host);
  if (!valid) throw new CliError(`Invalid endpoint: ${url}`, EXIT.other);
  return text;
}

const REGION_FORMAT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/**
 * The region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the
 * profile's. An empty flag, variable or setting is an empty region, which
 * only a configured endpoint can do without (see callSettings).
 */
export function resolveRegion(flag: string | undefined, env: NodeJS.ProcessEnv, profile: Profile): string {
  const region = flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile.settings.get("region");
  if (region === "") return region;
  if (!region) {
    // The AWS CLI's words, then, on a line of its own, how to give a region to this command.
    const error = configurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
    const config = sharedFiles(env).config || "the config file";
    error.hint = `Give one with --region (--region eu-west-1, say), the AWS_REGION environment variable, or \`region = ...\` in the profile's section of ${config}.`;
    throw error;
  }
  checkRegionFormat(region);
  return region;
}

/** A region name must be a host-name label, or the AWS CLI refuses it (255). */
export function checkRegionFormat(region: string | undefined): void {
  if (region !== undefined && region !== "" && !REGION_FORMAT.test(region))
    throw new CliError(`Provided region_name '${region}' doesn't match a supported format.`, EXIT.other);
}

/** The URL the request goes to, as the AWS CLI names it in its messages. */
export function endpointFor(settings: { region: string; endpointUrl?: string }): string {
  const base = settings.endpointUrl ?? `https://cognito-idp.${settings.region}.amazonaws.com`;
  try {
    return new URL(base).href;
  } catch {
    return base;
  }
}

/**
 * --endpoint-url must be an http or https URL (its scheme was found with the
 * global options, its host by configuredEndpoint).
 */
function checkEndpointFlag(url: string): string {
  const bad = (why: string): CliError => paramValidation(`Bad value for --endpoint-url "${url}": ${why}`);
  if (!/^https?:\/\//i.test(url))
    throw bad("scheme must be http or https.  Must be of the form http://<hostname>/ or https://<hostname>/");
  try {
    new URL(url);
  } catch {
    throw bad("not a valid URL.  Must be of the form http://<hostname>/ or https://<hostname>/");
  }
  return url;
}

/** A true/false setting: the environment variable, else the profile's key; false when neither. */
export function resolveFlag(envName: string, key: string, env: NodeJS.ProcessEnv, profile: Profile): boolean {
  const value = env[envName] ?? profile.settings.get(key);
  // As written: the AWS CLI compares the text untrimmed (" true" is not true).
  return value?.toLowerCase() === "true";
}

/**
 * AWS_MAX_ATTEMPTS, else the profile's max_attempts, else 3: decimal text as
 * Python's int() reads it (surrounding whitespace, a sign, `_` between
 * digits), then at least 1; refused in botocore's words otherwise.
 */
export function resolveMaxAttempts(env: NodeJS.ProcessEnv, profile: Profile): number {
  const value = env.AWS_MAX_ATTEMPTS ?? profile.settings.get("max_attempts");
  // An empty value is read too, as Python's int() reads it (an error).
  if (value === undefined) return 3;
  const attempts = pythonInt(value);
  if (attempts < 1) {
    throw new CliError(
      `Value provided to "max_attempts": ${attempts} must be an integer greater than or equal to one.`,
      EXIT.other,
    );
  }
  return attempts;
}

/** AWS_RETRY_MODE, else the profile's retry_mode: standard (the default) or adaptive, as AWS CLI v2 takes them. */
export function resolveRetryMode(env: NodeJS.ProcessEnv, profile: Profile): "standard" | "adaptive" {
  const mode = env.AWS_RETRY_MODE ?? profile.settings.get("retry_mode") ?? "standard";
  if (mode !== "standard" && mode !== "adaptive") {
    throw new CliError(
      `Invalid value provided to "mode": "${mode}" must be one of: "standard" or "adaptive"`,
      EXIT.other,
    );
  }
  return mode;
}

/**
 * The CA bundle: --ca-bundle, else AWS_CA_BUNDLE, else the profile's
 * ca_bundle, else REQUESTS_CA_BUNDLE. One that is blank is a configuration
 * error, as in the AWS CLI, whatever the endpoint.
 */
export function resolveCaBundle(flag: string | undefined, place: Place, profile: Profile): string | undefined {
  const value = flag ?? place.env.AWS_CA_BUNDLE ?? profile.settings.get("ca_bundle") ?? place.env.REQUESTS_CA_BUNDLE;
  if (value === undefined) return undefined;
  if (value.trim() === "") {
    throw new CliError(
      "Invalid CA bundle: the configured value (ca_bundle, AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, or verify) resolved to an empty or whitespace-only string. Provide a valid path to a CA bundle file.",
      EXIT.other,
    );
  }
  return pathIn(place, expandPath(value, place.env));
}

/** Everything a call needs to know, from the options, the environment and the profile. */
export function callSettings(options: RawOptions, place: Place, profile: Profile): CallSettings {
  const { env } = place;
  // Checked first, as the AWS CLI checks it: before the region and the parameters.
  const caBundle = resolveCaBundle(options.caBundle, place, profile);
  // A missing services section is said before the region, as the AWS CLI says it.
  const fromEnv = env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || env.AWS_ENDPOINT_URL;
  if (options.endpointUrl === undefined && !endpointsIgnored(env, profile) && !fromEnv) checkServicesSection(profile);
  const region = resolveRegion(options.region, env, profile);
  const milliseconds = (kind: string, seconds: number | undefined): number => {
    if (seconds !== undefined && seconds < 0) {
      throw new CliError(
        `Attempted to set ${kind} timeout to ${seconds}, but the timeout cannot be set to a value less than or equal to 0.`,
        EXIT.other,
      );
    }
    // A timeout longer than a timer can hold (about 24.8 days) is as good as none.
    return seconds === undefined ? 60_000 : Math.min(seconds * 1000, MAX_TIMER_MS);
  };
  // Retries are settled before the timeouts, as the AWS CLI settles them.
  const maxAttempts = resolveMaxAttempts(env, profile);
  const retryMode = resolveRetryMode(env, profile);
  const readTimeoutMs = milliseconds("read", options.readTimeout);
  const connectTimeoutMs = milliseconds("connect", options.connectTimeout);
  const endpointUrl = resolveEndpointUrl(options.endpointUrl, env, profile);
  // An empty region makes no endpoint of the service's own, as in the AWS CLI.
  if (region === "" && endpointUrl === undefined) {
    throw new CliError("Invalid endpoint: https://cognito-idp..amazonaws.com", EXIT.other);
  }
  const useFipsEndpoint = resolveFlag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", env, profile);
  const useDualstackEndpoint = resolveFlag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", env, profile);
  // The AWS CLI models no dual-stack endpoint in the ISO-E and ISO-F partitions:
  // it refuses before the parameters are checked, in these words (255).
  if (useDualstackEndpoint && endpointUrl === undefined && /^(?:eu-isoe|us-isof)-\w+-\d+$/.test(region)) {
    const variants = useFipsEndpoint ? "['dualstack', 'fips']" : "['dualstack']";
    throw new CliError(`Unable to construct a modeled endpoint with the following variant(s) ${variants}:`, EXIT.other);
  }
  return {
    region,
    useFipsEndpoint,
    useDualstackEndpoint,
    endpointUrl,
    maxAttempts,
    retryMode,
    readTimeoutMs,
    connectTimeoutMs,
    verifySsl: options.verifySsl,
    caBundle,
  };
}
