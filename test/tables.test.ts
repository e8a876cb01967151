// The one-place tables: each option once in the option table, and everything
// that reads it (the parser, the help, completion, masking, the bulk-only
// check) agreeing with it; each setting's chain; each kind of error's exit code.
import { describe, expect, test } from "vitest";
import {
  ConfigurationError,
  EXIT,
  GeneralError,
  ParamValidationError,
  ProfileNotFound,
  ServiceError,
  UsageError,
  exitCode,
} from "../src/common";
import { join } from "node:path";
import {
  CHAINS,
  type Profile,
  allOptions,
  optionsIn,
  parseArgs,
  profileIn,
  readConfig,
  secretsIn,
  settle,
  settleFrom,
} from "../src/input";
import { refuseStrayBulkOptions } from "../src/input/args";
import { PHASES } from "../src/phases";
import { candidates } from "../src/terminal/completion";
import { helpPage } from "../src/terminal/help";
import { folder } from "./support/fixtures";

const place = { env: {}, cwd: process.cwd() };
const REQUIRED = ["--client-id", "c", "--username", "u"];

describe("the option table", () => {
  test("each option once, with a group and help", () => {
    const names = allOptions().map((option) => option.name);
    expect(new Set(names).size).toBe(names.length);
    for (const option of allOptions()) {
      expect(option.name).toMatch(/^--[a-z][a-z0-9-]*$/);
      expect(option.help.length).toBeGreaterThan(0);
    }
  });

  test("the help page lists every option", () => {
    const page = helpPage(200);
    for (const option of allOptions()) expect(page).toContain(option.name);
  });

  test("completion offers every option, and each option's choices", () => {
    expect(candidates(["--"], place)).toEqual(allOptions().map((option) => option.name));
    for (const option of allOptions().filter((o) => o.choices)) {
      expect(candidates([option.name, ""], place)).toEqual([...(option.choices ?? [])]);
    }
  });

  test.each(allOptions().filter((option) => option.choices))(
    "$name refuses a value not among its choices",
    (option) => {
      expect(() => parseArgs([...REQUIRED, option.name, "nope"])).toThrow(
        `argument ${option.name}: Found invalid choice 'nope'`,
      );
    },
  );

  test.each(allOptions().filter((option) => option.value === undefined && option.name !== "--help"))(
    "$name is a switch: a value after = is refused",
    (option) => {
      expect(() => parseArgs([...REQUIRED, `${option.name}=x`])).toThrow(
        `argument ${option.name}: ignored explicit argument 'x'`,
      );
    },
  );

  test("the value of every secret option is masked, however the option is written", () => {
    const secret = allOptions().filter((option) => option.secret);
    expect(secret.map((option) => option.name).sort()).toEqual(["--client-secret", "--secret-hash"]);
    for (const option of secret) {
      expect(secretsIn([option.name, "s1", `${option.name}=s2`, `${option.name.slice(0, -1)}`, "s3"])).toEqual([
        "s1",
        "s2",
        "s3",
      ]);
    }
  });

  test.each(optionsIn("bulk"))("$name goes only with a bulk run", (option) => {
    const typed = [...REQUIRED, option.name, ...(option.value ? [option.choices?.[0] ?? "v"] : [])];
    expect(() => refuseStrayBulkOptions(parseArgs(typed))).toThrow(`${option.name} needs --usernames-file`);
  });

  test("a repeatable option keeps each value; any other, the last", () => {
    const options = parseArgs([...REQUIRED, "--resume", "a", "--resume", "b", "--region", "x", "--region", "y"]);
    expect([options.values("--resume"), options.value("--region")]).toEqual([["a", "b"], "y"]);
  });
});

describe("the settings chains", () => {
  const profile = (settings: Record<string, string>): Profile => ({
    name: "p",
    settings: new Map(Object.entries(settings)),
  });

  test("each chain's steps are flags of the table, environment variables, profile keys or a default", () => {
    const flags = new Set(allOptions().map((option) => option.name));
    for (const step of Object.values(CHAINS).flat()) {
      const bare = step.replace(/\?$/, "");
      if (bare.startsWith("--")) expect(flags.has(bare)).toBe(true);
      else expect(bare).toMatch(/^(\$[A-Z_]+|=.*|services [a-z_]+|[a-z_]+)$/);
    }
  });

  test.each([
    ["the flag first", { "--region": "a" }, { AWS_REGION: "b" }, { region: "c" }, ["a", "--region"]],
    ["then AWS_REGION", {}, { AWS_REGION: "b", AWS_DEFAULT_REGION: "d" }, { region: "c" }, ["b", "$AWS_REGION"]],
    ["then AWS_DEFAULT_REGION", {}, { AWS_DEFAULT_REGION: "d" }, { region: "c" }, ["d", "$AWS_DEFAULT_REGION"]],
    ["then the profile", {}, {}, { region: "c" }, ["c", "region"]],
    ["an empty value is a value", {}, { AWS_REGION: "" }, { region: "c" }, ["", "$AWS_REGION"]],
  ])("region: %s", (_name, flags, env, settings, expected) => {
    const flag = (name: string) => (flags as Record<string, string>)[name];
    expect(settleFrom("region", { flag, env, profile: profile(settings) })).toEqual(expected);
  });

  test("a step marked ? passes over an empty value: an empty --profile names none", () => {
    expect(settle("profile", { flag: () => "", env: { AWS_PROFILE: "work" } })).toBe("work");
    expect(settle("clientSecret", { env: { COGNITO_CLIENT_SECRET: "" } })).toBeUndefined();
  });

  test("defaults come last, and env after the profile where the chain says so", () => {
    expect(settle("pager", { env: { PAGER: "most" }, profile: profile({ cli_pager: "cat" }) })).toBe("cat");
    expect(settle("pager", { env: {} })).toBe("less -R");
    expect(settle("caBundle", { env: { REQUESTS_CA_BUNDLE: "r" }, profile: profile({ ca_bundle: "p" }) })).toBe("p");
  });

  test("skip and beforeProfile", () => {
    let checked = 0;
    const found = settle(
      "errorFormat",
      { flag: () => "nope", env: {}, profile: profile({ cli_error_format: "json" }) },
      { skip: (value, step) => step.startsWith("--") && value === "nope", beforeProfile: () => checked++ },
    );
    expect([found, checked]).toEqual(["json", 1]);
  });
});

describe("the shared files, read once", () => {
  test('profile names are read in one place: completion offers [profile "a b"] as a b, as --profile takes it', () => {
    const dir = folder({
      config: '[default]\n[profile "a b"]\nregion = x\n[profile plain]\n[services s]\n',
      credentials: "[ci]\naws_access_key_id = k\n",
    });
    const env = {
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    };
    const config = readConfig({ env, cwd: dir });
    expect([...config.profiles.keys()].sort()).toEqual(["a b", "ci", "default", "plain"]);
    expect(candidates(["--profile", ""], { env, cwd: dir })).toEqual(["a b", "ci", "default", "plain"]);
    expect(profileIn(config, "a b").settings.get("region")).toBe("x");
  });
});

describe("one map from errors to exit codes", () => {
  test.each([
    [new UsageError("x"), EXIT.usage],
    [new ParamValidationError("x"), EXIT.usage],
    [new ConfigurationError("x", { code: "NoRegion" }), EXIT.configuration],
    [new ServiceError("x"), EXIT.service],
    [new GeneralError("x"), EXIT.other],
    [new ProfileNotFound("x"), EXIT.other],
    [new Error("anything else"), EXIT.other],
    ["not even an error", EXIT.other],
  ])("%s: %i", (error, code) => {
    expect(exitCode(error)).toBe(code);
  });

  test("the phases are named once each, in order", () => {
    const names = PHASES.map((phase) => phase.name);
    expect(names).toEqual([
      "config",
      "prefixes",
      "first",
      "parser",
      "globals",
      "operation",
      "unpack",
      "settings",
      "validate",
      "call",
      "output",
    ]);
  });
});
