// The SDK's own floor: the same request sent through the bundled SDK
// (dist/sdk.js) and nothing else of the command, loaded as the command loads
// its bundles (with the compile cache of dist/startup.js).
//   node sdk.cjs ENDPOINT_URL
"use strict";
const { join } = require("node:path");

const dist = join(__dirname, "..", "..", "dist");
const cacheDir = join(process.env.XDG_CACHE_HOME, "resend-confirmation-code-sdk-floor");
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const sdk = require(join(dist, "startup.js")).requireWithCache(join(dist, "sdk.js"), cacheDir);
const client = new sdk.CognitoIdentityProviderClient({ region: "us-east-1", endpoint: process.argv[2] });
client
  .send(new sdk.ResendConfirmationCodeCommand({ ClientId: "1example23456789", Username: "jane" }))
  .then((response) => {
    const { $metadata, ...rest } = response;
    process.stdout.write(`${JSON.stringify(rest, null, 4)}\n`);
    client.destroy();
  });
