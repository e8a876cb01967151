// The seam between a bulk run and the service: the five operations it calls,
// each failing with a CliError worded as the AWS CLI words it (its `failure`
// says what the service answered, or that no answer came). The run's policy
// and machinery see only this, so their tests use a fake; the real one sends
// ResendConfirmationCode unsigned through one SDK client, and the pool's
// operations signed, through another made only when first needed.
import type { CallResult, CallSettings, DebugLog, Profile } from "../call";
import { CliError, EXIT, pathIn, type Place } from "../common";
import type { Request } from "../input";

export interface UserType {
  Username?: string;
  UserStatus?: string;
  Enabled?: boolean;
  UserCreateDate?: Date;
  Attributes?: Array<{ Name?: string; Value?: string }>;
}

export interface UserPoolType {
  EmailConfiguration?: { EmailSendingAccount?: string };
  UsernameConfiguration?: { CaseSensitive?: boolean };
  UsernameAttributes?: string[];
}

export interface BulkCaller {
  resendConfirmationCode(request: Request): Promise<CallResult>;
  listUsers(input: {
    UserPoolId: string;
    Filter: string;
    Limit: number;
    PaginationToken?: string;
  }): Promise<{ Users?: UserType[]; PaginationToken?: string }>;
  describeUserPool(input: { UserPoolId: string }): Promise<{ UserPool?: UserPoolType }>;
  adminCreateUser(input: { UserPoolId: string; Username: string; MessageAction: "RESEND" }): Promise<unknown>;
  getProvisionedLimit(input: {
    LimitDefinition: { LimitClass: "API_CATEGORY"; Attributes: Record<string, string> };
  }): Promise<{ Limit?: { ProvisionedLimitValue?: number; FreeLimitValue?: number } }>;
  destroy(): void;
}

const NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".';

/**
 * The credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
 * AWS_SESSION_TOKEN) from the run's environment, else the SDK's default chain
 * (the profile's files, SSO, a credential process, container and instance
 * metadata) for the profile in force.
 */
function credentialsFor(
  place: Place,
  profile: Profile,
  sharedFiles: (env: NodeJS.ProcessEnv) => { config: string; credentials: string },
): unknown {
  const { env } = place;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    };
  }
  const files = sharedFiles(env);
  const { defaultProvider } =
    require("@aws-sdk/credential-provider-node") as typeof import("@aws-sdk/credential-provider-node");
  return defaultProvider({
    profile: profile.name,
    filepath: pathIn(place, files.credentials),
    configFilepath: pathIn(place, files.config),
  });
}

/** The real caller: `settings` as the call stage settled them; one request per call (the run retries on its own terms). */
export function createBulkCaller(
  call: typeof import("../call"),
  how: { settings: CallSettings; debug: DebugLog; profile: Profile; concurrency: number },
  place: Place,
): BulkCaller {
  const settings = { ...how.settings, maxAttempts: 1 };
  const resend = call.createCaller(settings, how.debug, { concurrency: how.concurrency, bulk: true });
  let signed: ReturnType<typeof call.createClient> | undefined;
  const client = () =>
    (signed ??= call.createClient(settings, how.debug, {
      credentials: credentialsFor(place, how.profile, call.sharedFiles),
    }));
  async function send<T>(operation: string, input: unknown): Promise<T> {
    const { client: sdkClient, sdk, url } = client();
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`];
    try {
      return (await sdkClient.send(new Command(input) as never)) as T;
    } catch (error) {
      const name = (error as Error).name;
      if (name === "CredentialsProviderError" || /Could not load credentials/.test((error as Error).message))
        throw new CliError(NO_CREDENTIALS, EXIT.configuration);
      // Worded as the SDK's own retries would have it: the pool's reads are tried again by the run.
      throw call.callError(error, { url: url(), maxAttempts: how.settings.maxAttempts, operation });
    }
  }
  return {
    resendConfirmationCode: (request) => resend.call(request),
    listUsers: (input) => send("ListUsers", input),
    describeUserPool: (input) => send("DescribeUserPool", input),
    adminCreateUser: (input) => send("AdminCreateUser", input),
    getProvisionedLimit: (input) => send("GetProvisionedLimit", input),
    destroy() {
      resend.destroy();
      signed?.client.destroy();
    },
  };
}
