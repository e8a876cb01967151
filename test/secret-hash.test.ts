// SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = Username + ClientId)).
// The expected values were computed independently with OpenSSL:
//   printf '%s' 'jane1example23456789' | openssl dgst -sha256 -hmac 'example-client-secret' -binary | base64
import { expect, test } from "vitest";
import { secretHash } from "../src/call/secret-hash";

test.each([
  ["example-client-secret", "jane", "1example23456789", "wyAOW5F2nMY3H71Hz827Efcgf2MYWxCrG7Fua1T5wRU="],
  ["sëcret with spaces", "zoë", "2secretexample000", "1NXCuGLW3UXF1c46lLLs7watB+xdcDZC9lGjsGiWLis="],
])("secret %j, user %j, client %j", (secret, username, clientId, expected) => {
  expect(secretHash(secret, username, clientId)).toBe(expected);
});

test("the order of the message is Username then ClientId", () => {
  expect(secretHash("s", "ab", "cd")).not.toBe(secretHash("s", "cd", "ab"));
});
