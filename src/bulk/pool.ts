// Users straight from the user pool (--user-pool-id): who is unconfirmed,
// whom a line of the usernames file names (a username, or the email of one
// user), how the pool sends email and whether its usernames are
// case-sensitive, and the account's provisioned limit for resends. The
// operations (ListUsers, DescribeUserPool, GetProvisionedLimit) go through
// the run's caller, signed; they only read, so a throttled or failed one is
// tried again, paced within the service's quotas (UserList, UserPoolRead).
import type { CliError } from "../common";
import { backoffMs, THROTTLED_ATTEMPTS } from "./policy";
import type { BulkCaller, UserType } from "./caller";
import { type Clock, createRateLimiter, type RateLimiter, realClock } from "./rate-limiter";

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

/** What DescribeUserPool says that a run needs. */
export interface PoolFacts {
  /** How the pool sends email (COGNITO_DEFAULT, DEVELOPER). */
  emailSendingAccount: string;
  /** Whether usernames that differ in letter case are different users. */
  caseSensitive: boolean;
}

export interface Pool {
  readonly id: string;
  describe(): Promise<PoolFacts>;
  /** Every UNCONFIRMED user created within `range`, page by page. */
  unconfirmed(range: { after?: Date; before?: Date }): AsyncGenerator<PoolUser>;
  /** The user a username, or the email of exactly one user, names. */
  lookup(name: string): Promise<Lookup>;
  /** The account's provisioned limit for a quota category; undefined where it cannot be read. */
  provisionedLimit(category: string): Promise<number | undefined>;
}

/** Cognito's own sender: emails a day for the whole account. */
export const DEFAULT_DAILY_EMAILS = 50;

/** A value as the ListUsers filter syntax quotes it. */
const quoted = (value: string): string => `"${value.replace(/(["\\])/g, "\\$1")}"`;

const poolUser = (user: UserType): PoolUser => ({
  username: user.Username ?? "",
  status: user.UserStatus ?? "UNKNOWN",
  enabled: user.Enabled !== false,
  createdAt: user.UserCreateDate,
  email: user.Attributes?.find((attribute) => attribute.Name === "email")?.Value,
});

/** Attempts for a read that failed before any answer, or with a 5xx. */
const READ_ATTEMPTS = 3;

/** A read within its quota, tried again when throttled, answered 5xx, or never answered (a read sends nothing). */
async function readWithin<T>(
  pace: RateLimiter,
  operation: () => Promise<T>,
  clock: Clock,
  signal: AbortSignal | undefined,
): Promise<T> {
  let failures = 0;
  for (let attempt = 1; ; attempt += 1) {
    await pace.acquire();
    try {
      const response = await operation();
      pace.succeeded();
      return response;
    } catch (error) {
      const failure = (error as CliError).failure;
      if (failure?.throttled && attempt < THROTTLED_ATTEMPTS) pace.throttled();
      else if (!(failure?.transient || failure?.unknown) || ++failures >= READ_ATTEMPTS) throw error;
      await clock.sleep(backoffMs(attempt), signal);
    }
  }
}

export function openPool(
  id: string,
  caller: BulkCaller,
  options: { signal?: AbortSignal; clock?: Clock; debug?: (text: string) => void } = {},
): Pool {
  const clock = options.clock ?? realClock;
  // One pace for each of the service's quotas these operations fall under.
  const paces = new Map<string, RateLimiter>();
  const paceOf = (category: string): RateLimiter => {
    const known = paces.get(category);
    if (known) return known;
    const pace = createRateLimiter(0, clock, options.signal);
    paces.set(category, pace);
    return pace;
  };

  const read = <T>(category: string, operation: () => Promise<T>): Promise<T> =>
    readWithin(paceOf(category), operation, clock, options.signal);

  const listUsers = (filter: string, token?: string) =>
    read("UserList", () => caller.listUsers({ UserPoolId: id, Filter: filter, Limit: 60, PaginationToken: token }));

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
    async describe() {
      const answer = await read("UserPoolRead", () => caller.describeUserPool({ UserPoolId: id }));
      const pool = answer.UserPool;
      return {
        // A pool with no email configuration sends through Cognito's own sender.
        emailSendingAccount: pool?.EmailConfiguration?.EmailSendingAccount ?? "COGNITO_DEFAULT",
        // A pool made before usernames could be case-insensitive has no UsernameConfiguration: case-sensitive.
        caseSensitive: pool?.UsernameConfiguration?.CaseSensitive !== false,
      };
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
    async provisionedLimit(category) {
      try {
        const answer = await read("UserPoolRead", () =>
          caller.getProvisionedLimit({
            LimitDefinition: { LimitClass: "API_CATEGORY", Attributes: { Category: category } },
          }),
        );
        const limit = answer.Limit?.ProvisionedLimitValue ?? answer.Limit?.FreeLimitValue;
        return typeof limit === "number" && limit > 0 ? limit : undefined;
      } catch (error) {
        // Not allowed (no cognito-idp:GetProvisionedLimit), or an endpoint without it: the pace finds the quota itself.
        options.debug?.(
          `GetProvisionedLimit for ${category} failed, so the pace is found by probing: ${(error as Error).message}`,
        );
        return undefined;
      }
    },
  };
}
