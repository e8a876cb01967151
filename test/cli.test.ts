// The command as a user runs it (in this process, through main), against the
// local endpoint over HTTP: bad input refused with nothing sent, SECRET_HASH
// computed and accepted, secrets kept out of every output, the global options.
import { describe, expect, test } from "vitest";
import { loadSchema, members, flagFor } from "../src/input/schema";
import { optionsIn } from "../src/input/options";
import type { Case } from "./parity/cases";
import { C, at, folder, withEndpoint } from "./support/fixtures";
import { runMain } from "./support/io";
import { UNKNOWN_HINT } from "../src/call/failures";
import { CLIENT_SECRET, CLIENT_WITH_SECRET, secretHash } from "./support/local-cognito";
import { type CaseOutcome, runCase } from "./support/run-case";

type Run = Omit<Case, "name">;

const base = ["--client-id", C, "--username", "jane"];
const run = (c: Run): Promise<CaseOutcome> => runCase({ name: "", ...c }, "ours");

const PROGRAM = "resend-confirmation-code: [ERROR]: ";
const USAGE =
  "\nusage: resend-confirmation-code --client-id <value> (--username <name> | --usernames-file <path>) [options]\nTo see help text, you can run:\n\n  resend-confirmation-code --help\n";
/** The whole of stderr for a parameter refused: the structured error's line (and the lines after it). */
const refused = (message: string): string => `\n${PROGRAM}An error occurred (ParamValidation): ${message}\n`;
/** The same, followed by the usage synopsis. */
const usage = (message: string): string => `${refused(message)}${USAGE}`;

describe("bad input: a clear reason, exit code 252, nothing sent", () => {
  test.concurrent.each([
    [
      "--client-id empty",
      ["--client-id", "", "--username", "jane"],
      refused("Parameter validation failed:\nInvalid length for parameter ClientId, value: 0, valid min length: 1"),
    ],
    ["--client-id missing", ["--username", "jane"], usage("the following arguments are required: --client-id")],
    [
      "--client-id without value",
      ["--username", "jane", "--client-id"],
      usage("argument --client-id: expected one argument"),
    ],
    [
      "--username empty",
      ["--client-id", C, "--username", ""],
      refused("Parameter validation failed:\nInvalid length for parameter Username, value: 0, valid min length: 1"),
    ],
    [
      "--username from a missing file",
      ["--client-id", C, "--username", "file://nope.txt"],
      refused(
        "Error parsing parameter '--username': Unable to load paramfile file://nope.txt: [Errno 2] No such file or directory: 'nope.txt'",
      ),
    ],
    [
      "--secret-hash empty",
      [...base, "--secret-hash", ""],
      refused("Parameter validation failed:\nInvalid length for parameter SecretHash, value: 0, valid min length: 1"),
    ],
    [
      "--user-context-data unknown member",
      [...base, "--user-context-data", "Foo=1"],
      refused(
        'Parameter validation failed:\nUnknown parameter in UserContextData: "Foo", must be one of: IpAddress, EncodedData',
      ),
    ],
    [
      "--user-context-data bad shorthand",
      [...base, "--user-context-data", "IpAddress"],
      refused(
        "Error parsing parameter '--user-context-data': Expected: '=', received: 'EOF' for input:\n IpAddress\n         ^",
      ),
    ],
    [
      "--user-context-data a list",
      [...base, "--user-context-data", "[1]"],
      refused("Error parsing parameter '--user-context-data': Invalid JSON:\n[1]"),
    ],
    [
      "--analytics-metadata bad JSON",
      [...base, "--analytics-metadata", "{"],
      refused(
        "Error parsing parameter '--analytics-metadata': Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\nJSON received: {",
      ),
    ],
    [
      "--analytics-metadata a list value",
      [...base, "--analytics-metadata", "AnalyticsEndpointId=a,b"],
      refused(
        "Parameter validation failed:\nInvalid type for parameter AnalyticsMetadata.AnalyticsEndpointId, value: ['a', 'b'], type: <class 'list'>, valid types: <class 'str'>",
      ),
    ],
    [
      "--client-metadata repeated key",
      [...base, "--client-metadata", "a=1,a=2"],
      refused(
        'Error parsing parameter \'--client-metadata\': Second instance of key "a" encountered for input:\na=1,a=2\n    ^\nThis is often because there is a preceding "," instead of a space.',
      ),
    ],
    [
      "--client-metadata a number",
      [...base, "--client-metadata", '{"a": 1}'],
      refused(
        "Parameter validation failed:\nInvalid type for parameter ClientMetadata.a, value: 1, type: <class 'int'>, valid types: <class 'str'>",
      ),
    ],
    [
      "--cli-input-json invalid",
      ["--cli-input-json", "{"],
      refused("Error parsing parameter 'cli-input-json': Invalid JSON received."),
    ],
    [
      "--cli-input-yaml invalid",
      ["--cli-input-yaml", "a: [x"],
      refused("Error parsing parameter 'cli-input-yaml': Invalid YAML received."),
    ],
    [
      "--cli-input-json with --cli-input-yaml",
      ["--cli-input-json", "{}", "--cli-input-yaml", "{}"],
      refused("Only one --cli-input- parameter may be specified."),
    ],
    [
      "--client-secret with --secret-hash",
      [...base, "--secret-hash", "abc", "--client-secret", "my-client-secret"],
      usage(
        "--secret-hash cannot be combined with --client-secret: give the client secret and let the hash be computed, or give the hash alone.",
      ),
    ],
    [
      "--client-secret from a missing file",
      [...base, "--client-secret", "file://nope.txt"],
      refused(
        "Error parsing parameter '--client-secret': Unable to load paramfile file://nope.txt: [Errno 2] No such file or directory: 'nope.txt'",
      ),
    ],
    [
      "--generate-cli-skeleton bogus",
      ["--generate-cli-skeleton", "bogus"],
      usage("argument --generate-cli-skeleton: Found invalid choice 'bogus'\n"),
    ],
    ["--output bogus", [...base, "--output", "bogus"], usage("argument --output: Found invalid choice 'bogus'\n")],
    [
      "--query that is incomplete",
      [...base, "--query", "CodeDeliveryDetails.["],
      refused(
        'Bad value for --query CodeDeliveryDetails.[: Invalid jmespath expression: Incomplete expression:\n"CodeDeliveryDetails.["\n                      ^',
      ),
    ],
    [
      "--query with an unknown token",
      [...base, "--query", "a ^ b"],
      refused("Bad value for --query a ^ b: Bad jmespath expression: Unknown token ^:\na ^ b\n  ^"),
    ],
    [
      "--query with an unknown function",
      [...base, "--query", "nope(a)"],
      refused("Bad value for --query nope(a): Unknown function: nope()"),
    ],
    [
      "--query with too few arguments",
      [...base, "--query", "contains(a)"],
      refused("Bad value for --query contains(a): Expected 2 arguments for function contains(), received 1"),
    ],
    [
      "--query with no argument to a function that takes any number",
      [...base, "--query", "merge()"],
      refused("Bad value for --query merge(): Expected at least 1 argument for function merge(), received 0"),
    ],
    [
      "--query empty",
      [...base, "--query", ""],
      refused("Bad value for --query : Invalid JMESPath expression: cannot be empty."),
    ],
    [
      "--cli-auto-prompt without a terminal",
      [...base, "--cli-auto-prompt"],
      refused(
        "--cli-auto-prompt needs a terminal, and standard input is not one; give the parameters on the command line.",
      ),
    ],
    [
      "AWS_CLI_AUTO_PROMPT=on without a terminal",
      [...base],
      refused(
        "--cli-auto-prompt needs a terminal, and standard input is not one; give the parameters on the command line.",
      ),
      { AWS_CLI_AUTO_PROMPT: "on" },
    ],
    ["--color bogus", [...base, "--color", "bogus"], usage("argument --color: Found invalid choice 'bogus'\n")],
    [
      "--endpoint-url with another scheme",
      [...base, "--endpoint-url", "ftp://example.test"],
      refused(
        'Bad value for --endpoint-url "ftp://example.test": scheme must be http or https.  Must be of the form http://<hostname>/ or https://<hostname>/',
      ),
    ],
    ["an unknown option", [...base, "--user-name", "x"], `${USAGE}\n\n${PROGRAM}Unknown options: --user-name, x\n`],
  ] as Array<[string, string[], string, Record<string, string>?]>)("%s", async (_name, args, stderr, env) => {
    const own = args.includes("--endpoint-url");
    const outcome = await run({
      args: [...args, ...(own ? ["--region", "us-east-1"] : [])],
      env,
      endpoint: own ? false : undefined,
    });
    expect(outcome.exitCode).toBe(252);
    expect(outcome.requests).toEqual([]);
    expect(outcome.stdout).toBe("");
    // The whole of what the user reads, in the AWS CLI's form: no stack trace, nothing else.
    expect(outcome.stderr).toBe(stderr);
  });
});

describe("SECRET_HASH", () => {
  const secretClient = ["--client-id", CLIENT_WITH_SECRET, "--username", "jane"];
  test.concurrent.each([
    ["--client-secret VALUE", { args: [...secretClient, "--client-secret", CLIENT_SECRET] }],
    [
      "--client-secret file://PATH",
      {
        args: [...secretClient, "--client-secret", "file://secret.txt"],
        files: { "secret.txt": `${CLIENT_SECRET}\n` },
      },
    ],
    ["COGNITO_CLIENT_SECRET", { args: secretClient, env: { COGNITO_CLIENT_SECRET: CLIENT_SECRET } }],
    [
      "with --cli-input-json",
      {
        args: ["--cli-input-json", `{"ClientId": "${CLIENT_WITH_SECRET}", "Username": "jane"}`],
        env: { COGNITO_CLIENT_SECRET: CLIENT_SECRET },
      },
    ],
    ["with --debug", { args: [...secretClient, "--client-secret", CLIENT_SECRET, "--debug"] }],
  ])("computed from %s and accepted by the endpoint, never printed", async (_name, c) => {
    const outcome = await run(c as Run);
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout).CodeDeliveryDetails.DeliveryMedium).toBe("EMAIL");
    expect(outcome.requests).toEqual([expect.objectContaining({ SecretHash: "<the right SecretHash>" })]);
    for (const secret of [CLIENT_SECRET, secretHash(CLIENT_SECRET, "jane", CLIENT_WITH_SECRET)]) {
      expect(outcome.stdout).not.toContain(secret);
      expect(outcome.stderr).not.toContain(secret);
    }
  });

  // Refused before any call: run in this process, with no endpoint.
  const refusedRun = (args: string[]) => runMain([...secretClient, ...args], { cwd: folder() });

  test("a secret is masked even in a usage error", async () => {
    const outcome = await refusedRun(["--client-secret", "my-client-secret", "--bogus"]);
    expect([outcome.exitCode, outcome.stdout, outcome.stderr]).toEqual([
      252,
      "",
      `${USAGE}\n\n${PROGRAM}Unknown options: --bogus\n`,
    ]);
  });

  test.each([
    [
      "--client-=my-client-secret",
      usage("ambiguous option: --client-=**** could match --client-id, --client-metadata"),
    ],
    [
      "--cl=my-client-secret",
      usage(
        "ambiguous option: --cl=**** could match --cli-read-timeout, --cli-connect-timeout, --cli-binary-format, --cli-auto-prompt, --cli-error-format",
      ),
    ],
    [
      "--=my-client-secret",
      `${refused("ambiguous option: --=**** could match --profile, --debug")}\nusage: resend-confirmation-code [--profile PROFILE] [--debug]\n`,
    ],
  ])("a secret given to an ambiguous abbreviation (%s) is masked in the error that names it", async (word, stderr) => {
    const outcome = await refusedRun([word]);
    expect([outcome.exitCode, outcome.stdout, outcome.stderr]).toEqual([252, "", stderr]);
  });

  test("a wrong secret is refused by the endpoint and not printed", async () => {
    const outcome = await run({ args: [...secretClient, "--client-secret", "not-the-secret", "--debug"] });
    expect(outcome.exitCode).toBe(254);
    expect(outcome.stderr).toContain(
      "An error occurred (NotAuthorizedException) when calling the ResendConfirmationCode operation: Unable to verify secret hash for client",
    );
    expect(outcome.stderr).not.toContain("not-the-secret");
    expect(outcome.requests).toEqual([expect.objectContaining({ SecretHash: "<another SecretHash>" })]);
    expect(outcome.stderr).not.toContain(secretHash("not-the-secret", "jane", CLIENT_WITH_SECRET));
  });

  test("a client that has a secret, called without one, says how to give it", async () => {
    const outcome = await run({ args: secretClient });
    expect(outcome.exitCode).toBe(254);
    expect(outcome.stderr).toContain("is configured for secret but secret was not received\n");
    expect(outcome.stderr).toMatch(/--client-secret .*COGNITO_CLIENT_SECRET/);
  });

  test("the debug log shows the request with SecretHash masked", async () => {
    const outcome = await run({ args: [...secretClient, "--secret-hash", "c2VjcmV0LWhhc2g=", "--debug"] });
    expect(outcome.stderr).toContain('"SecretHash":"****"');
    expect(outcome.stderr).toContain("Sending POST http://127.0.0.1:PORT/");
    expect(outcome.stderr).toMatch(/Received HTTP 400/);
    expect(outcome.stderr).not.toContain("c2VjcmV0LWhhc2g=");
  });
});

describe("the call", () => {
  test("--version names the command, its version and Node's", async () => {
    const outcome = await run({ args: ["--version"], endpoint: false });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(/^resend-confirmation-code\/\d+\.\d+\.\d+ Node\.js\/v\d+\.\d+\.\d+ \w+\/\w+\n$/);
  });

  test("--help lists every parameter and every option", async () => {
    const outcome = await run({ args: ["--help"], endpoint: false });
    expect(outcome.exitCode).toBe(0);
    const flags = [
      ...members(loadSchema("input")).map(([member]) => flagFor(member)),
      ...optionsIn("command", "own", "bulk", "global").map((option) => option.name),
    ];
    expect(flags.length).toBeGreaterThanOrEqual(30);
    expect(flags.filter((flag) => !new RegExp(`(^|[\\s,\\[])${flag}\\b`, "m").test(outcome.stdout))).toEqual([]);
  });

  test.concurrent("a read timeout ends with the AWS CLI's message, a line that the code may have been sent, and exit code 255", () =>
    withEndpoint({}, async (endpoint) => {
      endpoint.failNext(3, "hang");
      const result = await runMain([...base, ...at(endpoint), "--cli-read-timeout", "1"], {
        cwd: folder(),
        env: { AWS_MAX_ATTEMPTS: "1" },
      });
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toBe(`\n${PROGRAM}Read timeout on endpoint URL: "${endpoint.url}/"\n${UNKNOWN_HINT}\n`);
      await endpoint.settled();
      expect(endpoint.requests).toHaveLength(1);
    }));
});

describe("network faults: one clear line, the AWS CLI's exit code, no stack trace, no hang", () => {
  const url = "http://127.0.0.1:PORT/";
  test.concurrent.each([
    ["connection refused", { endpoint: "closed" }, 255, 0, `Could not connect to the endpoint URL: "${url}"`],
    [
      "a host name that does not resolve",
      { endpoint: "unresolvable" },
      255,
      0,
      'Could not connect to the endpoint URL: "http://cognito-idp.no-such-host.invalid/"',
    ],
    [
      "the connection dropped after the request, before any answer: its outcome is unknown, never sent again",
      { faults: [[3, "drop"]] },
      255,
      1,
      `Connection was closed before we received a valid response from endpoint URL: "${url}".\n${UNKNOWN_HINT}`,
    ],
    [
      "the connection reset halfway through a 200: not sent again",
      { faults: [[3, "reset"]] },
      0,
      1,
      "The service answered HTTP 200, but its response could not be read (the connection closed before the whole body arrived); there is nothing to print.",
    ],
    [
      "a read timeout: its outcome is unknown, never sent again (the AWS CLI sends it 3 times)",
      { args: ["--cli-read-timeout", "1"], faults: [[3, "hang"]] },
      255,
      1,
      `Read timeout on endpoint URL: "${url}"\n${UNKNOWN_HINT}`,
    ],
    [
      "a 500 with an HTML body, past the retries",
      { faults: [[3, "500html"]] },
      254,
      3,
      "An error occurred (500) when calling the ResendConfirmationCode operation (reached max retries: 2): Internal Server Error",
    ],
    [
      "a 503, past the retries",
      { faults: [[3, "503"]] },
      254,
      3,
      "An error occurred (503) when calling the ResendConfirmationCode operation (reached max retries: 2): Service Unavailable",
    ],
    [
      "invalid JSON on a 200: not sent again",
      { faults: [[1, "garbage"]] },
      0,
      1,
      "The service answered HTTP 200, but its response could not be read (the body is not valid JSON); there is nothing to print.",
    ],
    [
      "throttling that outlasts the retries",
      { faults: [[3, "throttle"]] },
      254,
      3,
      "An error occurred (TooManyRequestsException) when calling the ResendConfirmationCode operation (reached max retries: 2): Rate exceeded",
    ],
    ["throttling absorbed by the retries", { faults: [[2, "throttle"]] }, 0, 3, ""],
  ] as const)(
    "%s",
    async (_name, fault, exitCode, requests, line) => {
      const outcome = await run({ ...fault, args: [...base, ...("args" in fault ? fault.args : [])] } as Run);
      expect(outcome.exitCode).toBe(exitCode);
      expect(outcome.requests.length, "requests the endpoint received").toBe(requests);
      // A failure is an error line; an answer that could not be read, only a note.
      expect(outcome.stderr).toBe(line === "" ? "" : `\n${exitCode === 0 ? "" : PROGRAM}${line}\n`);
    },
    // No hang: the SDK's backoff is slept on a fake clock (test/support/sdk-clock.ts), and the one
    // real wait, the read timeout, is a second.
    20_000,
  );

  test.concurrent("AWS_ENDPOINT_URL reaches the endpoint without --endpoint-url", () =>
    withEndpoint({}, async (endpoint) => {
      const result = await runMain([...base, "--region", "us-east-1", "--output", "text"], {
        cwd: folder(),
        env: { AWS_ENDPOINT_URL: endpoint.url },
      });
      expect([result.exitCode, result.stdout, endpoint.requests.length]).toEqual([
        0,
        "CODEDELIVERYDETAILS\temail\tEMAIL\tj***@e***\n",
        1,
      ]);
    }));

  test("adaptive retry mode retries throttling too", async () => {
    const outcome = await run({ args: base, env: { AWS_RETRY_MODE: "adaptive" }, faults: [[2, "throttle"]] });
    expect([outcome.exitCode, outcome.requests.length]).toEqual([0, 3]);
  });
});

// (The SDK's own socket-acquisition timer, its request timeout plus this
// connect timeout, still overflows: Node warns, and node.ts shows that only
// under --debug.)
test.concurrent("a connect timeout longer than a timer holds: the call goes through, nothing on stderr", () =>
  withEndpoint({}, async (endpoint) => {
    const result = await runMain(
      [...base, ...at(endpoint), "--cli-connect-timeout", "99999999999999999999", "--cli-read-timeout", "99999999999"],
      { cwd: folder() },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).CodeDeliveryDetails.Destination).toBe("j***@e***");
  }));
