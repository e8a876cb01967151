// How an error is shown, by --cli-error-format, AWS_CLI_ERROR_FORMAT and the
// profile's cli_error_format, as AWS CLI 2.36.7 shows it: enhanced (the
// default, and what an empty value means), legacy, or structured; a value of
// the environment or the profile that is none of them said and taken as
// enhanced, in the phases where the AWS CLI says it.
import { describe, expect, test } from "vitest";
import type { ServiceFactory } from "../src/call";
import { ServiceError, USAGE } from "../src/common";
import { fakeCaller } from "./support/fake-caller";
import { folder } from "./support/fixtures";
import { runMain } from "./support/io";

const BASE = ["--client-id", "c", "--username", "u", "--region", "us-east-1"];
const P = "resend-confirmation-code: [ERROR]: ";

/** A service whose answer is an error with a member beyond its message. */
const refusing: ServiceFactory = () => ({
  ...fakeCaller(() => "sent"),
  resendConfirmationCode: () =>
    Promise.reject(
      new ServiceError("An error occurred (LimitExceededException): slow down", {
        failure: {
          code: "LimitExceededException",
          message: "slow down",
          transient: false,
          throttled: false,
          details: { message: "slow down", reasonCode: "X" },
        },
      }),
    ),
});

const run = (argv: string[], env: Record<string, string> = {}, config = "") =>
  runMain([...BASE, ...argv], { cwd: folder({ config }), env, service: refusing });

const WARNING = "Invalid cli_error_format: 'bogus'. Using 'enhanced' format.\n";
const CHOICE = `\n${P}An error occurred (ParamValidation): argument --color: Found invalid choice 'x'\n`;
const REQUIRED = `\n${P}An error occurred (ParamValidation): the following arguments are required: --username\n`;
const SERVICE = `\n${P}An error occurred (LimitExceededException): slow down\n\nAdditional error details:\nreasonCode: X\n`;

describe("enhanced, the default", () => {
  test.each([
    ["by default", [], {}, ""],
    ["asked for by the flag", ["--cli-error-format", "enhanced"], {}, ""],
    ["by the environment, in any case", [], { AWS_CLI_ERROR_FORMAT: "Enhanced" }, ""],
    ["by the profile", [], {}, "[default]\ncli_error_format = enhanced\n"],
    ["the flag over the environment", ["--cli-error-format", "enhanced"], { AWS_CLI_ERROR_FORMAT: "json" }, ""],
    [
      "an empty variable, whatever the profile says",
      [],
      { AWS_CLI_ERROR_FORMAT: "" },
      "[default]\ncli_error_format = json\n",
    ],
  ])("%s: the line, then the service's additional details", async (_name, argv, env, config) => {
    const outcome = await run(argv, env, config);
    expect(outcome.stderr).toBe(SERVICE);
    expect(outcome.exitCode).toBe(254);
  });

  test("legacy: the line alone, without the details (nor, for an argument error, the code)", async () => {
    expect((await run(["--cli-error-format", "legacy"])).stderr).toBe(
      `\n${P}An error occurred (LimitExceededException): slow down\n`,
    );
    const argument = await run(["--cli-error-format", "legacy", "--client-metadata", "a"]);
    expect(argument.stderr).toBe(
      `\n${P}Error parsing parameter '--client-metadata': Expected: '=', received: 'EOF' for input:\n a\n ^\n`,
    );
  });

  test("the flag's value is a choice: its case counts", async () => {
    const outcome = await run(["--cli-error-format", "Enhanced"]);
    expect(outcome.stderr).toBe(
      `\n${P}An error occurred (ParamValidation): argument --cli-error-format: Found invalid choice 'Enhanced'\n\n\n${USAGE}`,
    );
    expect(outcome.exitCode).toBe(252);
  });
});

describe("a format that is none of them", () => {
  // An argument error is followed by the usage synopsis (the invalid choice's message ends with its own newline).
  const CHOICE_ERROR = `${CHOICE}\n\n${USAGE}`;
  const REQUIRED_ERROR = `${REQUIRED}\n${USAGE}`;
  const choice = [...BASE, "--color", "x"];
  const missing = ["--client-id", "c", "--region", "us-east-1"];
  test.each([
    [
      "the environment's, for an error of the global options",
      choice,
      { AWS_CLI_ERROR_FORMAT: "Bogus" },
      "",
      WARNING + CHOICE_ERROR,
    ],
    ["the profile's too", choice, {}, "[default]\ncli_error_format = bogus\n", WARNING + CHOICE_ERROR],
    ["an empty one is enhanced, unsaid", choice, { AWS_CLI_ERROR_FORMAT: "" }, "", CHOICE_ERROR],
    ["unsaid for an error of the operation's options", missing, { AWS_CLI_ERROR_FORMAT: "bogus" }, "", REQUIRED_ERROR],
    ["unsaid for a service's error", BASE, { AWS_CLI_ERROR_FORMAT: "bogus" }, "", SERVICE],
  ])("%s", async (_name, argv, env, config, stderr) => {
    const outcome = await runMain(argv, { cwd: folder({ config }), env, service: refusing });
    expect(outcome.stderr).toBe(stderr);
  });
});

test("the usage in an argument error is as long as the AWS CLI's, so that its table is as wide", async () => {
  // AWS CLI 2.36.7's: "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]", the
  // line "To see help text, you can run:", a blank line, and its three help commands.
  const theirs =
    "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";
  expect(USAGE).toHaveLength(theirs.length);
  const outcome = await runMain(["--client-id", "c", "--cli-error-format", "table"], { cwd: folder() });
  // The top line of AWS CLI 2.36.7's table for this error, as measured: 241 columns.
  expect(outcome.stderr.split("\n")[0]).toBe("-".repeat(241));
});
