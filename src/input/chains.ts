// One table says where each setting comes from, in order, as the AWS CLI
// declares its settings as chains: a flag (`--region`), environment variables
// (`$AWS_REGION`), a key of the profile (`region`), a key of the service's
// block in the profile's `[services]` section (`services endpoint_url`), a
// default (`=json`). A step marked `?` passes over an empty value as if it
// were not there; otherwise an empty value is the value. settle() follows a
// chain; the stages say what a value means and check it.
import { nestedSetting } from "./ini";
import type { Profile } from "./config";

export const CHAINS = {
  profile: ["--profile?", "$AWS_PROFILE", "$AWS_DEFAULT_PROFILE"],
  region: ["--region", "$AWS_REGION", "$AWS_DEFAULT_REGION", "region"],
  endpointUrl: [
    "--endpoint-url",
    "$AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER?",
    "$AWS_ENDPOINT_URL?",
    "services endpoint_url?",
    "endpoint_url?",
  ],
  ignoreConfiguredEndpointUrls: ["$AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls"],
  useFipsEndpoint: ["$AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"],
  useDualstackEndpoint: ["$AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"],
  maxAttempts: ["$AWS_MAX_ATTEMPTS", "max_attempts"],
  retryMode: ["$AWS_RETRY_MODE", "retry_mode", "=standard"],
  caBundle: ["--ca-bundle", "$AWS_CA_BUNDLE", "ca_bundle", "$REQUESTS_CA_BUNDLE"],
  output: ["--output", "$AWS_DEFAULT_OUTPUT", "output", "=json"],
  color: ["--color", "=auto"],
  pager: ["$AWS_PAGER", "cli_pager", "$PAGER", "=less -R"],
  errorFormat: ["--cli-error-format", "$AWS_CLI_ERROR_FORMAT", "cli_error_format"],
  autoPrompt: ["$AWS_CLI_AUTO_PROMPT"],
  clientSecret: ["--client-secret", "$COGNITO_CLIENT_SECRET?"],
} as const satisfies Record<string, readonly string[]>;

export type Setting = keyof typeof CHAINS;

/** What a chain is followed through: the flags typed, the environment, the profile in force. */
export interface Sources {
  flag?: (name: string) => string | undefined;
  env: NodeJS.ProcessEnv;
  profile?: Profile;
}

export interface SettleHow {
  /** Passes over a value as if it were not there (a flag's value that is none of the choices, say). */
  skip?: (value: string, step: string) => boolean;
  /** Called once, before the first step that reads the profile (where a check of the profile belongs). */
  beforeProfile?: () => void;
}

/** The service's block in the profile's `[services]` section. */
const SERVICE = "cognito_identity_provider";

function stepValue(step: string, sources: Sources): string | undefined {
  if (step.startsWith("=")) return step.slice(1);
  if (step.startsWith("--")) return sources.flag?.(step);
  if (step.startsWith("$")) return sources.env[step.slice(1)];
  if (step.startsWith("services ")) return nestedSetting(sources.profile?.services?.get(SERVICE), step.slice(9));
  return sources.profile?.settings.get(step);
}

/** The value of a setting: the first step of its chain that gives one, with the step. */
export function settleFrom(setting: Setting, sources: Sources, how: SettleHow = {}): [string, string] | undefined {
  let profileRead = false;
  for (const written of CHAINS[setting] as readonly string[]) {
    const optional = written.endsWith("?");
    const step = optional ? written.slice(0, -1) : written;
    if (!profileRead && !/^(=|--|\$)/.test(step)) {
      profileRead = true;
      how.beforeProfile?.();
    }
    const value = stepValue(step, sources);
    if (value === undefined || (optional && value === "") || how.skip?.(value, step)) continue;
    return [value, step];
  }
  return undefined;
}

/** The value of a setting, as settleFrom finds it. */
export const settle = (setting: Setting, sources: Sources, how?: SettleHow): string | undefined =>
  settleFrom(setting, sources, how)?.[0];
