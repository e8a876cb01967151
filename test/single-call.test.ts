// The single call through the Service seam (io.service), with a fake service
// and no HTTP: what it is asked, what is printed, and each failure's exit code
// and words. The transport and the mapping of HTTP failures to these errors
// are tested over loopback HTTP (faults.test.ts, cli.test.ts); these pin the
// pipeline around them.
import { describe, expect, test } from "vitest";
import type { ServiceFactory, ServiceHow } from "../src/call";
import type { Request } from "../src/input";
import { type Scripted, fakeCaller } from "./support/fake-caller";
import { folder } from "./support/fixtures";
import { runMain } from "./support/io";
import { secretHash } from "./support/local-cognito";

const CLIENT = "1example23456789";
const SECRET = "the-client-secret-value";
const BASE = ["--client-id", CLIENT, "--username", "jane", "--region", "us-east-1"];

/** A service that answers as `outcome` says, and what it was made with and asked. */
function service(outcome: Scripted = "sent") {
  const asked: Request[] = [];
  const made: ServiceHow[] = [];
  let destroyed = 0;
  const factory: ServiceFactory = (how) => {
    made.push(how);
    const fake = fakeCaller(() => outcome);
    return {
      ...fake,
      resendConfirmationCode: (request) => {
        asked.push({ ...request });
        return fake.resendConfirmationCode(request);
      },
      destroy: () => {
        destroyed += 1;
      },
    };
  };
  return {
    factory,
    asked,
    made,
    get destroyed() {
      return destroyed;
    },
  };
}

const run = (argv: string[], fake: ReturnType<typeof service>, env: Record<string, string> = {}) =>
  runMain(argv, { cwd: folder(), env, service: fake.factory });

describe("the single call through the service seam", () => {
  test("the request as typed; the answer printed as JSON; exit 0; the service made once, for a single call, and let go", async () => {
    const fake = service("sent");
    const outcome = await run(BASE, fake);
    expect(outcome).toMatchObject({ exitCode: 0, stderr: "" });
    expect(JSON.parse(outcome.stdout)).toEqual({ CodeDeliveryDetails: { DeliveryMedium: "EMAIL" } });
    expect(fake.asked).toEqual([{ ClientId: CLIENT, Username: "jane" }]);
    expect(fake.made).toHaveLength(1);
    expect(fake.made[0].bulk).toBeUndefined();
    expect(fake.made[0].settings).toMatchObject({ region: "us-east-1", maxAttempts: 3, readTimeoutMs: 60_000 });
    expect(fake.destroyed).toBe(1);
  });

  test("--client-secret: SECRET_HASH computed and sent; the secret and the hash never printed, even with --debug", async () => {
    const fake = service("sent");
    const outcome = await run([...BASE, "--client-secret", SECRET, "--debug"], fake);
    expect(outcome.exitCode).toBe(0);
    // HMAC-SHA256 of username + client id, keyed by the secret, base64.
    const { createHmac } = await import("node:crypto");
    const hash = createHmac("sha256", SECRET).update(`jane${CLIENT}`).digest("base64");
    expect(fake.asked).toEqual([{ ClientId: CLIENT, Username: "jane", SecretHash: hash }]);
    expect(outcome.stderr).toContain("Computed SecretHash from the client secret");
    for (const text of [outcome.stdout, outcome.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(hash);
    }
  });

  test("a service error: its words on one line after a blank one, exit 254", async () => {
    const fake = service({ error: "UserNotFoundException", message: "An error occurred (UserNotFoundException)" });
    const outcome = await run(BASE, fake);
    expect(outcome).toMatchObject({
      exitCode: 254,
      stdout: "",
      stderr: "\nresend-confirmation-code: [ERROR]: An error occurred (UserNotFoundException)\n",
    });
  });

  test("a client with a secret called without one: the service's error, then how to give the secret", async () => {
    const message =
      "An error occurred (NotAuthorizedException) when calling the ResendConfirmationCode operation: Client 1example23456789 is configured for secret but secret was not received";
    const outcome = await run(BASE, service({ error: "NotAuthorizedException", message }));
    expect(outcome.exitCode).toBe(254);
    expect(outcome.stderr).toBe(
      `\nresend-confirmation-code: [ERROR]: ${message}\nThis app client has a secret: give it with --client-secret (or the COGNITO_CLIENT_SECRET environment variable) and SECRET_HASH is computed for you.\n`,
    );
  });

  test("the hint is not part of a structured error", async () => {
    const message = "Client x is configured for secret but secret was not received";
    const outcome = await run(
      [...BASE, "--cli-error-format", "json"],
      service({ error: "NotAuthorizedException", message }),
    );
    expect(outcome.exitCode).toBe(254);
    expect(JSON.parse(outcome.stderr)).toEqual({ Code: "NotAuthorizedException", Message: message });
  });

  test("no answer (UNKNOWN): exit 255 in the AWS CLI's words; asked once, never again", async () => {
    const fake = service("unknown");
    const outcome = await run(BASE, fake);
    expect(outcome).toMatchObject({
      exitCode: 255,
      stderr: '\nresend-confirmation-code: [ERROR]: Read timeout on endpoint URL: "x"\n',
    });
    expect(fake.asked).toHaveLength(1);
  });

  test("nothing reached the service: exit 255 in the AWS CLI's words", async () => {
    const outcome = await run(BASE, service("refused"));
    expect(outcome).toMatchObject({
      exitCode: 255,
      stderr: '\nresend-confirmation-code: [ERROR]: Could not connect to the endpoint URL: "x"\n',
    });
  });

  test("a 200 whose body could not be read: nothing on stdout, a line on stderr, exit 0", async () => {
    const factory: ServiceFactory = (how, place) => ({
      ...service().factory(how, place),
      resendConfirmationCode: async () => ({ unreadable: "the body is not valid JSON", status: 200 }),
    });
    const outcome = await runMain(BASE, { cwd: folder(), service: factory });
    expect(outcome).toMatchObject({
      exitCode: 0,
      stdout: "",
      stderr:
        "\nThe service answered HTTP 200, but its response could not be read (the body is not valid JSON); there is nothing to print.\n",
    });
  });

  test("bad input: the service is never made", async () => {
    const fake = service();
    const outcome = await run(["--client-id", "", "--username", "jane", "--region", "us-east-1"], fake);
    expect(outcome.exitCode).toBe(252);
    expect(fake.made).toHaveLength(0);
  });

  test("--query and --output text shape what is printed", async () => {
    const outcome = await run(
      [...BASE, "--query", "CodeDeliveryDetails.DeliveryMedium", "--output", "text"],
      service(),
    );
    expect(outcome).toMatchObject({ exitCode: 0, stdout: "EMAIL\n" });
  });
});

describe("--dry-run with a single call: every check, then the request shown and nothing sent", () => {
  const hashOf = (username: string): string => secretHash(SECRET, username, CLIENT);

  test("the line a bulk dry run prints for a user, SecretHash masked; exit 0; the service never made", async () => {
    const fake = service();
    const outcome = await run([...BASE, "--client-secret", SECRET, "--client-metadata", "k=v", "--dry-run"], fake);
    expect(outcome).toMatchObject({ exitCode: 0, stderr: "" });
    expect(outcome.stdout).toBe(
      `{"Username":"jane","ClientId":"${CLIENT}","Status":"WOULD_SEND","Request":{"ClientId":"${CLIENT}","Username":"jane","SecretHash":"****","ClientMetadata":{"k":"v"}}}\n`,
    );
    // No connection: the service is not even made, let alone asked.
    expect(fake.made).toHaveLength(0);
    expect(fake.asked).toHaveLength(0);
    expect(outcome.stdout).not.toContain(hashOf("jane"));
  });

  test("the Request is what the real run sends, members in the SDK's order (required first, then the model's)", async () => {
    const args = [
      ...BASE,
      "--client-metadata",
      "b=1,a=2",
      "--analytics-metadata",
      "AnalyticsEndpointId=e",
      "--user-context-data",
      "EncodedData=x,IpAddress=192.0.2.1",
    ];
    const real = service();
    await run([...args, "--client-secret", SECRET], real);
    const dry = await run([...args, "--client-secret", SECRET, "--dry-run"], service());
    const line = JSON.parse(dry.stdout);
    expect(line.Request).toEqual({ ...real.asked[0], SecretHash: "****" });
    expect(Object.keys(line.Request)).toEqual([
      "ClientId",
      "Username",
      "SecretHash",
      "UserContextData",
      "AnalyticsMetadata",
      "ClientMetadata",
    ]);
    expect(Object.keys(line.Request.UserContextData)).toEqual(["IpAddress", "EncodedData"]);
    expect(Object.keys(line.Request.ClientMetadata)).toEqual(["b", "a"]);
  });

  test("COGNITO_CLIENT_SECRET and --debug: the hash computed and masked; neither secret printed", async () => {
    const fake = service();
    const outcome = await run([...BASE, "--dry-run", "--debug"], fake, { COGNITO_CLIENT_SECRET: SECRET });
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout).Request.SecretHash).toBe("****");
    expect(outcome.stderr).toContain("Computed SecretHash from the client secret");
    for (const text of [outcome.stdout, outcome.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(hashOf("jane"));
    }
    expect(fake.made).toHaveLength(0);
  });

  test("a SECRET_HASH given as --secret-hash is masked too", async () => {
    const outcome = await run([...BASE, "--secret-hash", "given-hash-value", "--dry-run"], service());
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout).Request.SecretHash).toBe("****");
    expect(outcome.stdout).not.toContain("given-hash-value");
  });

  test("--query and --output do not shape it: it is not a response", async () => {
    const outcome = await run([...BASE, "--dry-run", "--output", "text", "--query", "CodeDeliveryDetails"], service());
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ Status: "WOULD_SEND" });
  });

  test.each([
    ["a parameter the model refuses", ["--client-id", "", "--username", "jane", "--region", "us-east-1"]],
    ["no --username", ["--client-id", CLIENT, "--region", "us-east-1"]],
    ["a region that is no region", [...BASE, "--region", "not a region"]],
    ["a --query that does not parse", [...BASE, "--query", "a[="]],
    ["an --output that is none", [...BASE, "--output", "xml"]],
    ["--secret-hash beside --client-secret", [...BASE, "--client-secret", SECRET, "--secret-hash", "abcd"]],
    ["a client secret file that is not there", [...BASE, "--client-secret", "file://missing.txt"]],
    ["a profile that is not there", [...BASE, "--profile", "nobody"]],
    ["a bulk-only option", [...BASE, "--max-rate", "5"]],
  ])("%s: the dry run fails as the real run does, before either makes the service", async (_name, args) => {
    const real = service();
    const dry = service();
    const asReal = await run(args, real);
    const asDry = await run([...args, "--dry-run"], dry);
    expect(asReal.exitCode).not.toBe(0);
    expect({ exitCode: asDry.exitCode, stdout: asDry.stdout, stderr: asDry.stderr }).toEqual({
      exitCode: asReal.exitCode,
      stdout: asReal.stdout,
      stderr: asReal.stderr,
    });
    expect(real.made).toHaveLength(0);
    expect(dry.made).toHaveLength(0);
  });
});
