// --debug: a readable log on stderr of what the command resolved, sent and
// received. Every secret it knows of is masked before a line is written.
import { MASK, maskSecrets } from "../common";

export type DebugLog = ((message: string) => void) & { enabled: boolean };

export function createDebugLog(
  enabled: boolean,
  write: (text: string) => void,
  secrets: () => Array<string | undefined>,
): DebugLog {
  if (!enabled) return Object.assign(() => undefined, { enabled: false });
  return Object.assign(
    (message: string) => {
      try {
        write(`${new Date().toISOString()} - resend-confirmation-code - DEBUG - ${maskSecrets(message, secrets())}\n`);
      } catch {
        // The log only observes: a stderr that cannot be written changes nothing about the run.
      }
    },
    { enabled: true },
  );
}

/** A request or response body with SecretHash masked, for the log. */
export function maskBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed && typeof parsed === "object" && "SecretHash" in parsed) parsed.SecretHash = MASK;
    return JSON.stringify(parsed);
  } catch {
    return body.replace(/("SecretHash"\s*:\s*")[^"]*"/g, `$1${MASK}"`);
  }
}

/** Request headers with the session token of signed requests (--user-pool-id's) masked, wherever the credentials came from. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const token = Object.keys(headers).find((name) => name.toLowerCase() === "x-amz-security-token");
  return token === undefined ? headers : { ...headers, [token]: MASK };
}
