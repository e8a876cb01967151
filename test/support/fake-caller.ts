// A caller that is no service: the bulk run's seam (src/bulk/caller.ts) in
// memory, answering each request as a script says, counting what each user
// was sent, and how many requests were in flight at once. For the tests of
// the run's machinery, with no HTTP.
import type { BulkCaller } from "../../src/bulk";
import type { CallResult } from "../../src/call";
import { type CliError, ServiceError, failed } from "../../src/common";
import type { Request } from "../../src/input";

/** What one request comes to: sent, a service error, no answer (written, unknown), or no connection. */
export type Scripted =
  | "sent"
  | { error: string; message?: string; throttled?: boolean; transient?: boolean }
  | "unknown"
  | "refused";

export interface FakeCaller extends BulkCaller {
  /** Requests per username, in order. */
  readonly calls: Map<string, number>;
  /** Codes that went out per username (SENT, and UNKNOWN: the service acted, the answer was lost). */
  readonly codes: Map<string, number>;
  readonly mostInFlight: number;
  /** Called as each request is made, before it is answered. */
  onCall?: (username: string) => void;
}

/** `script(username, attempt)` says how the attempt-th request for a user goes; `delay` resolves when it is answered. */
export function fakeCaller(
  script: (username: string, attempt: number) => Scripted,
  delay: () => Promise<void> = () => Promise.resolve(),
): FakeCaller {
  const calls = new Map<string, number>();
  const codes = new Map<string, number>();
  let inFlight = 0;
  let mostInFlight = 0;
  const self: FakeCaller = {
    calls,
    codes,
    get mostInFlight() {
      return mostInFlight;
    },
    async resendConfirmationCode(request: Request): Promise<CallResult> {
      const username = String(request.Username);
      const attempt = (calls.get(username) ?? 0) + 1;
      calls.set(username, attempt);
      self.onCall?.(username);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await delay();
        const outcome = script(username, attempt);
        if (outcome === "sent" || outcome === "unknown") codes.set(username, (codes.get(username) ?? 0) + 1);
        if (outcome === "sent") return { response: { CodeDeliveryDetails: { DeliveryMedium: "EMAIL" } } };
        if (outcome === "unknown")
          throw failure("ReadTimeoutError", 'Read timeout on endpoint URL: "x"', { unknown: true });
        if (outcome === "refused")
          throw failure("EndpointConnectionError", 'Could not connect to the endpoint URL: "x"', { transient: true });
        throw failure(outcome.error, outcome.message ?? outcome.error, outcome);
      } finally {
        inFlight -= 1;
      }
    },
    listUsers: () => Promise.reject(new Error("no pool here")),
    describeUserPool: () => Promise.reject(new Error("no pool here")),
    adminCreateUser: () => Promise.reject(new Error("no pool here")),
    getProvisionedLimit: () => Promise.reject(new Error("no pool here")),
    destroy: () => undefined,
  };
  return self;
}

function failure(
  code: string,
  message: string,
  how: { throttled?: boolean; transient?: boolean; unknown?: boolean },
): CliError {
  const failure = {
    code,
    message,
    throttled: how.throttled === true,
    transient: how.transient === true || how.throttled === true,
    unknown: how.unknown,
  };
  return how.unknown || how.transient ? failed(message, failure) : new ServiceError(message, { failure });
}
