// A loopback stand-in for the Amazon Cognito user-pools endpoint that behaves
// like the service where bulk resending meets its limits: an account-wide
// request quota per category (shared, if asked, with the application's own
// live traffic), the per-user hourly resend limit, the daily email cap of the
// built-in email sender, users in every status, case-insensitive pools and
// email sign-in names, app clients with and without a secret or
// PreventUserExistenceErrors, failed deliveries, failures of the whole pool
// (auto verification off, Lambda triggers, WAF, the email and SMS roles),
// answers that come late or never, and the signed administrative operations a
// client needs around a resend (ListUsers, DescribeUserPool, AdminCreateUser
// with MessageAction RESEND, GetProvisionedLimit), whose AWS Signature Version 4
// it verifies.
//
// It speaks the JSON 1.1 protocol as test/support/local-cognito.ts does: POST /,
// `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, errors as
// `{"__type", "message"}` with `x-amzn-ErrorType`, status 400 (500 for
// InternalErrorException, 403 for ForbiddenException). Every limit runs on an
// injectable clock, so tests drive it with a fake one and assert from counts.
//
// What the service does, and where the wording comes from (looked up in the
// Cognito developer guide, API reference and public issue threads):
// - Request rate quotas are per account and Region, per category of operations:
//   ResendConfirmationCode is UserAccountRecovery (30 RPS), ListUsers UserList
//   (30 RPS), AdminCreateUser UserCreation (50 RPS) (developer guide, "Quotas in
//   Amazon Cognito"). DescribeUserPool is in UserPoolRead; its default rate
//   (20 here) was not confirmed. Past a quota: TooManyRequestsException
//   "Rate exceeded".
// - The quota is the account's, so the application's own requests of the same
//   category take from the same bucket (option liveTraffic): sign-ups come when
//   people come, so they arrive at random (a Poisson process, from a seeded
//   generator, so every run is the same), or evenly spaced if asked, on the
//   injected clock, and are replayed, each at its own time, before a request of
//   the client's is let in. (Evenly spaced arrivals lock in step with a paced
//   client: whichever stream comes more often takes each token as it comes, and
//   the other is throttled unseen.)
// - GetProvisionedLimit (API reference) answers, for LimitClass API_CATEGORY and
//   Attributes.Category, the rate the account is held to (ProvisionedLimitValue)
//   and the default one (FreeLimitValue). The categories here are the real
//   service's names. Which category GetProvisionedLimit itself counts against
//   was not found; it is UserPoolRead here. An endpoint from before the
//   operation existed answers UnknownOperationException (provisionedLimits:
//   false). The wording for an unknown category was not found; the one here is
//   a stand-in; an unknown LimitClass gets the usual enum validation message.
// - Username case: a pool made through the API is case-sensitive unless told
//   otherwise, one made in the console is not (UsernameConfiguration
//   CaseSensitive, API reference CreateUserPool; developer guide, "User pool
//   attributes"). In a case-insensitive pool the user is found whatever the
//   letter case of the username given, the ListUsers username filter ignores
//   case, and the user keeps the username as created.
// - UsernameAttributes [email]: the email is the sign-in name (the username
//   itself is a UUID), so the email finds the user in any status. AliasAttributes
//   [email]: the email finds the user only once verified (email_verified
//   "true"); an unconfirmed user's email is not yet an alias (developer guide,
//   "Customizing sign-in attributes"). Otherwise an email is an unknown
//   username. Emails are matched with the pool's rule for case.
// - PreventUserExistenceErrors ENABLED: "account confirmation and password
//   recovery return a response indicating a code was sent to a simulated
//   destination" instead of UserNotFoundException (API reference,
//   UserPoolClientType; developer guide, "Managing user existence error
//   responses"). The simulated destination here is stable per username.
// - A disabled user: NotAuthorizedException "User is disabled." (the answer of
//   the unauthenticated user operations, seen in amazon-cognito-identity-js#373
//   and amplify-js#5503; not documented for ResendConfirmationCode itself).
// - Only an UNCONFIRMED user is sent a confirmation code. CONFIRMED is
//   InvalidParameterException "User is already confirmed." (as local-cognito.ts);
//   the docs say nothing of FORCE_CHANGE_PASSWORD, RESET_REQUIRED and
//   EXTERNAL_PROVIDER users, which have passed sign-up confirmation: they get
//   the same answer here.
// - CodeDeliveryFailureException: the message the service gives for email is
//   "Invalid email provided/Unable to send the email"
//   (amazon-cognito-identity-js#307, amplify-js#1305); the SMS wording was not
//   found, so the SMS one here is a plain stand-in.
// - Failures of the pool, not the user (option poolFailure, breakPool()):
//   auto verification off answers every existing UNCONFIRMED user "Cannot
//   resend codes. Auto verification not turned on." (seen in
//   mobilequickie/amplify-passwordless-sms-auth#11, where the client library
//   hides the exception type; InvalidParameterException here, as for a user
//   with nowhere to send to). A WAF web ACL that blocks the request:
//   ForbiddenException, status 403, "Request not allowed due to WAF block."
//   (ravenscar/franken-srp#13); the block comes before the service, so it costs
//   no quota here. The others fail the delivery, so they apply wherever a code
//   or invitation would go out, and nothing is sent: a CustomMessage trigger
//   that rejects (UserLambdaValidationException, "<Trigger> failed with error
//   <message>."), that cannot be invoked (UnexpectedLambdaException), that
//   answers nonsense (InvalidLambdaResponseException), and the roles Cognito
//   sends through (InvalidEmailRoleAccessPolicyException for email,
//   InvalidSmsRoleAccessPolicyException for SMS; each fails only deliveries by
//   its own medium). Only the exception names are from the API reference; the
//   messages are stand-ins in the service's style.
// - AdminCreateUser MessageAction RESEND "resend[s] the invitation message to a
//   user that already exists" (API reference); for a user that does not exist
//   the admin operations answer UserNotFoundException "User does not exist.";
//   for a user not in FORCE_CHANGE_PASSWORD the error is
//   UnsupportedUserStateException (floci-io/floci#755, which follows the service);
//   its message was not found.
// - ListUsers Filter: `AttributeName Filter-Type "AttributeValue"`, `=` exact,
//   `^=` prefix, one attribute; searchable: username (case-sensitive unless the
//   pool is not), email, phone_number, name, given_name, family_name,
//   preferred_username, cognito:user_status (the user's status), status
//   (Enabled/Disabled), sub; custom attributes are not searchable; an empty
//   filter lists everyone (API reference, ListUsers). Limit 0 to 60, default 60.
// - Signature errors (JSON protocol, as answered by cognito-idp in
//   aws-sdk-php#2444, aws-cli#3066 and others): a request with no signature is
//   MissingAuthenticationTokenException "Missing Authentication Token"; an
//   unknown access key is UnrecognizedClientException "The security token
//   included in the request is invalid."; a wrong secret key is
//   InvalidSignatureException "The request signature we calculated does not
//   match the signature you provided. Check your AWS Secret Access Key and
//   signing method. Consult the service documentation for details."
//   ResendConfirmationCode is not signed (the service does not evaluate IAM for
//   it); a signature sent with it is ignored.
// - What the network does, not the service: an answer that comes latencyMs
//   late (real milliseconds unless `sleep` says otherwise), and a request that is acted on (the code goes out) but
//   whose answer never comes, the connection held open or reset
//   (noAnswerFor()): the outcome the client cannot know.
import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { watchHttp } from "./watch";

export const CLIENT_WITHOUT_SECRET = "1example23456789";
export const CLIENT_WITH_SECRET = "2secretexample000";
// Only fixtures: this pool and this key pair exist nowhere but here.
export const CLIENT_SECRET = "local-test-client-secret-0123456789abcdefghij";
export const TEST_CREDENTIALS: Readonly<{ accessKeyId: string; secretAccessKey: string }> = {
  accessKeyId: "AKIDLOCALTEST00000000",
  secretAccessKey: "local-test-secret-access-key-0123456789ab",
};

export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED" | "EXTERNAL_PROVIDER";
export type DeliveryMedium = "EMAIL" | "SMS";
/** The real service's names of the quota categories the stand-in knows. */
export type Category = "UserAccountRecovery" | "UserList" | "UserCreation" | "UserPoolRead";
export type Operation =
  | "ResendConfirmationCode"
  | "ListUsers"
  | "DescribeUserPool"
  | "AdminCreateUser"
  | "GetProvisionedLimit";
/** A failure of the whole pool (see the notes at the top, and MESSAGES). */
export type PoolFailure =
  | "autoVerifyOff"
  | "lambdaValidation"
  | "lambdaUnexpected"
  | "invalidLambdaResponse"
  | "forbidden"
  | "emailRole"
  | "smsRole";
/** What becomes of a request whose answer never comes: held open, or the connection reset. */
export type NoAnswer = "stall" | "reset";

/** The quota category of each operation, as the developer guide groups them. */
export const CATEGORY_OF: Record<Operation, Category> = {
  ResendConfirmationCode: "UserAccountRecovery",
  ListUsers: "UserList",
  AdminCreateUser: "UserCreation",
  DescribeUserPool: "UserPoolRead",
  // Its category was not found in the developer guide: a read of the account's
  // configuration, counted with the pool reads here.
  GetProvisionedLimit: "UserPoolRead",
};
/** Default requests a second per category (the burst defaults to the same number). */
export const DEFAULT_RATES: Record<Category, number> = {
  UserAccountRecovery: 30,
  UserList: 30,
  UserCreation: 50,
  UserPoolRead: 20,
};
const SIGNED: ReadonlySet<string> = new Set([
  "ListUsers",
  "DescribeUserPool",
  "AdminCreateUser",
  "GetProvisionedLimit",
]);

export const MESSAGES = {
  throttled: "Rate exceeded",
  hourly: "Attempt limit exceeded, please try after some time.",
  daily:
    "Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.",
  confirmed: "User is already confirmed.",
  disabled: "User is disabled.",
  notFound: "Username/client id combination not found.",
  adminNotFound: "User does not exist.",
  emailDelivery: "Invalid email provided/Unable to send the email",
  smsDelivery: "Unable to deliver message to the specified phone number.",
  noDestination: "Cannot resend codes. Auto verification not turned on or no verified attributes.",
  missingToken: "Missing Authentication Token",
  badKey: "The security token included in the request is invalid.",
  badSignature:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  badFilter: "Error while parsing filter.",
  // Failures of the pool (PoolFailure).
  autoVerifyOff: "Cannot resend codes. Auto verification not turned on.",
  lambdaValidation: "CustomMessage failed with error Rejected by the custom message trigger.",
  lambdaUnexpected: "CustomMessage invocation failed due to error AccessDeniedException.",
  invalidLambdaResponse: "Invalid lambda response received",
  forbidden: "Request not allowed due to WAF block.",
  emailRole: "Cognito is not allowed to use your email identity.",
  smsRole: "Role does not have permission to publish with SNS",
} as const;

/** The pool failures that fail a delivery: the exception, and the one medium it fails if only one. */
const DELIVERY_FAILURES: Partial<Record<PoolFailure, { type: string; message: string; medium?: DeliveryMedium }>> = {
  lambdaValidation: { type: "UserLambdaValidationException", message: MESSAGES.lambdaValidation },
  lambdaUnexpected: { type: "UnexpectedLambdaException", message: MESSAGES.lambdaUnexpected },
  invalidLambdaResponse: { type: "InvalidLambdaResponseException", message: MESSAGES.invalidLambdaResponse },
  emailRole: { type: "InvalidEmailRoleAccessPolicyException", message: MESSAGES.emailRole, medium: "EMAIL" },
  smsRole: { type: "InvalidSmsRoleAccessPolicyException", message: MESSAGES.smsRole, medium: "SMS" },
};

export interface UserSeed {
  username: string;
  status?: UserStatus;
  enabled?: boolean;
  createdAt?: Date;
  modifiedAt?: Date;
  /** email, phone_number, name, given_name, ...; `sub` is made up when not given. */
  attributes?: Record<string, string>;
  /** Where the code goes; by default EMAIL when the user has an email, else SMS. */
  deliveryMedium?: DeliveryMedium;
}

export interface ClientSeed {
  id: string;
  secret?: string;
  preventUserExistenceErrors?: boolean;
}

export interface Rate {
  /** Tokens added a second. */
  perSecond: number;
  /** The bucket's size: requests that may pass at once. Default: perSecond. */
  burst?: number;
}

export interface CognitoServiceOptions {
  /** 0 (the default) for any free port. */
  port?: number;
  /** The Region signatures must be scoped to. Default us-east-1. */
  region?: string;
  /** Default `<region>_LocalPool1`. */
  userPoolId?: string;
  poolName?: string;
  /** The clock of every limit, in milliseconds. Default performance.now. */
  now?: () => number;
  /** Requests a second and burst per category; a category left out keeps DEFAULT_RATES. */
  rates?: Partial<Record<Category, Rate>>;
  /**
   * The application's own requests, sharing the account's quota of one category
   * (default UserAccountRecovery): one every 1000/perSecond ms of the injected
   * clock on average: at random (a Poisson process from `seed`, default 1) or, with `even`,
   * one every 1000/perSecond ms, the first at the service's start (none when
   * perSecond is not above 0). See app().
   */
  liveTraffic?: { perSecond: number; category?: Category; even?: boolean; seed?: number };
  /** Whether the endpoint knows GetProvisionedLimit. Default true; false for an older endpoint. */
  provisionedLimits?: boolean;
  /** Confirmation codes one user may be sent within an hour. Default 5. */
  hourlyResendLimit?: number;
  /** How the pool sends email. Default COGNITO_DEFAULT. */
  emailSendingAccount?: "COGNITO_DEFAULT" | "DEVELOPER";
  /** Emails a day; default 50 with COGNITO_DEFAULT, none (null) with DEVELOPER. */
  dailyEmailLimit?: number | null;
  /** Whether usernames are told apart by case. Default true (a pool made through the API); false as the console makes them. */
  caseSensitive?: boolean;
  usernameAttributes?: Array<"email" | "phone_number">;
  aliasAttributes?: Array<"email" | "phone_number" | "preferred_username">;
  /** Default: CLIENT_WITHOUT_SECRET and CLIENT_WITH_SECRET (with CLIENT_SECRET). */
  clients?: ClientSeed[];
  /** Applies to every client that does not say otherwise. Default false (LEGACY). */
  preventUserExistenceErrors?: boolean;
  users?: UserSeed[];
  /** Usernames whose code delivery fails (CodeDeliveryFailureException). */
  failDeliveryFor?: string[];
  /** A failure of the whole pool from the start; breakPool() changes it. */
  poolFailure?: PoolFailure;
  /** Milliseconds between a request's arrival and its answer, waited with `sleep`. Default 0. */
  latencyMs?: number;
  /** How latencyMs is waited. Default a real timer (for the smoke tests' processes); tests in process give a fake clock's. */
  sleep?: (ms: number) => Promise<void>;
  /** The one key pair the signed operations accept. Default TEST_CREDENTIALS. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface RequestRecord {
  operation: string;
  body: Record<string, unknown> | undefined;
  headers: IncomingHttpHeaders;
  /** Whether the request carried a SigV4 Authorization header (valid or not). */
  signed: boolean;
  /** The injected clock's time when it arrived. */
  at: number;
  /**
   * Username (or, for AdminCreateUser, the user) the request was about: the
   * user's own username when the name given finds one (whatever its case, or an
   * email standing for it), else the name as given.
   */
  username?: string;
  /** The Username as the request gave it. */
  given?: string;
  status: number;
  /** The error's __type; undefined for a success. */
  error?: string;
  /** Whether this request made a code or an invitation go out. */
  codeSent: boolean;
  /** Set when the answer was never written (noAnswerFor). */
  unanswered?: NoAnswer;
}

interface User {
  username: string;
  status: UserStatus;
  enabled: boolean;
  createdAt: Date;
  modifiedAt: Date;
  attributes: Map<string, string>;
  deliveryMedium?: DeliveryMedium;
  sends: number[];
}

/** Many users at once: `user-1` … `user-n` (or `${prefix}N`), each with an email at example.com. */
export function users(
  n: number,
  options: {
    prefix?: string;
    from?: number;
    status?: UserStatus;
    enabled?: boolean;
    createdAt?: Date;
    email?: boolean | ((username: string) => string);
    phone?: boolean;
  } = {},
): UserSeed[] {
  const {
    prefix = "user-",
    from = 1,
    status = "UNCONFIRMED",
    enabled = true,
    createdAt,
    email = true,
    phone,
  } = options;
  return Array.from({ length: n }, (_, i) => {
    const username = `${prefix}${from + i}`;
    const attributes: Record<string, string> = {};
    if (email) attributes.email = typeof email === "function" ? email(username) : `${username}@example.com`;
    if (phone) attributes.phone_number = `+1555${String(from + i).padStart(7, "0")}`;
    return { username, status, enabled, createdAt, attributes };
  });
}

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");
}

/** An account-wide quota for one category: a token bucket on the injected clock. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }
  /** Takes one token if there is one. */
  take(): boolean {
    return this.takeAt(this.now());
  }
  /** Refills the bucket up to `time` (a time already passed adds nothing), then takes one token if there is one. */
  takeAt(time: number): boolean {
    if (time > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((time - this.last) / 1000) * this.perSecond);
      this.last = time;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The application's own requests in one category, evenly spaced on the
 * injected clock from `start`. That clock moves only when a test moves it, so
 * the arrivals are replayed lazily: each takes its token at its own time.
 */
class LiveTraffic {
  requests = 0;
  throttled = 0;
  private at: number;
  private seed: number;
  constructor(
    private readonly bucket: TokenBucket,
    start: number,
    private readonly perSecond: number,
    private readonly even: boolean,
    seed: number,
  ) {
    this.at = start;
    this.seed = seed >>> 0 || 1;
  }
  /** A number in [0, 1) from a 32-bit xorshift generator. */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 2 ** 32;
  }
  /** Replays every arrival at or before `time`, in time order. */
  replayTo(time: number): void {
    while (this.at <= time) {
      this.requests += 1;
      if (!this.bucket.takeAt(this.at)) this.throttled += 1;
      const gap = this.even ? 1 : -Math.log(1 - this.random());
      this.at += (gap * 1000) / this.perSecond;
    }
  }
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function mask(text: string): string {
  return `${[...text][0] ?? ""}***`;
}

function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  return `${mask(address.slice(0, at))}@${mask(address.slice(at + 1))}`;
}

function maskPhone(phone: string): string {
  return `+*******${phone.slice(-4)}`;
}

function details(medium: DeliveryMedium, destination: string) {
  return medium === "EMAIL"
    ? { Destination: maskEmail(destination), DeliveryMedium: "EMAIL", AttributeName: "email" }
    : { Destination: maskPhone(destination), DeliveryMedium: "SMS", AttributeName: "phone_number" };
}

/** A made-up but stable destination for a user who does not exist (PreventUserExistenceErrors). */
function simulated(username: string) {
  if (username.includes("@")) return details("EMAIL", username);
  const letters = createHash("sha256").update(username).digest();
  const letter = (byte: number) => String.fromCharCode(97 + (byte % 26));
  return details("EMAIL", `${letter(letters[0])}@${letter(letters[1])}`);
}

/** A version-4-shaped UUID made from the username, so `sub` is the same on every run. */
function subFor(username: string): string {
  const h = createHash("sha256").update(`sub:${username}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function medium(user: User): { medium: DeliveryMedium; destination: string } | undefined {
  const email = user.attributes.get("email");
  const phone = user.attributes.get("phone_number");
  const wanted = user.deliveryMedium ?? (email ? "EMAIL" : "SMS");
  if (wanted === "EMAIL" && email) return { medium: "EMAIL", destination: email };
  if (wanted === "SMS" && phone) return { medium: "SMS", destination: phone };
  return undefined;
}

const SEARCHABLE = new Set([
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
]);

/** `attribute = "value"` or `attribute ^= "value"`, quotes inside the value escaped with a backslash. */
export function parseFilter(filter: string): { attribute: string; prefix: boolean; value: string } | undefined {
  if (filter.trim() === "") return undefined;
  const match = /^\s*([A-Za-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match || !SEARCHABLE.has(match[1])) throw new ServiceError("InvalidParameterException", MESSAGES.badFilter);
  return { attribute: match[1], prefix: match[2] === "^=", value: match[3].replace(/\\(.)/g, "$1") };
}

function filterValue(user: User, attribute: string): string | undefined {
  if (attribute === "username") return user.username;
  if (attribute === "cognito:user_status") return user.status;
  if (attribute === "status") return user.enabled ? "Enabled" : "Disabled";
  return user.attributes.get(attribute);
}

/** A name as a case-insensitive pool compares it. */
const fold = (name: string) => name.toLowerCase();

function matches(user: User, filter: ReturnType<typeof parseFilter>, caseSensitive = true): boolean {
  if (!filter) return true;
  let value = filterValue(user, filter.attribute);
  let wanted = filter.value;
  if (value === undefined) return false;
  // The user's status is matched without regard to case, and so is the
  // username in a case-insensitive pool; the other attributes exactly.
  if (filter.attribute === "cognito:user_status") {
    value = value.toUpperCase();
    wanted = wanted.toUpperCase();
  } else if (filter.attribute === "username" && !caseSensitive) {
    value = fold(value);
    wanted = fold(wanted);
  }
  return filter.prefix ? value.startsWith(wanted) : value === wanted;
}

const seconds = (date: Date) => date.getTime() / 1000;

function userType(user: User, only?: string[]) {
  const attributes = [...user.attributes]
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
  return {
    Username: user.username,
    Attributes: attributes,
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function parseAmzDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? "");
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/**
 * The pool's users, in the order they were added, found by username (with or
 * without regard to case) or by an email that stands for one (UsernameAttributes
 * or a verified alias).
 */
class Directory {
  private readonly users = new Map<string, User>();
  constructor(
    private readonly caseSensitive: boolean,
    private readonly emailIs: "username" | "alias" | undefined,
  ) {}
  /** The key a name is kept under: the name, or in a case-insensitive pool its lower case. */
  key(name: string): string {
    return this.caseSensitive ? name : fold(name);
  }
  get size(): number {
    return this.users.size;
  }
  values(): IterableIterator<User> {
    return this.users.values();
  }
  /** Adds a user, or replaces the one with the same username. */
  add(user: User): void {
    this.users.set(this.key(user.username), user);
  }
  byUsername(name: string): User | undefined {
    return this.users.get(this.key(name));
  }
  /** As ResendConfirmationCode finds a user: by username, else by an email standing for one. */
  bySignInName(name: string): User | undefined {
    const user = this.byUsername(name);
    if (user || this.emailIs === undefined) return user;
    const wanted = this.key(name);
    for (const candidate of this.users.values()) {
      const email = candidate.attributes.get("email");
      if (email === undefined || this.key(email) !== wanted) continue;
      if (this.emailIs === "username" || candidate.attributes.get("email_verified") === "true") return candidate;
    }
    return undefined;
  }
  /** The username of the user called `name` (whatever its case), or `name` when there is none. */
  canonical(name: string): string {
    return this.byUsername(name)?.username ?? name;
  }
}

export interface CognitoService {
  url: string;
  port: number;
  region: string;
  userPoolId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Every request, in the order received. */
  requests: RequestRecord[];
  /** Requests received, for one operation or all. */
  count(operation?: string): number;
  /** Requests about one user (by username, any case in a case-insensitive pool), for one operation or all. */
  countFor(username: string, operation?: string): number;
  /** Requests answered TooManyRequestsException, for one operation or all. */
  throttled(operation?: string): number;
  /** Requests answered 200, for one operation or all. */
  succeeded(operation?: string): number;
  /** Requests answered with one error type. */
  errors(type: string, operation?: string): number;
  /** Emails sent since the day began (confirmation codes and invitations). */
  emailsToday(): number;
  /** Confirmation codes or invitations sent to one user (by username), ever. */
  sentTo(username: string): number;
  /**
   * Starts a new day: the daily email count and every user's hourly resend
   * count are zeroed. The clock is not moved, so the token buckets keep their
   * state. (A day also turns by itself when the injected clock passes 24 h.)
   */
  nextDay(): void;
  /** Every delivery fails from now on (true) or none does beyond failDeliveryFor (false). */
  failDelivery(all: boolean): void;
  /** Delivery to these users fails from now on. */
  failDeliveryFor(...usernames: string[]): void;
  /** The whole pool fails from now on in this way, or (undefined) no longer. */
  breakPool(kind: PoolFailure | undefined): void;
  /**
   * ResendConfirmationCode and AdminCreateUser for these users are acted on as
   * usual (a code goes out) but never answered: the connection is held open
   * with nothing written until the service closes ("stall"), or reset without
   * a byte written ("reset").
   */
  noAnswerFor(mode: NoAnswer, ...usernames: string[]): void;
  /** Answers these users again (everyone when none is named). */
  answerAgain(...usernames: string[]): void;
  /** The application's own requests so far (liveTraffic), replayed up to the clock's now, and how many were throttled. */
  app(): { requests: number; throttled: number };
  addUsers(seeds: UserSeed[]): void;
  /** A user's current state, as ListUsers would show it. */
  user(username: string): ReturnType<typeof userType> | undefined;
  /** Connections open now. */
  openConnections(): number;
  /** Resolves once `ready()` holds (checked on every request as it arrives, and every closed connection). */
  until(ready: () => boolean): Promise<void>;
  /** Resolves once the stand-in has read every request sent to it so far: count requests after this (see watch.ts). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

function rateBuckets(options: CognitoServiceOptions, now: () => number): Map<Category, TokenBucket> {
  const buckets = new Map<Category, TokenBucket>();
  for (const category of Object.keys(DEFAULT_RATES) as Category[]) {
    const rate = options.rates?.[category] ?? { perSecond: DEFAULT_RATES[category] };
    buckets.set(category, new TokenBucket(rate.perSecond, rate.burst ?? rate.perSecond, now));
  }
  return buckets;
}

function appClients(options: CognitoServiceOptions): Map<string, ClientSeed> {
  const clients = new Map<string, ClientSeed>();
  for (const client of options.clients ?? [
    { id: CLIENT_WITHOUT_SECRET },
    { id: CLIENT_WITH_SECRET, secret: CLIENT_SECRET },
  ]) {
    clients.set(client.id, client);
  }
  return clients;
}

function dailyLimitOf(options: CognitoServiceOptions): number | null {
  if (options.dailyEmailLimit !== undefined) return options.dailyEmailLimit;
  return (options.emailSendingAccount ?? "COGNITO_DEFAULT") === "COGNITO_DEFAULT" ? 50 : null;
}

/** ResendConfirmationCode's input constraints, worded as the service words them. */
function validateResend(body: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const [name, value] of [
    ["clientId", body.ClientId],
    ["username", body.Username],
  ] as const) {
    if (value === undefined || value === null)
      problems.push(`Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    else if (typeof value === "string" && value.length > 128)
      problems.push(
        `Value '${name === "clientId" ? value : "[SENSITIVE]"}' at '${name}' failed to satisfy constraint: Member must have length less than or equal to 128`,
      );
  }
  if (problems.length > 0) {
    throw new ServiceError(
      "InvalidParameterException",
      `${problems.length} validation error${problems.length > 1 ? "s" : ""} detected: ${problems.join("; ")}`,
    );
  }
}

function parseBody(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ServiceError("SerializationException", "Start of structure or map found where not expected.");
  }
}

function operationOf(req: IncomingMessage): string {
  const target = req.headers["x-amz-target"];
  const prefix = "AWSCognitoIdentityProviderService.";
  return typeof target === "string" && target.startsWith(prefix) ? target.slice(prefix.length) : "";
}

/** Checks the SigV4 Authorization header of a request to a signed operation. */
async function verifySignature(
  req: IncomingMessage,
  raw: string,
  { signer, credentials, region }: { signer: SignatureV4; credentials: { accessKeyId: string }; region: string },
): Promise<void> {
  const auth = req.headers.authorization;
  if (!auth) throw new ServiceError("MissingAuthenticationTokenException", MESSAGES.missingToken);
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) throw new ServiceError("IncompleteSignatureException", `Authorization header requires existence of fields.`);
  const [, accessKeyId, , scopeRegion, service, signedHeaders, signature] = m;
  if (accessKeyId !== credentials.accessKeyId) throw new ServiceError("UnrecognizedClientException", MESSAGES.badKey);
  if (scopeRegion !== region)
    throw new ServiceError(
      "InvalidSignatureException",
      `Credential should be scoped to a valid region, not '${scopeRegion}'.`,
    );
  if (service !== "cognito-idp")
    throw new ServiceError(
      "InvalidSignatureException",
      "Credential should be scoped to correct service: 'cognito-idp'.",
    );
  const date = parseAmzDate(req.headers["x-amz-date"] as string | undefined);
  if (!date)
    throw new ServiceError("IncompleteSignatureException", "Authorization header requires existence of X-Amz-Date.");
  const declared = req.headers["x-amz-content-sha256"];
  if (declared !== undefined && declared !== createHash("sha256").update(raw).digest("hex"))
    throw new ServiceError("InvalidSignatureException", MESSAGES.badSignature);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(";")) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const signed = await signer.sign(
    {
      method: req.method ?? "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      path: req.url ?? "/",
      query: {},
      headers,
      body: raw,
    },
    { signingDate: date, signableHeaders: new Set(signedHeaders.split(";")) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
  if (expected !== signature) throw new ServiceError("InvalidSignatureException", MESSAGES.badSignature);
}

/** The pool, its clients, its limits and switches, and what each operation does to them. */
class Service {
  readonly now: () => number;
  readonly region: string;
  readonly userPoolId: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly caseSensitive: boolean;
  readonly buckets: Map<Category, TokenBucket>;
  readonly live: { category: Category; traffic: LiveTraffic } | undefined;
  readonly clients: Map<string, ClientSeed>;
  readonly directory: Directory;
  readonly requests: RequestRecord[] = [];
  /** Keys (Directory.key) of the users whose delivery fails. */
  readonly failing = new Set<string>();
  /** Keys (Directory.key) of the users whose requests are not answered, and how. */
  readonly unanswered = new Map<string, NoAnswer>();
  readonly sentCount = new Map<string, number>();
  failAll = false;
  poolFailure: PoolFailure | undefined;
  dayStart: number;
  emails = 0;
  private readonly dailyLimit: number | null;
  private readonly hourlyLimit: number;
  /** What the signatures of the signed operations are checked with. */
  private readonly signing: { signer: SignatureV4; credentials: { accessKeyId: string }; region: string };
  private readonly poolCreated = new Date("2024-01-01T00:00:00Z");

  constructor(readonly options: CognitoServiceOptions) {
    this.now = options.now ?? (() => performance.now());
    this.region = options.region ?? "us-east-1";
    this.userPoolId = options.userPoolId ?? `${this.region}_LocalPool1`;
    this.credentials = options.credentials ?? TEST_CREDENTIALS;
    this.caseSensitive = options.caseSensitive ?? true;
    this.dailyLimit = dailyLimitOf(options);
    this.hourlyLimit = options.hourlyResendLimit ?? 5;
    this.buckets = rateBuckets(options, this.now);
    this.live = this.liveTraffic(options.liveTraffic);
    this.clients = appClients(options);
    const emailIs = options.usernameAttributes?.includes("email")
      ? "username"
      : options.aliasAttributes?.includes("email")
        ? "alias"
        : undefined;
    this.directory = new Directory(this.caseSensitive, emailIs);
    this.addUsers(options.users ?? []);
    for (const username of options.failDeliveryFor ?? []) this.failing.add(this.directory.key(username));
    this.poolFailure = options.poolFailure;
    this.dayStart = this.now();
    const { credentials, region } = this;
    const signer = new SignatureV4({
      credentials,
      region,
      service: "cognito-idp",
      sha256: Sha256,
      applyChecksum: false,
    });
    this.signing = { signer, credentials, region };
  }

  private liveTraffic(live: CognitoServiceOptions["liveTraffic"]) {
    if (!live || !(live.perSecond > 0)) return undefined;
    const category = live.category ?? "UserAccountRecovery";
    const bucket = this.buckets.get(category) as TokenBucket;
    return {
      category,
      traffic: new LiveTraffic(bucket, this.now(), live.perSecond, live.even === true, live.seed ?? 1),
    };
  }

  /** The application's requests so far, replayed up to now. */
  app(): { requests: number; throttled: number } {
    if (!this.live) return { requests: 0, throttled: 0 };
    this.live.traffic.replayTo(this.now());
    return { requests: this.live.traffic.requests, throttled: this.live.traffic.throttled };
  }

  /** A token from the category's bucket, after the application has taken its own up to now. */
  takeToken(category: Category): void {
    const t = this.now();
    if (this.live?.category === category) this.live.traffic.replayTo(t);
    if (!(this.buckets.get(category) as TokenBucket).takeAt(t))
      throw new ServiceError("TooManyRequestsException", MESSAGES.throttled);
  }

  addUsers(seeds: UserSeed[]): void {
    for (const seed of seeds) {
      const createdAt = seed.createdAt ?? new Date();
      const attributes = new Map(Object.entries(seed.attributes ?? {}));
      if (!attributes.has("sub")) attributes.set("sub", subFor(seed.username));
      this.directory.add({
        username: seed.username,
        status: seed.status ?? "UNCONFIRMED",
        enabled: seed.enabled ?? true,
        createdAt,
        modifiedAt: seed.modifiedAt ?? createdAt,
        attributes,
        deliveryMedium: seed.deliveryMedium,
        sends: [],
      });
    }
  }

  turnDay(): void {
    const t = this.now();
    if (t - this.dayStart >= DAY) {
      this.dayStart += Math.floor((t - this.dayStart) / DAY) * DAY;
      this.emails = 0;
    }
  }

  /** Sends a code or an invitation, or fails as the pool, the user's destination or the daily cap has it. */
  deliver(user: User, target: { medium: DeliveryMedium; destination: string }, record: RequestRecord): void {
    const broken = this.poolFailure && DELIVERY_FAILURES[this.poolFailure];
    if (broken && (broken.medium === undefined || broken.medium === target.medium))
      throw new ServiceError(broken.type, broken.message);
    if (this.failAll || this.failing.has(this.directory.key(user.username))) {
      throw new ServiceError(
        "CodeDeliveryFailureException",
        target.medium === "EMAIL" ? MESSAGES.emailDelivery : MESSAGES.smsDelivery,
      );
    }
    if (target.medium === "EMAIL") {
      this.turnDay();
      if (this.dailyLimit !== null && this.emails >= this.dailyLimit)
        throw new ServiceError("LimitExceededException", MESSAGES.daily);
      this.emails += 1;
    }
    this.sentCount.set(user.username, (this.sentCount.get(user.username) ?? 0) + 1);
    record.codeSent = true;
  }

  /** The app client, once its secret (if it has one) is proven. */
  private client(body: Record<string, unknown>, clientId: string, username: string): ClientSeed {
    const client = this.clients.get(clientId);
    if (!client) throw new ServiceError("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
    if (client.secret !== undefined) {
      if (body.SecretHash === undefined)
        throw new ServiceError(
          "NotAuthorizedException",
          `Client ${clientId} is configured for secret but secret was not received`,
        );
      if (body.SecretHash !== secretHash(client.secret, username, clientId))
        throw new ServiceError("NotAuthorizedException", `Unable to verify secret hash for client ${clientId}`);
    } else if (body.SecretHash !== undefined) {
      throw new ServiceError("NotAuthorizedException", `Client ${clientId} is not configured with secret`);
    }
    return client;
  }

  resend(body: Record<string, unknown>, record: RequestRecord) {
    validateResend(body);
    const clientId = String(body.ClientId);
    const username = String(body.Username);
    const client = this.client(body, clientId, username);
    const user = this.directory.bySignInName(username);
    if (!user) {
      if (client.preventUserExistenceErrors ?? this.options.preventUserExistenceErrors ?? false)
        return { CodeDeliveryDetails: simulated(username) };
      throw new ServiceError("UserNotFoundException", MESSAGES.notFound);
    }
    if (!user.enabled) throw new ServiceError("NotAuthorizedException", MESSAGES.disabled);
    if (user.status !== "UNCONFIRMED") throw new ServiceError("InvalidParameterException", MESSAGES.confirmed);
    if (this.poolFailure === "autoVerifyOff")
      throw new ServiceError("InvalidParameterException", MESSAGES.autoVerifyOff);
    const t = this.now();
    user.sends = user.sends.filter((at) => t - at < HOUR);
    if (user.sends.length >= this.hourlyLimit) throw new ServiceError("LimitExceededException", MESSAGES.hourly);
    const target = medium(user);
    if (!target) throw new ServiceError("InvalidParameterException", MESSAGES.noDestination);
    this.deliver(user, target, record);
    user.sends.push(t);
    return { CodeDeliveryDetails: details(target.medium, target.destination) };
  }

  private checkPool(body: Record<string, unknown>): void {
    if (body.UserPoolId !== this.userPoolId)
      throw new ServiceError("ResourceNotFoundException", `User pool ${String(body.UserPoolId)} does not exist.`);
  }

  listUsers(body: Record<string, unknown>) {
    this.checkPool(body);
    const limit = body.Limit === undefined || body.Limit === 0 ? 60 : Number(body.Limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > 60)
      throw new ServiceError(
        "InvalidParameterException",
        `1 validation error detected: Value '${String(body.Limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`,
      );
    const filterText = typeof body.Filter === "string" ? body.Filter : "";
    const filter = parseFilter(filterText);
    let start = 0;
    if (body.PaginationToken !== undefined) {
      const token = decodeToken(String(body.PaginationToken));
      if (!token || token.filter !== filterText)
        throw new ServiceError("InvalidParameterException", "Invalid pagination token.");
      start = token.offset;
    }
    const only = Array.isArray(body.AttributesToGet) ? body.AttributesToGet.map(String) : undefined;
    const found = [...this.directory.values()].filter((user) => matches(user, filter, this.caseSensitive));
    const page = found.slice(start, start + limit).map((user) => userType(user, only));
    const next = start + limit < found.length ? encodeToken({ offset: start + limit, filter: filterText }) : undefined;
    return next ? { Users: page, PaginationToken: next } : { Users: page };
  }

  describeUserPool(body: Record<string, unknown>) {
    this.checkPool(body);
    const { options, region, userPoolId } = this;
    return {
      UserPool: {
        Id: userPoolId,
        Name: options.poolName ?? "local-pool",
        Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${userPoolId}`,
        CreationDate: seconds(this.poolCreated),
        LastModifiedDate: seconds(this.poolCreated),
        EstimatedNumberOfUsers: this.directory.size,
        // Auto verification turned off leaves no attribute verified automatically.
        AutoVerifiedAttributes: this.poolFailure === "autoVerifyOff" ? [] : ["email"],
        ...(options.usernameAttributes ? { UsernameAttributes: options.usernameAttributes } : {}),
        ...(options.aliasAttributes ? { AliasAttributes: options.aliasAttributes } : {}),
        UsernameConfiguration: { CaseSensitive: this.caseSensitive },
        EmailConfiguration:
          (options.emailSendingAccount ?? "COGNITO_DEFAULT") === "DEVELOPER"
            ? {
                EmailSendingAccount: "DEVELOPER",
                SourceArn: `arn:aws:ses:${region}:000000000000:identity/no-reply@example.com`,
                From: "no-reply@example.com",
              }
            : { EmailSendingAccount: "COGNITO_DEFAULT" },
        MfaConfiguration: "OFF",
        UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: "verified_email" }] },
      },
    };
  }

  adminCreateUser(body: Record<string, unknown>, record: RequestRecord) {
    this.checkPool(body);
    const username = String(body.Username ?? "");
    const existing = this.directory.byUsername(username);
    if (body.MessageAction === "RESEND") {
      if (!existing) throw new ServiceError("UserNotFoundException", MESSAGES.adminNotFound);
      if (existing.status !== "FORCE_CHANGE_PASSWORD")
        throw new ServiceError(
          "UnsupportedUserStateException",
          `User status is ${existing.status}, not FORCE_CHANGE_PASSWORD.`,
        );
      const target = medium(existing);
      if (target) this.deliver(existing, target, record);
      existing.modifiedAt = new Date();
      return { User: userType(existing) };
    }
    if (existing) throw new ServiceError("UsernameExistsException", "User account already exists");
    const attributes: Record<string, string> = {};
    if (Array.isArray(body.UserAttributes))
      for (const a of body.UserAttributes as Array<{ Name: string; Value: string }>) attributes[a.Name] = a.Value;
    this.addUsers([{ username, status: "FORCE_CHANGE_PASSWORD", attributes }]);
    const user = this.directory.byUsername(username) as User;
    const target = medium(user);
    if (body.MessageAction !== "SUPPRESS" && target) this.deliver(user, target, record);
    return { User: userType(user) };
  }

  getProvisionedLimit(body: Record<string, unknown>) {
    const definition = body.LimitDefinition as { LimitClass?: unknown; Attributes?: Record<string, unknown> } | null;
    const invalid = (message: string) => new ServiceError("InvalidParameterException", message);
    if (typeof definition !== "object" || definition === null)
      throw invalid(
        "1 validation error detected: Value null at 'limitDefinition' failed to satisfy constraint: Member must not be null",
      );
    if (definition.LimitClass !== "API_CATEGORY")
      throw invalid(
        `1 validation error detected: Value '${String(definition.LimitClass ?? null)}' at 'limitDefinition.limitClass' failed to satisfy constraint: Member must satisfy enum value set: [API_CATEGORY]`,
      );
    const category = definition.Attributes?.Category;
    if (typeof category !== "string" || !Object.hasOwn(DEFAULT_RATES, category))
      throw invalid(`Unsupported limit definition: category ${String(category)} is not known.`);
    return {
      Limit: {
        LimitDefinition: definition,
        ProvisionedLimitValue: (this.buckets.get(category as Category) as TokenBucket).perSecond,
        FreeLimitValue: DEFAULT_RATES[category as Category],
      },
    };
  }

  /** Whether this endpoint has the operation. */
  private knows(operation: string): operation is Operation {
    if (!Object.hasOwn(CATEGORY_OF, operation)) return false;
    return operation !== "GetProvisionedLimit" || (this.options.provisionedLimits ?? true);
  }

  /** Notes who the request is about: the user's own username when the name finds one. */
  private identify(operation: string, given: string, record: RequestRecord): void {
    record.given = given;
    const user =
      operation === "ResendConfirmationCode"
        ? this.directory.bySignInName(given)
        : operation === "AdminCreateUser"
          ? this.directory.byUsername(given)
          : undefined;
    record.username = user?.username ?? given;
  }

  async answer(req: IncomingMessage, raw: string, record: RequestRecord) {
    const operation = operationOf(req);
    record.operation = operation;
    if (req.method !== "POST" || !this.knows(operation)) throw new ServiceError("UnknownOperationException", "");
    const body = parseBody(raw);
    record.body = body;
    if (typeof body.Username === "string") this.identify(operation, body.Username, record);
    if (SIGNED.has(operation)) await verifySignature(req, raw, this.signing);
    if (operation === "ResendConfirmationCode" && this.poolFailure === "forbidden")
      throw new ServiceError("ForbiddenException", MESSAGES.forbidden, 403);
    this.takeToken(CATEGORY_OF[operation]);
    switch (operation) {
      case "ResendConfirmationCode":
        return this.resend(body, record);
      case "ListUsers":
        return this.listUsers(body);
      case "DescribeUserPool":
        return this.describeUserPool(body);
      case "AdminCreateUser":
        return this.adminCreateUser(body, record);
      case "GetProvisionedLimit":
        return this.getProvisionedLimit(body);
    }
  }

  /** A new record, kept, for a request that has just arrived. */
  record(req: IncomingMessage): RequestRecord {
    const record: RequestRecord = {
      operation: "",
      body: undefined,
      headers: req.headers,
      signed: typeof req.headers.authorization === "string" && req.headers.authorization.startsWith("AWS4-HMAC-SHA256"),
      at: this.now(),
      status: 200,
      codeSent: false,
    };
    this.requests.push(record);
    return record;
  }

  /** Whether the answer to this request is to be lost, and how. */
  lost(record: RequestRecord): NoAnswer | undefined {
    if (record.operation !== "ResendConfirmationCode" && record.operation !== "AdminCreateUser") return undefined;
    if (record.username === undefined) return undefined;
    return this.unanswered.get(this.directory.key(record.username));
  }
}

/** What is written back: the status, the error type if any, and the body. */
interface Reply {
  status: number;
  type?: string;
  payload: unknown;
}

/** Acts on one request, noting the outcome in its record. */
async function replyTo(service: Service, req: IncomingMessage, raw: string, record: RequestRecord): Promise<Reply> {
  try {
    return { status: 200, payload: (await service.answer(req, raw, record)) ?? {} };
  } catch (error) {
    const failure =
      error instanceof ServiceError ? error : new ServiceError("InternalErrorException", "Internal server error.", 500);
    record.status = failure.status;
    record.error = failure.type;
    return { status: failure.status, type: failure.type, payload: { __type: failure.type, message: failure.message } };
  }
}

/**
 * The HTTP server: each request is recorded and acted on when it arrives; its
 * answer is written latencyMs after the arrival (waited with `sleep`, a real
 * timer by default), or never (held open, or the connection reset) when
 * noAnswerFor says so.
 */
function httpServer(service: Service, latencyMs: number, sleep: ((ms: number) => Promise<void>) | undefined) {
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const realSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const wait = latencyMs > 0 ? (sleep ?? realSleep) : undefined;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const due = wait?.(latencyMs);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const record = service.record(req);
      void replyTo(service, req, Buffer.concat(chunks).toString("utf8"), record).then(async (reply) => {
        record.unanswered = service.lost(record);
        await due;
        // The client may have gone already (a late answer to a killed client): then nothing is written.
        if (closed || req.socket.destroyed || record.unanswered === "stall") return;
        if (record.unanswered === "reset") req.socket.resetAndDestroy();
        else send(res, reply.status, reply.type, reply.payload);
      });
    });
  };
  const server = createServer(listener);
  const watched = watchHttp(server);
  const close = () => {
    closed = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    watched.destroyConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, close, watched };
}

/** Starts the stand-in on 127.0.0.1. See CognitoServiceOptions for the switches. */
export async function startCognitoService(options: CognitoServiceOptions = {}): Promise<CognitoService> {
  const service = new Service(options);
  const { server, close, watched } = httpServer(service, options.latencyMs ?? 0, options.sleep);
  // A port in use or out of range rejects, instead of an 'error' event that nothing hears.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const { requests, directory } = service;
  const where = (operation?: string) => requests.filter((r) => operation === undefined || r.operation === operation);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    region: service.region,
    userPoolId: service.userPoolId,
    credentials: service.credentials,
    requests,
    count: (operation) => where(operation).length,
    countFor: (username, operation) => {
      const canonical = directory.canonical(username);
      return where(operation).filter((r) => r.username === canonical).length;
    },
    throttled: (operation) => where(operation).filter((r) => r.error === "TooManyRequestsException").length,
    succeeded: (operation) => where(operation).filter((r) => r.status === 200).length,
    errors: (type, operation) => where(operation).filter((r) => r.error === type).length,
    emailsToday: () => {
      service.turnDay();
      return service.emails;
    },
    sentTo: (username) => service.sentCount.get(directory.canonical(username)) ?? 0,
    nextDay() {
      service.dayStart = service.now();
      service.emails = 0;
      for (const user of directory.values()) user.sends = [];
    },
    failDelivery(all) {
      service.failAll = all;
    },
    failDeliveryFor(...usernames) {
      for (const username of usernames) service.failing.add(directory.key(username));
    },
    breakPool(kind) {
      service.poolFailure = kind;
    },
    noAnswerFor(mode, ...usernames) {
      for (const username of usernames) service.unanswered.set(directory.key(username), mode);
    },
    answerAgain(...usernames) {
      if (usernames.length === 0) service.unanswered.clear();
      for (const username of usernames) service.unanswered.delete(directory.key(username));
    },
    app: () => service.app(),
    addUsers: (seeds) => service.addUsers(seeds),
    user: (username) => {
      const user = directory.byUsername(username);
      return user && userType(user);
    },
    openConnections: watched.openConnections,
    until: watched.until,
    settled: watched.settled,
    close,
  };
}

function encodeToken(token: { offset: number; filter: string }): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeToken(text: string): { offset: number; filter: string } | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return Number.isInteger(token?.offset) && typeof token?.filter === "string" ? token : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, type: string | undefined, payload: unknown) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": randomUUID(),
  };
  if (type) headers["x-amzn-ErrorType"] = `${type}:`;
  res.writeHead(status, headers);
  res.end(body);
}
