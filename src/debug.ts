// --debug: a readable log on stderr of what the command resolved, sent and
// received. Every secret it knows of is masked before a line is written.

export type DebugLog = ((message: string) => void) & { enabled: boolean };

export const MASK = "****";

export function createDebugLog(enabled: boolean, write: (text: string) => void, secrets: () => Array<string | undefined>): DebugLog {
  if (!enabled) return Object.assign(() => undefined, { enabled: false });
  return Object.assign((message: string) => {
    write(`${new Date().toISOString()} - resend-confirmation-code - DEBUG - ${maskSecrets(message, secrets())}\n`);
  }, { enabled: true });
}

/** The text with every secret (of four characters or more) replaced by the mask. */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined>, mask = MASK): string {
  let masked = text;
  for (const secret of secrets) if (secret && secret.length >= 4) masked = masked.split(secret).join(mask);
  return masked;
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
