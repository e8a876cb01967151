// The bulk options' numbers (--max-rate, --concurrency): plain decimals only.
// A number written in another form (exponent, hex, a sign of +, spaces, a
// trailing dot, Infinity, NaN) is said to be one, with the plain form to write
// where there is one the option takes; one line, exit 252, nothing sent.
import { describe, expect, test } from "vitest";
import { type NumberRule, numberFormProblem } from "../src/bulk/settings";
import { USAGE } from "../src/common";
import { folder } from "./support/fixtures";
import { runMain } from "./support/io";

const RATE: NumberRule = { integer: false, min: 0, zeroUnlimited: true };
const COUNT: NumberRule = { integer: true, min: 1 };

describe("numberFormProblem: whether the form is the problem, and what to write", () => {
  test.each([
    // text, as --max-rate (a decimal, at least 0, 0 no limit), as --concurrency (a whole number, at least 1)
    ["1e3", "'1e3' is not a plain decimal number (write 1000)", "'1e3' is not a plain whole number (write 1000)"],
    ["1E3", "'1E3' is not a plain decimal number (write 1000)", "'1E3' is not a plain whole number (write 1000)"],
    ["2.5e-1", "'2.5e-1' is not a plain decimal number (write 0.25)", "'2.5e-1' is not a plain whole number"],
    ["1.5e0", "'1.5e0' is not a plain decimal number (write 1.5)", "'1.5e0' is not a plain whole number"],
    ["0x10", "'0x10' is not a plain decimal number (write 16)", "'0x10' is not a plain whole number (write 16)"],
    ["0b11", "'0b11' is not a plain decimal number (write 3)", "'0b11' is not a plain whole number (write 3)"],
    ["0o7", "'0o7' is not a plain decimal number (write 7)", "'0o7' is not a plain whole number (write 7)"],
    ["5.", "'5.' is not a plain decimal number (write 5)", "'5.' is not a plain whole number (write 5)"],
    ["+5", "'+5' is not a plain decimal number (write 5)", "'+5' is not a plain whole number (write 5)"],
    [" 5", "' 5' is not a plain decimal number (write 5)", "' 5' is not a plain whole number (write 5)"],
    ["5 ", "'5 ' is not a plain decimal number (write 5)", "'5 ' is not a plain whole number (write 5)"],
    [
      "Infinity",
      "'Infinity' is not a plain decimal number (write 0 for no limit)",
      "'Infinity' is not a plain whole number",
    ],
    ["inf", "'inf' is not a plain decimal number (write 0 for no limit)", "'inf' is not a plain whole number"],
    ["-Infinity", "'-Infinity' is not a plain decimal number", "'-Infinity' is not a plain whole number"],
    ["NaN", "'NaN' is not a plain decimal number", "'NaN' is not a plain whole number"],
    // The plain form would be out of range: no suggestion.
    ["-1e3", "'-1e3' is not a plain decimal number", "'-1e3' is not a plain whole number"],
    ["0e0", "'0e0' is not a plain decimal number (write 0)", "'0e0' is not a plain whole number"],
    [
      "1e30",
      "'1e30' is not a plain decimal number (write 1000000000000000000000000000000)",
      "'1e30' is not a plain whole number",
    ],
  ])("%j", (text, asRate, asCount) => {
    expect(numberFormProblem(text, RATE)).toBe(asRate);
    expect(numberFormProblem(text, COUNT)).toBe(asCount);
  });

  test.each([
    // Plain, out of range, a fraction for a whole number, or no number at all: the form is not the problem.
    ["5"],
    ["0.5"],
    [".5"],
    ["007"],
    ["-1"],
    ["-0"],
    ["1.5"],
    [""],
    [" "],
    ["."],
    ["abc"],
    ["1_000"],
    ["1,000"],
    ["5 5"],
  ])("%j: not a question of form", (text) => {
    expect(numberFormProblem(text, RATE)).toBeUndefined();
    expect(numberFormProblem(text, COUNT)).toBeUndefined();
  });
});

describe("through the command: the reason and the usage synopsis, exit 252, nothing sent", () => {
  test.each([
    ["--max-rate", "1e3", "argument --max-rate: '1e3' is not a plain decimal number (write 1000)"],
    ["--max-rate", "Infinity", "argument --max-rate: 'Infinity' is not a plain decimal number (write 0 for no limit)"],
    ["--concurrency", "0x10", "argument --concurrency: '0x10' is not a plain whole number (write 16)"],
    ["--concurrency", "+4", "argument --concurrency: '+4' is not a plain whole number (write 4)"],
    // Not a question of form: the range is said, as before.
    ["--max-rate", "-1", "argument --max-rate: expected a number of at least 0, got '-1'"],
    ["--concurrency", "1.5", "argument --concurrency: expected a whole number of at least 1, got '1.5'"],
  ])("%s %j", async (flag, value, message) => {
    let made = 0;
    const run = await runMain(
      ["--client-id", "c", "--usernames-file", "users.txt", "--region", "us-east-1", flag, value],
      {
        cwd: folder({ "users.txt": "alice\n" }),
        service: () => {
          made += 1;
          throw new Error("no service should be made");
        },
      },
    );
    expect(run.exitCode).toBe(252);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): ${message}\n\n${USAGE}`,
    );
    expect(made).toBe(0);
  });
});
