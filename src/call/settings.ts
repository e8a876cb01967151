// The settings a call is made with, settled from the flags, the environment
// and the profile of the shared config files as the AWS CLI settles them
// (each setting's chain is in input/chains.ts): region, endpoint, retries,
// timeouts and TLS.
import { ConfigurationError, MAX_TIMER_MS, failed, pathIn, pythonInt, type Place, paramValidation } from "../common";
import {
  type Config,
  type ParsedOptions,
  type Profile,
  type Sources,
  expandPath,
  parseTimeout,
  settle,
  settleFrom,
} from "../input";

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

/**
 * The endpoint, by its chain: --endpoint-url; else, unless
 * ignore_configured_endpoint_urls is true, the environment's, the profile's
 * services section's, the profile's; else the service's own endpoint for the
 * region (undefined).
 */
export function resolveEndpointUrl(sources: Sources): string | undefined {
  const [value, step] = settleFrom("endpointUrl", sources, {
    skip: (_, step) => step !== "--endpoint-url" && endpointsIgnored(sources),
    beforeProfile: () => {
      if (endpointsIgnored(sources)) return;
      const profile = sources.profile as Profile;
      checkServicesSection(profile);
      const service = profile.services?.get("cognito_identity_provider");
      // A service's settings are a nested block; a plain value is Python's error in the AWS CLI.
      if (service !== undefined && !service.startsWith("\n")) throw failed("'str' object has no attribute 'get'");
    },
  }) ?? [undefined, undefined];
  if (value === undefined) return undefined;
  // The flag's scheme was checked with the global options; its host is checked as a configured one's is.
  return step === "--endpoint-url" ? checkEndpointFlag(configuredEndpoint(value)) : configuredEndpoint(value);
}

/** ignore_configured_endpoint_urls, compared as written, untrimmed, as the AWS CLI compares it. */
const endpointsIgnored = (sources: Sources): boolean =>
  settle("ignoreConfiguredEndpointUrls", sources)?.toLowerCase() === "true";

/** The services section the profile names must exist, when it is looked for (no endpoint given before it). */
function checkServicesSection(profile: Profile): void {
  if (profile.servicesName !== undefined && (profile.services === undefined || profile.services.size === 0)) {
    throw failed(
      `The profile is configured to use the services section but the "${profile.servicesName}" services configuration does not exist.`,
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
  if (!valid) throw failed(`Invalid endpoint: ${url}`);
  return text;
}

const REGION_FORMAT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/**
 * The region, by its chain. An empty flag, variable or setting is an empty
 * region, which only a configured endpoint can do without (see callSettings).
 */
export function resolveRegion(sources: Sources, config: Config): string {
  const region = settle("region", sources);
  if (region === "") return region;
  if (!region) {
    // The AWS CLI's words, then, on a line of its own, how to give a region to this command.
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
      {
        code: "NoRegion",
        hint: `Give one with --region (--region eu-west-1, say), the AWS_REGION environment variable, or \`region = ...\` in the profile's section of ${config.files.config || "the config file"}.`,
      },
    );
  }
  checkRegionFormat(region);
  return region;
}

/** A region name must be a host-name label, and not digits alone (`0`, `123`), or the AWS CLI refuses it (255). */
export function checkRegionFormat(region: string | undefined): void {
  if (region !== undefined && region !== "" && (!REGION_FORMAT.test(region) || /^[0-9]+$/.test(region)))
    throw failed(`Provided region_name '${region}' doesn't match a supported format.`);
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
  const bad = (why: string) => paramValidation(`Bad value for --endpoint-url "${url}": ${why}`);
  if (!/^https?:\/\//i.test(url))
    throw bad("scheme must be http or https.  Must be of the form http://<hostname>/ or https://<hostname>/");
  try {
    new URL(url);
  } catch {
    throw bad("not a valid URL.  Must be of the form http://<hostname>/ or https://<hostname>/");
  }
  return url;
}

/** A true/false setting: false unless its chain gives "true" (compared untrimmed, as the AWS CLI compares it). */
const resolveFlag = (setting: "useFipsEndpoint" | "useDualstackEndpoint", sources: Sources): boolean =>
  settle(setting, sources)?.toLowerCase() === "true";

/**
 * max_attempts, else 3: decimal text as Python's int() reads it (surrounding
 * whitespace, a sign, `_` between digits), then at least 1; refused in
 * botocore's words otherwise.
 */
export function resolveMaxAttempts(sources: Sources): number {
  const value = settle("maxAttempts", sources);
  // An empty value is read too, as Python's int() reads it (an error).
  if (value === undefined) return 3;
  const attempts = pythonInt(value);
  if (attempts < 1) {
    throw failed(`Value provided to "max_attempts": ${attempts} must be an integer greater than or equal to one.`);
  }
  return attempts;
}

/** retry_mode: standard (the default) or adaptive, as AWS CLI v2 takes them. */
export function resolveRetryMode(sources: Sources): "standard" | "adaptive" {
  const mode = settle("retryMode", sources) as string;
  if (mode !== "standard" && mode !== "adaptive") {
    throw failed(`Invalid value provided to "mode": "${mode}" must be one of: "standard" or "adaptive"`);
  }
  return mode;
}

/**
 * The CA bundle, by its chain. One that is blank is a configuration error, as
 * in the AWS CLI, whatever the endpoint.
 */
export function resolveCaBundle(sources: Sources, place: Place): string | undefined {
  const value = settle("caBundle", sources);
  if (value === undefined) return undefined;
  if (value.trim() === "") {
    throw failed(
      "Invalid CA bundle: the configured value (ca_bundle, AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, or verify) resolved to an empty or whitespace-only string. Provide a valid path to a CA bundle file.",
    );
  }
  return pathIn(place, expandPath(value, place.env));
}

/** A timeout in milliseconds from seconds as typed; 60 s when none is typed, 0 for none. */
function milliseconds(kind: string, typed: string | undefined): number {
  const seconds = parseTimeout(typed);
  if (seconds !== undefined && seconds < 0) {
    throw failed(
      `Attempted to set ${kind} timeout to ${seconds}, but the timeout cannot be set to a value less than or equal to 0.`,
    );
  }
  // A timeout longer than a timer can hold (about 24.8 days) is as good as none.
  return seconds === undefined ? 60_000 : Math.min(seconds * 1000, MAX_TIMER_MS);
}

/**
 * Everything a call needs to know, from the options, the environment and the
 * profile, checked in the AWS CLI's order: the region's format, the services
 * section, a missing region, retries, the endpoint, the CA bundle, the
 * timeouts (the parameters are checked after all of them).
 */
export function callSettings(
  options: ParsedOptions,
  place: Place,
  how: { config: Config; profile: Profile },
): CallSettings {
  const sources = options.sources(place.env, how.profile);
  checkRegionFormat(settle("region", sources));
  // A missing services section is said before a missing region, as the AWS CLI says it.
  const fromEnv = settle("endpointUrl", { env: place.env });
  if (!options.has("--endpoint-url") && !endpointsIgnored(sources) && !fromEnv) checkServicesSection(how.profile);
  const region = resolveRegion(sources, how.config);
  // Retries are settled before the endpoint, as the AWS CLI settles them.
  const maxAttempts = resolveMaxAttempts(sources);
  const retryMode = resolveRetryMode(sources);
  const endpointUrl = resolveEndpointUrl(sources);
  // An empty region makes no endpoint of the service's own, as in the AWS CLI.
  if (region === "" && endpointUrl === undefined) throw failed("Invalid endpoint: https://cognito-idp..amazonaws.com");
  const useFipsEndpoint = resolveFlag("useFipsEndpoint", sources);
  const useDualstackEndpoint = resolveFlag("useDualstackEndpoint", sources);
  // The AWS CLI models no dual-stack endpoint in the ISO-E and ISO-F partitions:
  // it refuses before the parameters are checked, in these words (255).
  if (useDualstackEndpoint && endpointUrl === undefined && /^(?:eu-isoe|us-isof)-\w+-\d+$/.test(region)) {
    const variants = useFipsEndpoint ? "['dualstack', 'fips']" : "['dualstack']";
    throw failed(`Unable to construct a modeled endpoint with the following variant(s) ${variants}:`);
  }
  const caBundle = resolveCaBundle(sources, place);
  const readTimeoutMs = milliseconds("read", options.value("--cli-read-timeout"));
  const connectTimeoutMs = milliseconds("connect", options.value("--cli-connect-timeout"));
  return {
    region,
    useFipsEndpoint,
    useDualstackEndpoint,
    endpointUrl,
    maxAttempts,
    retryMode,
    readTimeoutMs,
    connectTimeoutMs,
    verifySsl: !options.has("--no-verify-ssl"),
    caBundle,
  };
}
