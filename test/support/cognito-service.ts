// A loopback stand-in for the Amazon Cognito user-pools endpoint that behaves
// like the service where bulk resending meets its limits: an account-wide
// request quota per category, the per-user hourly resend limit, the daily email
// cap of the built-in email sender, users in every status, app clients with and
// without a secret or PreventUserExistenceErrors, failed deliveries, and the
// signed administrative operations a client needs around a resend (ListUsers,
// DescribeUserPool, AdminCreateUser with MessageAction RESEND), whose AWS
// Signature Version 4 it verifies.
//
// It speaks the JSON 1.1 protocol as test/support/local-cognito.mjs does: POST /,
// `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, errors as
// `{"__type", "message"}` with `x-amzn-ErrorType`, status 400 (500 for
// InternalErrorException). Every limit runs on an injectable clock, so tests
// drive it with a fake one and assert from counts.
//
// What the service does, and where the wording comes from (looked up in the
// Cognito developer guide, API reference and public issue threads):
// - Request rate quotas are per account and Region, per category of operations:
//   ResendConfirmationCode is UserAccountRecovery (30 RPS), ListUsers UserList
//   (30 RPS), AdminCreateUser UserCreation (50 RPS) (developer guide, "Quotas in
//   Amazon Cognito"). DescribeUserPool is in UserPoolRead; its default rate
//   (20 here) was not confirmed. Past a quota: TooManyRequestsException
//   "Rate exceeded".
// - PreventUserExistenceErrors ENABLED: "account confirmation and password
//   recovery return a response indicating a code was sent to a simulated
//   destination" instead of UserNotFoundException (API reference,
//   UserPoolClientType; developer guide, "Managing user existence error
//   responses"). The simulated destination here is stable per username.
// - A disabled user: NotAuthorizedException "User is disabled." (the answer of
//   the unauthenticated user operations, seen in amazon-cognito-identity-js#373
//   and amplify-js#5503; not documented for ResendConfirmationCode itself).
// - Only an UNCONFIRMED user is sent a confirmation code. CONFIRMED is
//   InvalidParameterException "User is already confirmed." (as local-cognito.mjs);
//   the docs say nothing of FORCE_CHANGE_PASSWORD, RESET_REQUIRED and
//   EXTERNAL_PROVIDER users, which have passed sign-up confirmation: they get
//   the same answer here.
// - CodeDeliveryFailureException: the message the service gives for email is
//   "Invalid email provided/Unable to send the email"
//   (amazon-cognito-identity-js#307, amplify-js#1305); the SMS wording was not
//   found, so the SMS one here is a plain stand-in.
// - AdminCreateUser MessageAction RESEND "resend[s] the invitation message to a
//   user that already exists" (API reference); for a user that does not exist
//   the admin operations answer UserNotFoundException "User does not exist.";
//   for a user not in FORCE_CHANGE_PASSWORD the error is
//   UnsupportedUserStateException (floci-io/floci#755, which follows the service);
//   its message was not found.
// - ListUsers Filter: `AttributeName Filter-Type "AttributeValue"`, `=` exact,
//   `^=` prefix, one attribute; searchable: username (case-sensitive), email,
//   phone_number, name, given_name, family_name, preferred_username,
//   cognito:user_status (the user's status), status (Enabled/Disabled), sub;
//   custom attributes are not searchable; an empty filter lists everyone (API
//   reference, ListUsers). Limit 0 to 60, default 60.
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
import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";

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
export type Category = "UserAccountRecovery" | "UserList" | "UserCreation" | "UserPoolRead";
export type Operation = "ResendConfirmationCode" | "ListUsers" | "DescribeUserPool" | "AdminCreateUser";

/** The quota category of each operation, as the developer guide groups them. */
export const CATEGORY_OF: Record<Operation, Category> = {
  ResendConfirmationCode: "UserAccountRecovery",
  ListUsers: "UserList",
  AdminCreateUser: "UserCreation",
  DescribeUserPool: "UserPoolRead",
};
/** Default requests a second per category (the burst defaults to the same number). */
export const DEFAULT_RATES: Record<Category, number> = {
  UserAccountRecovery: 30,
  UserList: 30,
  UserCreation: 50,
  UserPoolRead: 20,
};
const SIGNED: ReadonlySet<string> = new Set(["ListUsers", "DescribeUserPool", "AdminCreateUser"]);

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
  missingToken: "Missing Authentication Token",
  badKey: "The security token included in the request is invalid.",
  badSignature:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  badFilter: "Error while parsing filter.",
} as const;

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
  /** Confirmation codes one user may be sent within an hour. Default 5. */
  hourlyResendLimit?: number;
  /** How the pool sends email. Default COGNITO_DEFAULT. */
  emailSendingAccount?: "COGNITO_DEFAULT" | "DEVELOPER";
  /** Emails a day; default 50 with COGNITO_DEFAULT, none (null) with DEVELOPER. */
  dailyEmailLimit?: number | null;
  usernameAttributes?: Array<"email" | "phone_number">;
  aliasAttributes?: Array<"email" | "phone_number" | "preferred_username">;
  /** Default: CLIENT_WITHOUT_SECRET and CLIENT_WITH_SECRET (with CLIENT_SECRET). */
  clients?: ClientSeed[];
  /** Applies to every client that does not say otherwise. Default false (LEGACY). */
  preventUserExistenceErrors?: boolean;
  users?: UserSeed[];
  /** Usernames whose code delivery fails (CodeDeliveryFailureException). */
  failDeliveryFor?: string[];
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
  /** Username (or, for AdminCreateUser, the user) the request was about. */
  username?: string;
  status: number;
  /** The error's __type; undefined for a success. */
  error?: string;
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
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
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

function matches(user: User, filter: ReturnType<typeof parseFilter>): boolean {
  if (!filter) return true;
  let value = filterValue(user, filter.attribute);
  let wanted = filter.value;
  if (value === undefined) return false;
  // The user's status is matched without regard to case; the other attributes exactly.
  if (filter.attribute === "cognito:user_status") {
    value = value.toUpperCase();
    wanted = wanted.toUpperCase();
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
  /** Requests about one user, for one operation or all. */
  countFor(username: string, operation?: string): number;
  /** Requests answered TooManyRequestsException, for one operation or all. */
  throttled(operation?: string): number;
  /** Requests answered 200, for one operation or all. */
  succeeded(operation?: string): number;
  /** Requests answered with one error type. */
  errors(type: string, operation?: string): number;
  /** Emails sent since the day began (confirmation codes and invitations). */
  emailsToday(): number;
  /** Confirmation codes or invitations sent to one user, ever. */
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
  addUsers(seeds: UserSeed[]): void;
  /** A user's current state, as ListUsers would show it. */
  user(username: string): ReturnType<typeof userType> | undefined;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1. See CognitoServiceOptions for the switches. */
export async function startCognitoService(options: CognitoServiceOptions = {}): Promise<CognitoService> {
  const now = options.now ?? (() => performance.now());
  const region = options.region ?? "us-east-1";
  const userPoolId = options.userPoolId ?? `${region}_LocalPool1`;
  const credentials = options.credentials ?? TEST_CREDENTIALS;
  const emailSendingAccount = options.emailSendingAccount ?? "COGNITO_DEFAULT";
  const dailyLimit =
    options.dailyEmailLimit !== undefined
      ? options.dailyEmailLimit
      : emailSendingAccount === "COGNITO_DEFAULT"
        ? 50
        : null;
  const hourlyLimit = options.hourlyResendLimit ?? 5;
  const buckets = new Map<Category, TokenBucket>();
  for (const category of Object.keys(DEFAULT_RATES) as Category[]) {
    const rate = options.rates?.[category] ?? { perSecond: DEFAULT_RATES[category] };
    buckets.set(category, new TokenBucket(rate.perSecond, rate.burst ?? rate.perSecond, now));
  }
  const clients = new Map<string, ClientSeed>();
  for (const client of options.clients ?? [
    { id: CLIENT_WITHOUT_SECRET },
    { id: CLIENT_WITH_SECRET, secret: CLIENT_SECRET },
  ]) {
    clients.set(client.id, client);
  }
  const pool = new Map<string, User>();
  const addUsers = (seeds: UserSeed[]) => {
    for (const seed of seeds) {
      const createdAt = seed.createdAt ?? new Date();
      const attributes = new Map(Object.entries(seed.attributes ?? {}));
      if (!attributes.has("sub")) attributes.set("sub", subFor(seed.username));
      pool.set(seed.username, {
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
  };
  addUsers(options.users ?? []);
  const failing = new Set(options.failDeliveryFor ?? []);
  let failAll = false;
  let dayStart = now();
  let emails = 0;
  const sentCount = new Map<string, number>();
  const requests: RequestRecord[] = [];
  const signer = new SignatureV4({ credentials, region, service: "cognito-idp", sha256: Sha256, applyChecksum: false });
  const poolCreated = new Date("2024-01-01T00:00:00Z");

  const turnDay = () => {
    const t = now();
    if (t - dayStart >= DAY) {
      dayStart += Math.floor((t - dayStart) / DAY) * DAY;
      emails = 0;
    }
  };
  const deliver = (user: User, target: { medium: DeliveryMedium; destination: string }) => {
    if (failAll || failing.has(user.username)) {
      throw new ServiceError(
        "CodeDeliveryFailureException",
        target.medium === "EMAIL" ? MESSAGES.emailDelivery : MESSAGES.smsDelivery,
      );
    }
    if (target.medium === "EMAIL") {
      turnDay();
      if (dailyLimit !== null && emails >= dailyLimit) throw new ServiceError("LimitExceededException", MESSAGES.daily);
      emails += 1;
    }
    sentCount.set(user.username, (sentCount.get(user.username) ?? 0) + 1);
  };

  const resend = (body: Record<string, unknown>) => {
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
    const clientId = String(body.ClientId);
    const username = String(body.Username);
    const client = clients.get(clientId);
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
    const user = pool.get(username);
    if (!user) {
      if (client.preventUserExistenceErrors ?? options.preventUserExistenceErrors ?? false)
        return { CodeDeliveryDetails: simulated(username) };
      throw new ServiceError("UserNotFoundException", MESSAGES.notFound);
    }
    if (!user.enabled) throw new ServiceError("NotAuthorizedException", MESSAGES.disabled);
    if (user.status !== "UNCONFIRMED") throw new ServiceError("InvalidParameterException", MESSAGES.confirmed);
    const t = now();
    user.sends = user.sends.filter((at) => t - at < HOUR);
    if (user.sends.length >= hourlyLimit) throw new ServiceError("LimitExceededException", MESSAGES.hourly);
    const target = medium(user);
    if (!target)
      throw new ServiceError(
        "InvalidParameterException",
        "Cannot resend codes. Auto verification not turned on or no verified attributes.",
      );
    deliver(user, target);
    user.sends.push(t);
    return { CodeDeliveryDetails: details(target.medium, target.destination) };
  };

  const checkPool = (body: Record<string, unknown>) => {
    if (body.UserPoolId !== userPoolId)
      throw new ServiceError("ResourceNotFoundException", `User pool ${String(body.UserPoolId)} does not exist.`);
  };

  const listUsers = (body: Record<string, unknown>) => {
    checkPool(body);
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
    const found = [...pool.values()].filter((user) => matches(user, filter));
    const page = found.slice(start, start + limit).map((user) => userType(user, only));
    const next = start + limit < found.length ? encodeToken({ offset: start + limit, filter: filterText }) : undefined;
    return next ? { Users: page, PaginationToken: next } : { Users: page };
  };

  const describeUserPool = (body: Record<string, unknown>) => {
    checkPool(body);
    return {
      UserPool: {
        Id: userPoolId,
        Name: options.poolName ?? "local-pool",
        Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${userPoolId}`,
        CreationDate: seconds(poolCreated),
        LastModifiedDate: seconds(poolCreated),
        EstimatedNumberOfUsers: pool.size,
        AutoVerifiedAttributes: ["email"],
        ...(options.usernameAttributes ? { UsernameAttributes: options.usernameAttributes } : {}),
        ...(options.aliasAttributes ? { AliasAttributes: options.aliasAttributes } : {}),
        EmailConfiguration:
          emailSendingAccount === "DEVELOPER"
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
  };

  const adminCreateUser = (body: Record<string, unknown>) => {
    checkPool(body);
    const username = String(body.Username ?? "");
    const existing = pool.get(username);
    if (body.MessageAction === "RESEND") {
      if (!existing) throw new ServiceError("UserNotFoundException", MESSAGES.adminNotFound);
      if (existing.status !== "FORCE_CHANGE_PASSWORD")
        throw new ServiceError(
          "UnsupportedUserStateException",
          `User status is ${existing.status}, not FORCE_CHANGE_PASSWORD.`,
        );
      const target = medium(existing);
      if (target) deliver(existing, target);
      existing.modifiedAt = new Date();
      return { User: userType(existing) };
    }
    if (existing) throw new ServiceError("UsernameExistsException", "User account already exists");
    const attributes: Record<string, string> = {};
    if (Array.isArray(body.UserAttributes))
      for (const a of body.UserAttributes as Array<{ Name: string; Value: string }>) attributes[a.Name] = a.Value;
    addUsers([{ username, status: "FORCE_CHANGE_PASSWORD", attributes }]);
    const user = pool.get(username) as User;
    const target = medium(user);
    if (body.MessageAction !== "SUPPRESS" && target) deliver(user, target);
    return { User: userType(user) };
  };

  /** Checks the SigV4 Authorization header of a request to a signed operation. */
  const verify = async (req: IncomingMessage, raw: string) => {
    const auth = req.headers.authorization;
    if (!auth) throw new ServiceError("MissingAuthenticationTokenException", MESSAGES.missingToken);
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m)
      throw new ServiceError("IncompleteSignatureException", `Authorization header requires existence of fields.`);
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
  };

  const answer = async (req: IncomingMessage, raw: string, record: RequestRecord) => {
    const target = req.headers["x-amz-target"];
    const prefix = "AWSCognitoIdentityProviderService.";
    const operation = typeof target === "string" && target.startsWith(prefix) ? target.slice(prefix.length) : "";
    record.operation = operation;
    if (req.method !== "POST" || !(operation in CATEGORY_OF)) throw new ServiceError("UnknownOperationException", "");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new ServiceError("SerializationException", "Start of structure or map found where not expected.");
    }
    record.body = body;
    if (typeof body.Username === "string") record.username = body.Username;
    if (SIGNED.has(operation)) await verify(req, raw);
    if (!(buckets.get(CATEGORY_OF[operation as Operation]) as TokenBucket).take())
      throw new ServiceError("TooManyRequestsException", MESSAGES.throttled);
    switch (operation as Operation) {
      case "ResendConfirmationCode":
        return resend(body);
      case "ListUsers":
        return listUsers(body);
      case "DescribeUserPool":
        return describeUserPool(body);
      case "AdminCreateUser":
        return adminCreateUser(body);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const record: RequestRecord = {
        operation: "",
        body: undefined,
        headers: req.headers,
        signed:
          typeof req.headers.authorization === "string" && req.headers.authorization.startsWith("AWS4-HMAC-SHA256"),
        at: now(),
        status: 200,
      };
      requests.push(record);
      answer(req, raw, record).then(
        (payload) => send(res, 200, undefined, payload ?? {}),
        (error: unknown) => {
          const failure =
            error instanceof ServiceError
              ? error
              : new ServiceError("InternalErrorException", "Internal server error.", 500);
          record.status = failure.status;
          record.error = failure.type;
          send(res, failure.status, failure.type, { __type: failure.type, message: failure.message });
        },
      );
    });
  };

  const server = createServer(listener);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const where = (operation?: string) => requests.filter((r) => operation === undefined || r.operation === operation);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    region,
    userPoolId,
    credentials,
    requests,
    count: (operation) => where(operation).length,
    countFor: (username, operation) => where(operation).filter((r) => r.username === username).length,
    throttled: (operation) => where(operation).filter((r) => r.error === "TooManyRequestsException").length,
    succeeded: (operation) => where(operation).filter((r) => r.status === 200).length,
    errors: (type, operation) => where(operation).filter((r) => r.error === type).length,
    emailsToday: () => {
      turnDay();
      return emails;
    },
    sentTo: (username) => sentCount.get(username) ?? 0,
    nextDay() {
      dayStart = now();
      emails = 0;
      for (const user of pool.values()) user.sends = [];
    },
    failDelivery(all) {
      failAll = all;
    },
    failDeliveryFor(...usernames) {
      for (const username of usernames) failing.add(username);
    },
    addUsers,
    user: (username) => {
      const user = pool.get(username);
      return user && userType(user);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
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
