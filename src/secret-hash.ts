// SECRET_HASH for app clients that have a client secret:
//   Base64(HMAC-SHA256(key = client secret, message = Username + ClientId))
import { createHmac } from "node:crypto";

export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId, "utf8").digest("base64");
}
