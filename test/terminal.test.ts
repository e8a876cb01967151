// A person at a terminal: the help page, --cli-auto-prompt typed into in a
// pseudo-terminal, shell completion in bash, and the packed package installed
// and run as a user gets it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
// @ts-expect-error plain JavaScript shared with the recorder
import { CLIENT_SECRET, CLIENT_WITH_SECRET, startLocalCognito } from "./support/local-cognito.mjs";
// @ts-expect-error plain JavaScript shared with the recorder
import { OUR_BIN, ROOT, cleanEnv, spawnCollect } from "./support/run-case.mjs";
// @ts-expect-error plain JavaScript test helper
import { onTerminal } from "./support/terminal.mjs";

interface Endpoint {
  url: string;
  requests: unknown[];
  bodies(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}
const C = "1example23456789";
const folder = (): string => mkdtempSync(join(tmpdir(), "rcc-term-"));

async function withEndpoint<T>(body: (endpoint: Endpoint) => Promise<T>): Promise<T> {
  const endpoint = (await startLocalCognito()) as Endpoint;
  try {
    return await body(endpoint);
  } finally {
    await endpoint.close();
  }
}

describe("the help page", () => {
  test.concurrent.each([["--help"], ["-h"], ["help"]])(
    "%s prints the whole page, each section drawn from the model",
    async (flag) => {
      const run = await spawnCollect(process.execPath, [OUR_BIN, flag]);
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
      expect(page).toMatch(/CodeDeliveryDetails -> \(structure\)\n\s+The code delivery details/);
      for (const code of ["0", "130", "252", "253", "254", "255"])
        expect(page).toMatch(new RegExp(`^       ${code} +\\S`, "m"));
      expect(page.split("\n").filter((line: string) => line.length > 80)).toEqual([]);
    },
  );

  test.concurrent("every example on the page is accepted by the command", () =>
    withEndpoint(async (endpoint) => {
      const page = (await spawnCollect(process.execPath, [OUR_BIN, "--help"])).stdout;
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
        const run = await spawnCollect(
          process.execPath,
          [
            OUR_BIN,
            ...args,
            "--endpoint-url",
            endpoint.url,
            "--region",
            "us-east-1",
            "--max-rate",
            ...(args.includes("--usernames-file") ? ["0"] : []),
          ].filter((w, i, all) => !(w === "--max-rate" && !all.includes("--usernames-file") && i === all.length - 1)),
          { cwd: dir, env: cleanEnv(dir) },
        );
        expect([example, run.exitCode, run.stderr]).toEqual([example, 0, expect.any(String)]);
      }
    }));

  test.concurrent("on a terminal it goes through the pager", async () => {
    const run = await onTerminal([process.execPath, OUR_BIN, "--help"], [], {
      env: { ...cleanEnv(folder()), AWS_PAGER: "sed -n 1,3p | sed 's/^/paged: /'", TERM: "dumb" },
    });
    expect(run.exitCode).toBe(0);
    expect(run.screen).toBe(
      "paged: NAME\npaged:        resend-confirmation-code - Resends the confirmation (for confirmation of\npaged:        registration) to a specific user in the user pool.\n",
    );
  });
});

describe("--cli-auto-prompt in a terminal", () => {
  const command = (endpoint: Endpoint, ...args: string[]): string[] => [
    process.execPath,
    OUR_BIN,
    ...args,
    "--endpoint-url",
    endpoint.url,
    "--region",
    "us-east-1",
  ];
  const env = () => ({ ...cleanEnv(folder()), TERM: "dumb" });

  test.concurrent("asks for each parameter, required first, then runs and shows the command line", () =>
    withEndpoint(async (endpoint) => {
      const keys: Array<[number, string]> = [
        [600, `${CLIENT_WITH_SECRET}\r`],
        [250, "jane\r"],
        [250, `${CLIENT_SECRET}\r`],
        [250, "\r"],
        [250, "\r"],
        [250, "source=prompt\r"],
      ];
      const run = await onTerminal(command(endpoint, "--cli-auto-prompt"), keys, { env: env() });
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
      expect(run.screen).toContain("  The ID of the client associated with the user pool.");
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

  test.concurrent("the command line's values are the defaults: Enter keeps them", () =>
    withEndpoint(async (endpoint) => {
      const run = await onTerminal(
        command(endpoint, "--cli-auto-prompt", "--client-id", C, "--username", "sms-user"),
        [
          [600, "\r"],
          [200, "\r"],
          [200, "\r"],
          [200, "\r"],
          [200, "\r"],
          [200, "\r"],
          [200, "\r"],
        ],
        { env: env() },
      );
      expect(run.exitCode, run.screen).toBe(0);
      expect(run.screen).toContain(`--client-id [${C}]: `);
      expect(endpoint.bodies()).toEqual([{ ClientId: C, Username: "sms-user" }]);
    }));

  test.concurrent("AWS_CLI_AUTO_PROMPT=on-partial asks only for the missing required parameters", () =>
    withEndpoint(async (endpoint) => {
      const run = await onTerminal(command(endpoint, "--client-id", C), [[600, "jane\r"]], {
        env: { ...env(), AWS_CLI_AUTO_PROMPT: "on-partial" },
      });
      expect(run.exitCode, run.screen).toBe(0);
      expect(run.screen).toContain("--username (string, required)");
      expect(run.screen).not.toContain("--client-id (string");
      expect(run.screen).not.toContain("--client-metadata (map)");
      expect(endpoint.bodies()).toEqual([{ ClientId: C, Username: "jane" }]);
    }));

  test.concurrent("secrets given on the command line, abbreviated or as a default, never reach the screen", () =>
    withEndpoint(async (endpoint) => {
      const partial = await onTerminal(
        command(endpoint, "--client-id", CLIENT_WITH_SECRET, "--username", "jane", "--client-s", CLIENT_SECRET),
        [],
        { env: { ...env(), AWS_CLI_AUTO_PROMPT: "on-partial" } },
      );
      expect(partial.exitCode, partial.screen).toBe(0);
      expect(partial.screen).not.toContain(CLIENT_SECRET);
      const full = await onTerminal(
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
        Array.from({ length: 7 }, () => [250, "\r"] as [number, string]),
        { env: env() },
      );
      expect(full.screen).toContain("--secret-hash [(given)]: ");
      expect(full.screen).not.toContain("aGFzaGhhc2hoYXNo");
    }));

  test.concurrent("a required parameter left empty is asked again", () =>
    withEndpoint(async (endpoint) => {
      const run = await onTerminal(
        command(endpoint, "--client-id", C),
        [
          [600, "\r"],
          [250, "jane\r"],
        ],
        { env: { ...env(), AWS_CLI_AUTO_PROMPT: "on-partial" } },
      );
      expect(run.exitCode).toBe(0);
      expect(run.screen).toContain("--username: \n  (required)\n--username: jane");
    }));

  test.concurrent("Ctrl-C at a prompt exits 130 and sends nothing", () =>
    withEndpoint(async (endpoint) => {
      const run = await onTerminal(
        command(endpoint, "--cli-auto-prompt"),
        [
          [600, "1exam"],
          [200, "\x03"],
        ],
        { env: env() },
      );
      expect(run.exitCode).toBe(130);
      expect(endpoint.requests).toHaveLength(0);
    }));

  test.concurrent("--no-cli-auto-prompt wins over AWS_CLI_AUTO_PROMPT", () =>
    withEndpoint(async (endpoint) => {
      const run = await spawnCollect(
        process.execPath,
        command(endpoint, "--client-id", C, "--username", "jane", "--no-cli-auto-prompt").slice(1),
        { env: { ...cleanEnv(folder()), AWS_CLI_AUTO_PROMPT: "on" } },
      );
      expect(run.exitCode).toBe(0);
    }));
});

describe("shell completion", () => {
  /** A folder on PATH where the command is installed under its own name. */
  function installed(): string {
    const dir = folder();
    mkdirSync(join(dir, "bin"));
    symlinkSync(OUR_BIN, join(dir, "bin", "resend-confirmation-code"));
    return dir;
  }

  /** What bash offers for `line` (the cursor at its end) with the completion script loaded. */
  async function bashCompletes(dir: string, line: string, extraEnv: Record<string, string> = {}): Promise<string[]> {
    const script = `eval "$(resend-confirmation-code completion bash)"
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=\${#COMP_WORDS[@]}
_resend_confirmation_code
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const run = await spawnCollect("bash", ["--norc", "--noprofile", "-c", script], {
      cwd: dir,
      env: { ...cleanEnv(dir), PATH: `${join(dir, "bin")}:${process.env.PATH}`, ...extraEnv },
    });
    expect(run.stderr).toBe("");
    return run.stdout.split("\n").filter((l: string) => l !== "");
  }

  test.concurrent("option names, then the choices of --output and --generate-cli-skeleton", async () => {
    const dir = installed();
    expect(await bashCompletes(dir, "resend-confirmation-code --user")).toEqual([
      "--user-context-data",
      "--username",
      "--usernames-file",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --output ")).toEqual([
      "json",
      "text",
      "table",
      "yaml",
      "yaml-stream",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --output y")).toEqual(["yaml", "yaml-stream"]);
    expect((await bashCompletes(dir, "resend-confirmation-code --generate-cli-skeleton ")).sort()).toEqual([
      "input",
      "output",
      "yaml-input",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --client-id x --client-i")).toEqual([]);
  });

  test.concurrent("profile names from the shared config and credentials files", async () => {
    const dir = installed();
    writeFileSync(join(dir, "config"), "[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-1\n");
    writeFileSync(join(dir, "credentials"), "[ci]\naws_access_key_id = x\n");
    expect(await bashCompletes(dir, "resend-confirmation-code --profile ")).toEqual(["ci", "default", "work"]);
    expect(await bashCompletes(dir, "resend-confirmation-code --profile w")).toEqual(["work"]);
  });

  test.concurrent("file paths after file:// and for options that take a path", async () => {
    const dir = installed();
    mkdirSync(join(dir, "inputs"));
    writeFileSync(join(dir, "inputs", "metadata.json"), "{}");
    writeFileSync(join(dir, "users.txt"), "");
    expect(await bashCompletes(dir, "resend-confirmation-code --client-metadata file://in")).toEqual(["//inputs/"]);
    expect(await bashCompletes(dir, "resend-confirmation-code --client-metadata file://inputs/m")).toEqual([
      "//inputs/metadata.json",
    ]);
    expect(await bashCompletes(dir, "resend-confirmation-code --usernames-file u")).toEqual(["users.txt"]);
  });

  test.concurrent("zsh and fish scripts are printed; another shell is a usage error", async () => {
    expect((await spawnCollect(process.execPath, [OUR_BIN, "completion", "zsh"])).stdout).toContain(
      "compdef _resend_confirmation_code resend-confirmation-code",
    );
    expect((await spawnCollect(process.execPath, [OUR_BIN, "completion", "fish"])).stdout).toContain(
      "complete -c resend-confirmation-code",
    );
    const other = await spawnCollect(process.execPath, [OUR_BIN, "completion", "tcsh"]);
    expect(other.exitCode).toBe(252);
  });
});

describe("the package", () => {
  test("npm pack holds only what a user needs; installed from the tarball, npx runs it", async () => {
    const dir = folder();
    const pack = await spawnCollect("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      env: { ...process.env },
    });
    expect(pack.exitCode, pack.stderr).toBe(0);
    const [{ files, filename }] = JSON.parse(pack.stdout) as Array<{
      files: Array<{ path: string }>;
      filename: string;
    }>;
    const tops = [...new Set(files.map((f) => f.path.split("/")[0]))].sort();
    expect(tops).toEqual(["LICENSE", "README.md", "bin", "dist", "package.json", "schemas"]);
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), '{"name": "app", "private": true}\n');
    const install = await spawnCollect(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", join(dir, filename)],
      { cwd: app, env: { ...process.env } },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    // Nothing but the command itself: its libraries are in its bundles.
    expect(readdirSync(join(app, "node_modules")).filter((name) => !name.startsWith("."))).toEqual([
      "resend-confirmation-code",
    ]);
    const version = JSON.parse(
      (await spawnCollect("node", ["-p", "JSON.stringify(require('./package.json'))"], { cwd: ROOT })).stdout,
    ).version;
    const run = await spawnCollect("npx", ["--no-install", "resend-confirmation-code", "--version"], {
      cwd: app,
      env: { ...process.env },
    });
    expect(run.stdout).toBe(
      `resend-confirmation-code/${version} Node.js/${process.version} ${process.platform}/${process.arch}\n`,
    );
    const skeleton = await spawnCollect(
      "npx",
      ["--no-install", "resend-confirmation-code", "--generate-cli-skeleton"],
      { cwd: app, env: { ...process.env } },
    );
    expect(JSON.parse(skeleton.stdout)).toHaveProperty("ClientId", "");
    expect(existsSync(join(app, "node_modules", "resend-confirmation-code", "src"))).toBe(false);
  }, 120_000);
});
