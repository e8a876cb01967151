// Secrets (the client secret, SECRET_HASH) never reach stdout, stderr or a
// log: every text that could hold one is masked before it is written.

export const MASK = "****";

/** A request as it may be shown (a dry run's line): its SecretHash, if it has one, masked. */
export const withSecretHashMasked = <T extends { SecretHash?: unknown }>(request: T): T =>
  request.SecretHash === undefined ? request : { ...request, SecretHash: MASK };

/** The text with every secret (of four characters or more) replaced by the mask. */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined>, mask = MASK): string {
  let masked = text;
  for (const secret of secrets) if (secret && secret.length >= 4) masked = masked.split(secret).join(mask);
  return masked;
}
