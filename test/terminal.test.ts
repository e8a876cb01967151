// A person at a terminal, in this process: the help page, every example on
// it, prompting turned off, and what shell completion offers (the command's
// side of it: __complete). What needs a real terminal or shell (and profile
// names, which completion reads through the call stage's bundle) is in
// test/smoke/terminal.test.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { C, at, folder, withEndpoint } from "./support/fixtures";
import { helpPage } from "../src/terminal";
import { runMain } from "./support/io";
import { CLIENT_SECRET, CLIENT_WITH_SECRET } from "./support/local-cognito";

describe("the help page", () => {
  test.concurrent.each([["--help"], ["-h"], ["help"]])(
    "%s prints the whole page, each section drawn from the model",
    async (flag) => {
      const run = await runMain([flag], { cwd: folder() });
      expect(run.exitCode).toBe(0);
      const page = run.stdout;
      const sections = page.split("\n").filter((line: string) => /^[A-Z][A-Z ]+$/.test(line));
      expect(sections).toEqual([
        "NAME",
        "DESCRIPTION",
        "SYNOPSIS",
        "OPTIONS",
        "OPTIONS BEYOND THE AWS CLI",
        "GLOBAL OPTIONS",
        "SHELL COMPLETION",
        "ENVIRONMENT",
        "EXAMPLES",
        "OUTPUT",
        "EXIT CODES",
      ]);
      for (const [flagName, kind] of [
        ["--client-id", "string"],
        ["--username", "string"],
        ["--secret-hash", "string"],
        ["--user-context-data", "structure"],
        ["--analytics-metadata", "structure"],
        ["--client-metadata", "map"],
      ]) {
        expect(page).toContain(`       ${flagName} (${kind})`);
      }
      expect(page).toContain("            IpAddress=string,EncodedData=string");
      expect(page).toContain("            KeyName1=string,KeyName2=string");
      expect(page).toContain('              "AnalyticsEndpointId": "string"');
      for (const own of [
        "--client-secret",
        "--usernames-file",
        "--max-rate",
        "--concurrency",
        "--resume",
        "--retry-failed",
        "--retry-unknown",
        "--results",
        "--case-sensitive-usernames",
        "--dry-run",
        "COGNITO_CLIENT_SECRET",
      ])
        expect(page).toContain(own);
      for (const global of [
        "--output",
        "--query",
        "--profile",
        "--region",
        "--endpoint-url",
        "--debug",
        "--no-cli-pager",
        "--cli-auto-prompt",
      ])
        expect(page).toContain(global);
      expect(page).toMatch(
        /CodeDeliveryDetails -> \(structure\)\n\s+Information about the phone number or email address/,
      );
      for (const code of ["0", "130", "252", "253", "254", "255"])
        expect(page).toMatch(new RegExp(`^       ${code} +\\S`, "m"));
      expect(page.split("\n").filter((line: string) => line.length > 80)).toEqual([]);
    },
  );

  test.concurrent("every example on the page is accepted by the command", () =>
    withEndpoint({}, async (endpoint) => {
      const page = (await runMain(["--help"], { cwd: folder() })).stdout;
      const examples = page
        .slice(page.indexOf("EXAMPLES"), page.indexOf("\nOUTPUT"))
        .replace(/ \\\n\s+/g, " ")
        .split("\n")
        .map((line: string) => line.trim())
        .filter((line: string) => line.startsWith("resend-confirmation-code "));
      expect(examples.length).toBeGreaterThanOrEqual(5);
      const dir = folder();
      writeFileSync(join(dir, "client-secret.txt"), `${CLIENT_SECRET}\n`);
      writeFileSync(join(dir, "users.txt"), "user-1\nuser-2\n");
      for (const example of examples) {
        const words = example.split(" ").slice(1);
        const redirect = words.indexOf(">");
        const args = (redirect === -1 ? words : words.slice(0, redirect)).map((word: string) =>
          word === "38fjsnc484p94kpqsnet7mpld0" ? (example.includes("client-secret") ? CLIENT_WITH_SECRET : C) : word,
        );
        if (args.includes("--resume")) writeFileSync(join(dir, "run1.jsonl"), "");
        const run = await runMain(
          [...args, ...at(endpoint), ...(args.includes("--usernames-file") ? ["--max-rate", "0"] : [])],
          { cwd: dir },
        );
        expect([example, run.exitCode, run.stderr]).toEqual([example, 0, expect.any(String)]);
      }
    }));

  test.each([40, 80, 120])(
    "the SYNOPSIS at width %i has the AWS CLI's shape: the command, then one option a line, every one at one indent",
    (width) => {
      const page = helpPage(width).split("\n");
      const from = page.indexOf("SYNOPSIS") + 1;
      const body = page.slice(from, page.indexOf("", from));
      expect(body[0]).toBe("         resend-confirmation-code");
      for (const line of body.slice(1)) {
        expect(line).toMatch(/^ {7}\S/);
        // One option, or one choice of options, a line: a bracket closes on the line it opens.
        expect(line.trim()).toMatch(/^(--[a-z-]+ <value>|\[[^[\]]+\])$/);
      }
      expect(body.slice(1, 7)).toEqual([
        "       --client-id <value>",
        "       [--secret-hash <value>]",
        "       [--user-context-data <value>]",
        "       --username <value>",
        "       [--analytics-metadata <value>]",
        "       [--client-metadata <value>]",
      ]);
      for (const option of ["[--dry-run]", "[--max-rate <n>]", "[--resume <path> ...]", "[global options]"])
        expect(body).toContain(`       ${option}`);
    },
  );
});

test.concurrent("--no-cli-auto-prompt wins over AWS_CLI_AUTO_PROMPT", () =>
  withEndpoint({}, async (endpoint) => {
    const run = await runMain(["--client-id", C, "--username", "jane", "--no-cli-auto-prompt", ...at(endpoint)], {
      cwd: folder(),
      env: { AWS_CLI_AUTO_PROMPT: "on" },
    });
    expect(run.exitCode).toBe(0);
    expect(endpoint.bodies()).toEqual([{ ClientId: C, Username: "jane" }]);
  }));

describe("shell completion", () => {
  /** What completion offers for `line` (the cursor at its end): what the bash script puts in COMPREPLY. */
  async function bashCompletes(dir: string, line: string): Promise<string[]> {
    const run = await runMain(["__complete", "bash", line], { cwd: dir });
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    return run.stdout.split("\n").filter((l) => l !== "");
  }

  test.concurrent("option names, then the choices of --output and --generate-cli-skeleton", async () => {
    const dir = folder();
    expect(await bashCompletes(dir, "resend-confirmation-code --user")).toEqual([
      "--user-context-data",
      "--username",
      "--usernames-file",
      "--user-pool-id",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --output ")).toEqual([
      "json",
      "text",
      "table",
      "yaml",
      "yaml-stream",
      "off",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --output y")).toEqual(["yaml", "yaml-stream"]);
    expect((await bashCompletes(dir, "resend-confirmation-code --generate-cli-skeleton ")).sort()).toEqual([
      "input",
      "output",
      "yaml-input",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --client-id x --client-i")).toEqual([]);
  });

  test.concurrent("file paths after file:// and for options that take a path", async () => {
    const dir = folder();
    mkdirSync(join(dir, "inputs"));
    writeFileSync(join(dir, "inputs", "metadata.json"), "{}");
    writeFileSync(join(dir, "users.txt"), "");
    expect(await bashCompletes(dir, "resend-confirmation-code --client-metadata file://in")).toEqual(["//inputs/"]);
    expect(await bashCompletes(dir, "resend-confirmation-code --client-metadata file://inputs/m")).toEqual([
      "//inputs/metadata.json",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --usernames-file u")).toEqual(["users.txt"]);
    expect(await bashCompletes(dir, "resend-confirmation-code --results u")).toEqual(["users.txt"]);
    expect(await bashCompletes(dir, "resend-confirmation-code --resume a.jsonl --resume u")).toEqual(["users.txt"]);
  });

  test.concurrent("the options of a bulk run that keeps its own results", async () => {
    const dir = folder();
    expect(await bashCompletes(dir, "resend-confirmation-code --retry-")).toEqual([
      "--retry-failed",
      "--retry-unknown",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --resu")).toEqual(["--resume", "--results"]);
    expect(await bashCompletes(dir, "resend-confirmation-code --case")).toEqual(["--case-sensitive-usernames"]);
  });

  test.concurrent("zsh and fish scripts are printed; another shell is a usage error", async () => {
    expect((await runMain(["completion", "zsh"], { cwd: folder() })).stdout).toContain(
      "compdef _resend_confirmation_code resend-confirmation-code",
    );
    expect((await runMain(["completion", "fish"], { cwd: folder() })).stdout).toContain(
      "complete -c resend-confirmation-code",
    );
    const other = await runMain(["completion", "tcsh"], { cwd: folder() });
    expect(other.exitCode).toBe(252);
  });
});
