// Users straight from the user pool (--user-pool-id): who is unconfirmed,
// whom a line of the usernames file names (a username, or the email of one
// user), how the pool sends email, and the invitation resent to a user an
// administrator created. ListUsers, DescribeUserPool and AdminCreateUser are
// signed with the AWS credentials found as the AWS CLI and the SDKs find them;
// only these runs load the SDK's credential chain. Requests are paced within
// the service's quotas (UserList, UserCreation) as a bulk run's resends are.
import { CliError, EXIT, pathIn, type Place } from "../common";
import { type CallSettings, callError, createClient, type DebugLog, type Profile, sharedFiles } from "../call";
import { backoffMs, THROTTLED_ATTEMPTS } from "./backoff";
import { type Clock, createRateLimiter, type RateLimiter } from "./rate-limiter";

/** A user as ListUsers shows one. */
export interface PoolUser {
  username: string;
  status: string;
  enabled: boolean;
  createdAt?: Date;
  email?: string;
}

/** What a line of the usernames file names in the pool. */
export type Lookup = { user: PoolUser; resolvedFrom?: "email" } | { problem: string };

export interface Pool {
  readonly id: string;
  /** How the pool sends email (COGNITO_DEFAULT, DEVELOPER), from DescribeUserPool. */
  emailSendingAccount(): Promise<string | undefined>;
  /** Every UNCONFIRMED user created within `range`, page by page. */
  unconfirmed(range: { after?: Date; before?: Date }): AsyncGenerator<PoolUser>;
  /** The user a username, or the email of exactly one user, names. */
  lookup(name: string): Promise<Lookup>;
  /** AdminCreateUser with MessageAction RESEND: the invitation sent again. */
  resendInvitation(username: string): Promise<void>;
  destroy(): void;
}

/** Cognito's own sender: emails a day for the whole account. */
export const DEFAULT_DAILY_EMAILS = 50;

const NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".';

/**
 * The credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
 * AWS_SESSION_TOKEN) from the run's environment, else the SDK's default chain
 * (the profile's files, SSO, a credential process, container and instance
 * metadata) for the profile in force.
 */
function credentialsFor(place: Place, profile: Profile): unknown {
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

/** A value as the ListUsers filter syntax quotes it. */
const quoted = (value: string): string => `"${value.replace(/(["\\])/g, "\\$1")}"`;

interface UserType {
  Username?: string;
  UserStatus?: string;
  Enabled?: boolean;
  UserCreateDate?: Date;
  Attributes?: Array<{ Name?: string; Value?: string }>;
}

const poolUser = (user: UserType): PoolUser => ({
  username: user.Username ?? "",
  status: user.UserStatus ?? "UNKNOWN",
  enabled: user.Enabled !== false,
  createdAt: user.UserCreateDate,
  email: user.Attributes?.find((attribute) => attribute.Name === "email")?.Value,
});

export function openPool(
  id: string,
  settings: CallSettings,
  place: Place,
  profile: Profile,
  debug: DebugLog,
  options: { signal?: AbortSignal; clock?: Clock } = {},
): Pool {
  const { client, sdk, url } = createClient(settings, debug, { credentials: credentialsFor(place, profile) });
  const clock = options.clock;
  // One pace for each of the service's quotas these operations fall under.
  const paces = new Map<string, RateLimiter>();
  const paceOf = (category: string): RateLimiter => {
    const known = paces.get(category);
    if (known) return known;
    const pace = createRateLimiter(0, clock, options.signal);
    paces.set(category, pace);
    return pace;
  };

  /** Sends a command within its quota, trying a throttled one again after a backoff. */
  async function send<T>(operation: string, category: string, command: unknown): Promise<T> {
    const pace = paceOf(category);
    for (let attempt = 1; ; attempt += 1) {
      await pace.acquire();
      try {
        const response = (await client.send(command as never)) as T;
        pace.succeeded();
        return response;
      } catch (error) {
        const name = (error as Error).name;
        if (name === "CredentialsProviderError" || /Could not load credentials/.test((error as Error).message)) {
          throw new CliError(NO_CREDENTIALS, EXIT.configuration);
        }
        const failure = callError(error, { url: url(), maxAttempts: settings.maxAttempts, operation });
        if (failure.failure?.code === "TooManyRequestsException" && attempt < THROTTLED_ATTEMPTS) {
          pace.throttled();
          await (clock ?? { sleep: (ms: number) => new Promise((done) => setTimeout(done, ms)) }).sleep(
            backoffMs(attempt),
            options.signal,
          );
          continue;
        }
        throw failure;
      }
    }
  }

  const listUsers = (filter: string, token?: string) =>
    send<{ Users?: UserType[]; PaginationToken?: string }>(
      "ListUsers",
      "UserList",
      new sdk.ListUsersCommand({ UserPoolId: id, Filter: filter, Limit: 60, PaginationToken: token }),
    );

  async function* all(filter: string): AsyncGenerator<PoolUser> {
    let token: string | undefined;
    do {
      const page = await listUsers(filter, token);
      for (const user of page.Users ?? []) yield poolUser(user);
      token = page.PaginationToken;
    } while (token !== undefined && !options.signal?.aborted);
  }

  const first = async (filter: string, most: number): Promise<PoolUser[]> => {
    const found: PoolUser[] = [];
    for await (const user of all(filter)) {
      found.push(user);
      if (found.length >= most) break;
    }
    return found;
  };

  return {
    id,
    async emailSendingAccount() {
      const answer = await send<{ UserPool?: { EmailConfiguration?: { EmailSendingAccount?: string } } }>(
        "DescribeUserPool",
        "UserPoolRead",
        new sdk.DescribeUserPoolCommand({ UserPoolId: id }),
      );
      // A pool with no email configuration sends through Cognito's own sender.
      return answer.UserPool?.EmailConfiguration?.EmailSendingAccount ?? "COGNITO_DEFAULT";
    },
    async *unconfirmed(range) {
      for await (const user of all('cognito:user_status = "UNCONFIRMED"')) {
        const created = user.createdAt?.getTime();
        if (range.after !== undefined && (created === undefined || created < range.after.getTime())) continue;
        if (range.before !== undefined && (created === undefined || created >= range.before.getTime())) continue;
        yield user;
      }
    },
    async lookup(name) {
      const [user] = await first(`username = ${quoted(name)}`, 1);
      if (user !== undefined) return { user };
      // An unconfirmed user's email is no alias yet: the service does not know the user by it.
      if (!name.includes("@")) return { problem: "no such user in the pool" };
      const byEmail = await first(`email = ${quoted(name)}`, 2);
      if (byEmail.length === 0)
        return { problem: "no such user in the pool: neither a username nor the email of a user" };
      if (byEmail.length > 1) return { problem: "the email of more than one user: give the username" };
      return { user: byEmail[0], resolvedFrom: "email" };
    },
    async resendInvitation(username) {
      await send(
        "AdminCreateUser",
        "UserCreation",
        new sdk.AdminCreateUserCommand({ UserPoolId: id, Username: username, MessageAction: "RESEND" }),
      );
    },
    destroy: () => client.destroy(),
  };
}
