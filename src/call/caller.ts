// The call: ResendConfirmationCode through the SDK client (client.ts), its
// answer reduced to the model, its failure worded as the AWS CLI words it.
import type { ResendConfirmationCodeCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { OPERATION } from "../common";
import type { Request } from "../input";
import { answered2xx, createClient, mustNotResend } from "./client";
import type { DebugLog } from "./debug";
import { callError, replyFaultOf, type SdkError } from "./failures";
import { type Response, responseValue } from "./response";
import type { CallSettings } from "./settings";
import { BODY_CUT } from "./transport";

/**
 * What the call gave: the service's response, or, when the service answered
 * 2xx but its body could not be read (not JSON, cut off, stalled, too large),
 * why. The AWS CLI prints nothing for the latter and exits 0; so do we, with a
 * line on stderr.
 */
export type CallResult = { response: Response } | { unreadable: string; status: number };

/** The line a bulk run gives a user whose 2xx answer could not be read. */
export const unreadableNote = (result: { unreadable: string; status: number }): string =>
  `the service answered HTTP ${result.status}, but its response could not be read (${result.unreadable})`;

/** One SDK client for any number of calls (a bulk run keeps its connections open). */
export interface Caller {
  call(request: Request): Promise<CallResult>;
  destroy(): void;
}

/**
 * A client for `settings`. Each call's failure is thrown as a CliError worded
 * as the AWS CLI words it.
 */
export function createCaller(
  settings: CallSettings,
  debug: DebugLog,
  options: { concurrency?: number; bulk?: boolean } = {},
): Caller {
  const { client, sdk, url } = createClient(settings, debug, options);
  if (debug.enabled) {
    debug(
      `Calling ${OPERATION} at ${url()} in ${settings.region}, at most ${settings.maxAttempts} attempts (${settings.retryMode} retry mode)`,
    );
  }
  return {
    async call(request: Request): Promise<CallResult> {
      try {
        return {
          response: responseValue(
            await client.send(
              new sdk.ResendConfirmationCodeCommand(request as unknown as ResendConfirmationCodeCommandInput),
            ),
          ),
        };
      } catch (error) {
        const e = error as SdkError;
        debug(`Call failed: ${e.name}: ${e.message} ${JSON.stringify(e.$metadata ?? {})}`);
        const status = replyFaultOf(error)?.status ?? e.$metadata?.httpStatusCode;
        if (answered2xx(status) && mustNotResend(error)) {
          return {
            status,
            unreadable:
              replyFaultOf(error)?.reason ?? (e.name === "SyntaxError" ? "the body is not valid JSON" : BODY_CUT),
          };
        }
        throw callError(error, { url: url(), maxAttempts: settings.maxAttempts });
      }
    },
    destroy: () => client.destroy(),
  };
}
