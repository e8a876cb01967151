// The one seam between a run and the service: the five operations a run
// calls, each failing with a CliError worded as the AWS CLI words it (its
// `failure` says what the service answered, or that no answer came). The
// single call and a bulk run both see only this, so their tests give a fake
// (io.service); the real one sends ResendConfirmationCode unsigned through one
// SDK client, and the pool's operations signed, through another made only
// when first needed.
import { ConfigurationError, pathIn, type Place } from "../common";
import type { Config, Profile, Request } from "../input";
import { type CallResult, createCaller } from "./caller";
import { createClient } from "./client";
import type { DebugLog } from "./debug";
import { callError } from "./failures";
import type { CallSettings } from "./settings";

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

export interface Service {
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

/** What a service is made for: the settled settings, the debug log, the profile and files for credentials. */
export interface ServiceHow {
  settings: CallSettings;
  debug: DebugLog;
  profile: Profile;
  config: Config;
  /**
   * A bulk run: one request per call (the run retries on its own terms), at
   * most this many in flight. Without it, a single call, which the SDK
   * retries as the AWS CLI does.
   */
  bulk?: { concurrency: number };
}

export type ServiceFactory = (how: ServiceHow, place: Place) => Service;

const NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".';

/**
 * The credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
 * AWS_SESSION_TOKEN) from the run's environment, else the SDK's default chain
 * (the profile's files, SSO, a credential process, container and instance
 * metadata) for the profile in force.
 */
function credentialsFor(place: Place, how: ServiceHow): unknown {
  const { env } = place;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    };
  }
  const { defaultProvider } =
    require("@aws-sdk/credential-provider-node") as typeof import("@aws-sdk/credential-provider-node");
  return defaultProvider({
    profile: how.profile.name,
    filepath: pathIn(place, how.config.files.credentials),
    configFilepath: pathIn(place, how.config.files.config),
  });
}

/** The real service, through the AWS SDK. */
export const createService: ServiceFactory = (how, place) => {
  const settings = how.bulk ? { ...how.settings, maxAttempts: 1 } : how.settings;
  const lean = how.bulk ? { concurrency: how.bulk.concurrency, bulk: true } : {};
  const resend = createCaller(settings, how.debug, lean);
  let signed: ReturnType<typeof createClient> | undefined;
  const client = () => (signed ??= createClient(settings, how.debug, { credentials: credentialsFor(place, how) }));
  async function send<T>(operation: string, input: unknown): Promise<T> {
    const { client: sdkClient, sdk, url } = client();
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`];
    try {
      return (await sdkClient.send(new Command(input) as never)) as T;
    } catch (error) {
      const name = (error as Error).name;
      if (name === "CredentialsProviderError" || /Could not load credentials/.test((error as Error).message))
        throw new ConfigurationError(NO_CREDENTIALS);
      // Worded as the SDK's own retries would have it: the pool's reads are tried again by the run.
      throw callError(error, { url: url(), maxAttempts: how.settings.maxAttempts, operation });
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
};
