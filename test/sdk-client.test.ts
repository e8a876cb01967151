// The SDK client as this command sets it up, through the SDK's own settings:
// what an SDK upgrade could change without a build or type error. The
// middleware a bulk run removes is found by name (a name that is gone would be
// removed silently); the request handler is the SDK's own class; the retry
// strategy is the SDK's for the retry mode, named as the SDK names it.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, test } from "vitest";
import { createClient } from "../src/call/client";
import { createDebugLog } from "../src/call/debug";
import type { CallSettings } from "../src/call/settings";

const settings = (retryMode: CallSettings["retryMode"] = "standard"): CallSettings => ({
  region: "us-east-1",
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  endpointUrl: "http://127.0.0.1:9",
  maxAttempts: 3,
  retryMode,
  connectTimeoutMs: 60_000,
  readTimeoutMs: 60_000,
  verifySsl: true,
});
const quiet = createDebugLog(
  false,
  () => undefined,
  () => [],
);
const names = (client: CognitoIdentityProviderClient): string[] =>
  client.middlewareStack.identify().map((entry) => entry.split(" ")[0]);

describe("the SDK client", () => {
  test("the middleware a bulk run replaces or leaves out is in the SDK's stack under the names it is removed by", () => {
    const sdkDefault = new CognitoIdentityProviderClient({ region: "us-east-1" });
    expect(names(sdkDefault)).toEqual(
      expect.arrayContaining(["retryMiddleware", "recursionDetectionMiddleware", "getUserAgentMiddleware"]),
    );
    const { client } = createClient(settings(), quiet, { bulk: true });
    const bulk = names(client);
    expect(bulk).toEqual(expect.arrayContaining(["retryMiddleware", "bulkUserAgent"]));
    expect(bulk).not.toContain("recursionDetectionMiddleware");
    expect(bulk).not.toContain("getUserAgentMiddleware");
    client.destroy();
  });

  test("--debug adds the wire log at the end of the stack, right above the request handler", () => {
    const { client } = createClient(
      settings(),
      createDebugLog(
        true,
        () => undefined,
        () => [],
      ),
    );
    expect(names(client).at(-1)).toBe("debugWireLog");
    client.destroy();
  });

  test("the request handler is the SDK's own NodeHttpHandler", () => {
    const { client } = createClient(settings(), quiet);
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    client.destroy();
  });

  test.each(["standard", "adaptive"] as const)(
    "the %s retry mode is the SDK's, named as the SDK names it",
    async (mode) => {
      const { client } = createClient(settings(mode), quiet);
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe(mode);
      client.destroy();
    },
  );
});
