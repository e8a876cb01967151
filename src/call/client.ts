// The SDK client: ResendConfirmationCode (and the pool lookups of a bulk run)
// through the AWS SDK for JavaScript v3, set up through its own settings: the
// request handler (the SDK's, with this command's agents and guards:
// transport.ts), the retry strategy (the SDK's, which never sends again a
// request whose reply began), the stream collector, and middleware added and
// removed by name. The operation is unauthenticated, so no credentials are
// looked up and the instance metadata service is never asked. The SDK is
// loaded only here, when a client is first made.
import type {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderClientConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from "@aws-sdk/client-cognito-identity-provider";
import type { HttpRequest } from "@smithy/core/protocols";
import type {
  BuildMiddleware,
  FinalizeRequestMiddleware,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
} from "@smithy/types";
import { MAX_TIMER_MS, failed } from "../common";
import { addWireLog, type DebugLog } from "./debug";
import { answerSaysTryAgain, replyFaultOf, type SdkError, wasUnanswered } from "./failures";
import { type CallSettings, endpointFor } from "./settings";
import { agents, collectBody, guardedHandler } from "./transport";

/** The SDK client this command calls Cognito with, and the SDK's module. */
export interface SdkClient {
  client: CognitoIdentityProviderClient;
  sdk: Sdk;
  /** The URL requests go to, as messages name it: asked of the endpoint rules only when a message needs it. */
  url: () => string;
}

type Sdk = typeof import("@aws-sdk/client-cognito-identity-provider");
type Retry = typeof import("@smithy/core/retry");
type HttpHandlerModule = typeof import("@smithy/node-http-handler");

/**
 * A module of the SDK's, required when first needed and kept: a process that
 * makes many clients (the test suite runs the command thousands of times in
 * one process) does not resolve it again for each.
 */
function whenNeeded<T>(load: () => T): () => T {
  let module: T | undefined;
  return () => {
    module ??= load();
    return module;
  };
}
const loadSdk = whenNeeded((): Sdk => {
  // The SDK warns on stderr about Node versions it will stop supporting; that
  // is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return require("@aws-sdk/client-cognito-identity-provider") as Sdk;
});
const loadRetry = whenNeeded(() => require("@smithy/core/retry") as Retry);
const loadHandler = whenNeeded(() => require("@smithy/node-http-handler") as HttpHandlerModule);

export const answered2xx = (status: number | undefined): status is number =>
  status !== undefined && status >= 200 && status < 300;

/**
 * Why a failed request must not be sent again, if it must not: the whole
 * request was written and no answer came (a read timeout, a reset), bytes of
 * a reply arrived (its body then failed, or it was not HTTP at all), or a 2xx
 * answer came whole but could not be parsed. The service may have sent a code.
 */
export function mustNotResend(error: unknown): boolean {
  return (
    wasUnanswered(error) ||
    replyFaultOf(error) !== undefined ||
    answered2xx((error as SdkError)?.$metadata?.httpStatusCode)
  );
}

/**
 * The SDK's retry strategy for the retry mode, except that a request whose
 * reply had begun to arrive (or whose outcome is unknown) is never sent again:
 * a second code would be sent. Whole error answers (throttling, 5xx) and
 * failures before the request was written are retried as usual, but for an
 * answer that the AWS CLI does not take as "try again" (a 429 whose code is
 * not throttling's, a body it cannot read): never more often than it does.
 */
class NoResendOnceAnswered implements RetryStrategyV2 {
  constructor(private readonly inner: RetryStrategyV2 & { mode?: string }) {}

  /** The retry mode, which the SDK names in the user agent. */
  get mode(): string | undefined {
    return this.inner.mode;
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    if (mustNotResend(info.error) || !answerSaysTryAgain(info.error)) throw info.error;
    return this.inner.refreshRetryTokenForRetry(token, info);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}

/** The retry strategy the SDK would make for `settings` (standard or adaptive), under NoResendOnceAnswered. */
function retryStrategy(settings: CallSettings): RetryStrategyV2 {
  const retry = loadRetry();
  const { maxAttempts } = settings;
  return new NoResendOnceAnswered(
    settings.retryMode === "adaptive"
      ? new retry.AdaptiveRetryStrategy(async () => maxAttempts)
      : new retry.StandardRetryStrategy(maxAttempts),
  );
}

/**
 * The URL a call goes to: the configured endpoint, else the one the service's
 * endpoint rules give for the region, FIPS and dual-stack (the partition's own
 * domain: amazonaws.com.cn in China, say). From `client` when there is one;
 * otherwise the SDK is loaded to ask its rules.
 */
export function serviceUrl(settings: CallSettings, client?: SdkClient["client"]): string {
  if (settings.endpointUrl !== undefined) return endpointFor(settings);
  const rules = (client ?? new (loadSdk().CognitoIdentityProviderClient)({ region: settings.region })).config
    .endpointProvider;
  try {
    return rules({
      Region: settings.region,
      UseFIPS: settings.useFipsEndpoint,
      UseDualStack: settings.useDualstackEndpoint,
    }).url.href;
  } catch {
    // The rules refuse the combination (dual-stack where the partition has
    // none); the call reports it in their words.
    return endpointFor(settings);
  }
}

/**
 * An SDK client for `settings`, with this command's guards: a request whose
 * reply began to arrive is never sent again, bodies are read within their cap,
 * and --debug logs what goes and comes. `credentials` only for the operations
 * that are signed (the pool lookups); ResendConfirmationCode never is.
 */
export function createClient(
  settings: CallSettings,
  debug: DebugLog,
  options: { concurrency?: number; bulk?: boolean; credentials?: unknown } = {},
): SdkClient {
  // A configured endpoint whose scheme is neither http nor https fails as the call is made, in the AWS CLI's words.
  const scheme =
    settings.endpointUrl === undefined ? undefined : /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(settings.endpointUrl)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw failed(`An HTTP Client raised an unhandled exception: Not supported URL scheme ${scheme}`);
  }
  const sdk = loadSdk();
  const client = new sdk.CognitoIdentityProviderClient(clientConfig(settings, options));
  if (options.bulk) leanForBulk(client);
  if (debug.enabled) addWireLog(client, debug);
  let url: string | undefined;
  return { client, sdk, url: () => (url ??= serviceUrl(settings, client)) };
}

/** The client's settings: everything the SDK would otherwise look up in the environment and the shared files, settled already as the AWS CLI settles it. */
function clientConfig(
  settings: CallSettings,
  options: { concurrency?: number; credentials?: unknown },
): CognitoIdentityProviderClientConfig {
  const { NodeHttpHandler } = loadHandler();
  return {
    // An empty region (--region "") goes only with a configured endpoint, which
    // the AWS CLI then calls; the SDK wants a name, which picks nothing there.
    region: settings.region || "none",
    endpoint: settings.endpointUrl,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode === "adaptive" ? "adaptive" : "standard",
    retryStrategy: retryStrategy(settings),
    requestHandler: guardedHandler(NodeHttpHandler, {
      connectionTimeout: settings.connectTimeoutMs,
      socketTimeout: settings.readTimeoutMs,
      // The handler's check on busy sockets waits 2 s past the connect timeout:
      // kept within what a timer holds, so that a long timeout warns of nothing.
      socketAcquisitionWarningTimeout: Math.min(settings.connectTimeoutMs + 2000, MAX_TIMER_MS),
      ...agents(settings, options.concurrency ?? 50, () => serviceUrl(settings)),
    }),
    streamCollector: collectBody,
    useFipsEndpoint: settings.useFipsEndpoint,
    useDualstackEndpoint: settings.useDualstackEndpoint,
    defaultsMode: "legacy",
    userAgentAppId: "",
    authSchemePreference: [],
    ...(options.credentials === undefined ? {} : { credentials: options.credentials as never }),
    // The middleware of a command is put together once, not for every request.
    cacheMiddleware: true,
    // A configured endpoint is used as it is, as the AWS CLI uses it, even
    // with FIPS or dual-stack on (the SDK's rules would refuse those together).
    ...(settings.endpointUrl !== undefined
      ? { endpointProvider: () => ({ url: new URL(settings.endpointUrl as string) }) }
      : {}),
  };
}

/**
 * A bulk run sends thousands of requests through one client. It retries on
 * its own terms, so the SDK's retry step is a pass-through (kept by name, as
 * the signing step is placed after it); every request has the same user
 * agent, set once instead of being built each time; and the Lambda recursion
 * header, which reads the environment on every request, is left out.
 */
function leanForBulk(client: CognitoIdentityProviderClient): void {
  const stack = client.middlewareStack;
  const passThrough: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => (args) => next(args);
  stack.remove("retryMiddleware");
  stack.add(passThrough, { name: "retryMiddleware", step: "finalizeRequest", tags: ["RETRY"], priority: "high" });
  stack.remove("recursionDetectionMiddleware");
  stack.remove("getUserAgentMiddleware");
  const agent = `resend-confirmation-code (bulk) node/${process.version}`;
  const userAgent: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => (args) => {
    (args.request as HttpRequest).headers["user-agent"] = agent;
    return next(args);
  };
  stack.add(userAgent, { step: "build", name: "bulkUserAgent" });
}
