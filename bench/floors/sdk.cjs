// The SDK's own floor: the same request sent through the bundled SDK
// (dist/sdk.js) and nothing else of the command, loaded as the command loads
// its bundles (with a compile cache: Node's own, or dist/startup.js before 22.8).
//   node sdk.cjs ENDPOINT_URL
"use strict";
const { join } = require("node:path");
const { enableCompileCache } = require("node:module");

const dist = join(__dirname, "..", "..", "dist");
const cacheDir = join(process.env.XDG_CACHE_HOME, "resend-confirmation-code-sdk-floor");
if (enableCompileCache) enableCompileCache(cacheDir);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const sdk = enableCompileCache
  ? require(join(dist, "sdk.js"))
  : require(join(dist, "startup.js")).requireWithCache(join(dist, "sdk.js"), cacheDir);
const client = new sdk.CognitoIdentityProviderClient({ region: "us-east-1", endpoint: process.argv[2] });
client
  .send(new sdk.ResendConfirmationCodeCommand({ ClientId: "1example23456789", Username: "jane" }))
  .then((response) => {
    const { $metadata, ...rest } = response;
    process.stdout.write(`${JSON.stringify(rest, null, 4)}\n`);
    client.destroy();
  });
