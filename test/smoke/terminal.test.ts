// What needs a real terminal (a pseudo-terminal from util-linux `script`) or a
// real shell: the pager, colors, --cli-auto-prompt typed into, the progress
// bar of a bulk run, and bash completion with the script loaded.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { C, at, folder, parse, users, withEndpoint } from "../support/fixtures";
import { CLIENT_SECRET, CLIENT_WITH_SECRET, type Endpoint } from "../support/local-cognito";
import { OUR_BIN, cleanEnv, spawnCollect } from "../support/process";
import { type Step, onTerminal } from "../support/terminal";

const base = ["--client-id", C, "--username", "jane"];
const ours = (...args: string[]): string[] => [process.execPath, OUR_BIN, ...args];
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...cleanEnv(folder()),
  TERM: "dumb",
  ...extra,
});
/** A prompt of --cli-auto-prompt: `--username: `, or `--client-id [default]: `. */
const PROMPT = /^--[\w-]+(?: \[[^\]\n]*\])?: /m;
const answers = (...typed: string[]): Step[] => typed.map((text) => [PROMPT, text]);

test.concurrent("on a terminal: help and output go through the pager, --no-cli-pager writes straight, a table is colored", () =>
  withEndpoint({}, async (endpoint) => {
    const pager = { AWS_PAGER: "sed 's/^/paged: /'" };
    const [help, paged, straight, table] = await Promise.all([
      onTerminal(ours("--help"), [], { env: env({ AWS_PAGER: "sed -n 1,3p | sed 's/^/paged: /'" }) }),
      onTerminal(ours(...base, ...at(endpoint), "--output", "text"), [], { env: env(pager) }),
      onTerminal(ours(...base, ...at(endpoint), "--output", "text", "--no-cli-pager"), [], { env: env(pager) }),
      onTerminal(ours(...base, ...at(endpoint), "--output", "table", "--no-cli-pager"), [], { env: env() }),
    ]);
    expect(help.exitCode).toBe(0);
    expect(help.screen).toBe(
      "paged: NAME\npaged:        resend-confirmation-code - Resends the code that confirms a new account\npaged:        for a user who has signed up in your user pool.\n",
    );
    expect(paged.exitCode).toBe(0);
    expect(paged.screen).toContain("paged: CODEDELIVERYDETAILS\temail\tEMAIL\tj***@e***");
    expect(straight.screen).toContain("CODEDELIVERYDETAILS");
    expect(straight.screen).not.toContain("paged:");
    expect(table.screen).toContain("\x1b[1m\x1b[34memail\x1b[0m");
  }));

describe("--cli-auto-prompt in a terminal", () => {
  const command = (endpoint: Endpoint, ...args: string[]): string[] => ours(...args, ...at(endpoint));

  test.concurrent("asks for each parameter, required first, then runs and shows the command line", () =>
    withEndpoint({}, async (endpoint) => {
      const steps = answers(`${CLIENT_WITH_SECRET}\r`, "jane\r", `${CLIENT_SECRET}\r`, "\r", "\r", "source=prompt\r");
      const run = await onTerminal(command(endpoint, "--cli-auto-prompt"), steps, { env: env() });
      expect(run.exitCode, run.screen).toBe(0);
      const order = [
        "--client-id (string, required)",
        "--username (string, required)",
        "--client-secret (",
        "--user-context-data (structure)",
        "--analytics-metadata (structure)",
        "--client-metadata (map)",
      ].map((label) => run.screen.indexOf(label));
      expect(order.every((at, i) => at !== -1 && (i === 0 || at > order[i - 1]))).toBe(true);
      expect(run.screen).toContain("  The ID of the user pool app client where the user signed up.");
      expect(run.screen).not.toContain(CLIENT_SECRET);
      expect(run.screen).toContain(
        `resend-confirmation-code --endpoint-url ${endpoint.url} --region us-east-1 --client-id ${CLIENT_WITH_SECRET} --username jane --client-secret <hidden> --client-metadata source=prompt`,
      );
      expect(run.screen).toContain('"DeliveryMedium": "EMAIL"');
      expect(endpoint.bodies()).toEqual([
        {
          ClientId: CLIENT_WITH_SECRET,
          Username: "jane",
          SecretHash: expect.any(String),
          ClientMetadata: { source: "prompt" },
        },
      ]);
    }));

  test.concurrent("the command line's values are the defaults: Enter keeps them; a secret given is never shown", () =>
    withEndpoint({}, async (endpoint) => {
      const enters = answers(...Array(7).fill("\r"));
      const [run, full] = await Promise.all([
        onTerminal(command(endpoint, "--cli-auto-prompt", "--client-id", C, "--username", "sms-user"), enters, {
          env: env(),
        }),
        onTerminal(
          command(
            endpoint,
            "--cli-auto-prompt",
            "--client-id",
            C,
            "--username",
            "jane",
            "--secret-hash",
            "aGFzaGhhc2hoYXNo",
          ),
          enters,
          { env: env() },
        ),
      ]);
      expect(run.exitCode, run.screen).toBe(0);
      expect(run.screen).toContain(`--client-id [${C}]: `);
      expect(endpoint.bodies()).toContainEqual({ ClientId: C, Username: "sms-user" });
      expect(full.screen).toContain("--secret-hash [(given)]: ");
      expect(full.screen).not.toContain("aGFzaGhhc2hoYXNo");
    }));

  test.concurrent("AWS_CLI_AUTO_PROMPT=on-partial asks only for the missing required parameters, again if left empty; an abbreviated secret is never shown", () =>
    withEndpoint({}, async (endpoint) => {
      const partial = env({ AWS_CLI_AUTO_PROMPT: "on-partial" });
      const [run, again, secret] = await Promise.all([
        onTerminal(command(endpoint, "--client-id", C), answers("jane\r"), { env: partial }),
        onTerminal(command(endpoint, "--client-id", C), answers("\r", "jane\r"), { env: partial }),
        onTerminal(
          command(endpoint, "--client-id", CLIENT_WITH_SECRET, "--username", "jane", "--client-s", CLIENT_SECRET),
          [],
          { env: partial },
        ),
      ]);
      expect(run.exitCode, run.screen).toBe(0);
      expect(run.screen).toContain("--username (string, required)");
      expect(run.screen).not.toContain("--client-id (string");
      expect(run.screen).not.toContain("--client-metadata (map)");
      expect(again.exitCode).toBe(0);
      expect(again.screen).toContain("--username: \n  (required)\n--username: jane");
      expect(secret.exitCode, secret.screen).toBe(0);
      expect(secret.screen).not.toContain(CLIENT_SECRET);
      const bodies = endpoint.bodies();
      expect(bodies.filter((b) => b.ClientId === C)).toEqual([
        { ClientId: C, Username: "jane" },
        { ClientId: C, Username: "jane" },
      ]);
      expect(bodies).toHaveLength(3);
    }));

  test.concurrent("Ctrl-C at a prompt exits 130 and sends nothing", () =>
    withEndpoint({}, async (endpoint) => {
      const run = await onTerminal(
        command(endpoint, "--cli-auto-prompt"),
        [
          [PROMPT, "1exam"],
          ["1exam", "\x03"],
        ],
        { env: env() },
      );
      expect(run.exitCode).toBe(130);
      expect(endpoint.requests).toHaveLength(0);
    }));
});

test.concurrent("a bulk run on a terminal: a progress bar redrawn on stderr, then the summary", () =>
  withEndpoint({}, async (endpoint) => {
    const dir = folder({ "users.txt": users(40) });
    const command = ours("--client-id", C, "--usernames-file", "users.txt", ...at(endpoint), "--max-rate", "40")
      .map((a) => `'${a}'`)
      .join(" ");
    // `script` gives the command a terminal; its results go to a file.
    const run = await spawnCollect("script", ["-qec", `${command} > results.jsonl`, "/dev/null"], {
      cwd: dir,
      env: { ...cleanEnv(dir), TERM: "dumb" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/\r\x1b\[2K\[[#.]{24}\] \d+\/40 lines {2}\d+ sent {2}0 skipped {2}\d+\/s/);
    expect(run.stdout).toMatch(/40 sent, 0 failed, 0 skipped; 40 users in [\d.]+ s/);
    expect(parse(readFileSync(join(dir, "results.jsonl"), "utf8"))).toHaveLength(40);
  }));

test.concurrent("bash completion: option names, choices and profile names, with the script loaded", async () => {
  const dir = folder();
  mkdirSync(join(dir, "bin"));
  symlinkSync(OUR_BIN, join(dir, "bin", "resend-confirmation-code"));
  writeFileSync(join(dir, "config"), "[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-1\n");
  writeFileSync(join(dir, "credentials"), "[ci]\naws_access_key_id = x\n");
  /** What bash offers for `line` (the cursor at its end). */
  const completes = async (line: string): Promise<string[]> => {
    const script = `eval "$(resend-confirmation-code completion bash)"
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=\${#COMP_WORDS[@]}
_resend_confirmation_code
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const run = await spawnCollect("bash", ["--norc", "--noprofile", "-c", script], {
      cwd: dir,
      env: { ...cleanEnv(dir), PATH: `${join(dir, "bin")}:${process.env.PATH}` },
    });
    expect(run.stderr).toBe("");
    return run.stdout.split("\n").filter((l) => l !== "");
  };
  expect(await completes("resend-confirmation-code --user")).toEqual([
    "--user-context-data",
    "--username",
    "--usernames-file",
    "--user-pool-id",
  ]);
  expect(await completes("resend-confirmation-code --output y")).toEqual(["yaml", "yaml-stream"]);
  expect(await completes("resend-confirmation-code --profile ")).toEqual(["ci", "default", "work"]);
  expect(await completes("resend-confirmation-code --profile w")).toEqual(["work"]);
});
