// SECRET_HASH for app clients that have a client secret:
//   Base64(HMAC-SHA256(key = client secret, message = Username + ClientId))
// node:crypto is loaded here only, on the path that needs it.

export function secretHash(clientSecret: string, username: string, clientId: string): string {
  const { createHmac } = require("node:crypto") as typeof import("node:crypto");
  return createHmac("sha256", clientSecret)
    .update(username + clientId, "utf8")
    .digest("base64");
}
