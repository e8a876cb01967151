// Profile and region as the AWS CLI resolves them, from real files in a temporary HOME.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseIni, parseTimeout, resolveMaxAttempts, resolveProfile, resolveRegion } from "../src/config";

function home(files: Record<string, string>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "rcc-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { HOME: dir, AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") };
}

const CONFIG = "[default]\nregion = us-west-2\n\n[profile work]\nregion = eu-central-1\nmax_attempts = 5\ns3 =\n  region = ignored\n";

describe("profiles", () => {
  test("the default profile needs no file", () => {
    expect(resolveProfile(undefined, home({})).name).toBe("default");
  });

  test("--profile, then AWS_PROFILE, then AWS_DEFAULT_PROFILE", () => {
    const env = home({ config: CONFIG });
    expect(resolveProfile("work", { ...env, AWS_PROFILE: "nope" }).name).toBe("work");
    expect(resolveProfile(undefined, { ...env, AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "nope" }).name).toBe("work");
    expect(resolveProfile(undefined, { ...env, AWS_DEFAULT_PROFILE: "work" }).name).toBe("work");
  });

  test("a profile named but found nowhere is an error with exit code 255", () => {
    expect(() => resolveProfile("nope", home({ config: CONFIG }))).toThrow("The config profile (nope) could not be found");
  });

  test("a profile in the credentials file alone exists", () => {
    expect(resolveProfile("ci", home({ credentials: "[ci]\naws_access_key_id = x\n" })).name).toBe("ci");
  });

  test("nested blocks do not override the profile's own keys", () => {
    expect(parseIni(CONFIG).get("profile work")?.get("region")).toBe("eu-central-1");
  });
});

describe("region", () => {
  const env = home({ config: CONFIG });
  const work = resolveProfile("work", env);
  test.each([
    ["the flag first", "ap-south-1", { AWS_REGION: "x", AWS_DEFAULT_REGION: "y" }, "ap-south-1"],
    ["then AWS_REGION", undefined, { AWS_REGION: "x", AWS_DEFAULT_REGION: "y" }, "x"],
    ["then AWS_DEFAULT_REGION", undefined, { AWS_DEFAULT_REGION: "y" }, "y"],
    ["then the profile", undefined, {}, "eu-central-1"],
  ])("%s", (_name, flag, vars, expected) => {
    expect(resolveRegion(flag, { ...env, ...vars }, work)).toBe(expected);
  });

  test("none at all is a configuration error, exit code 253", () => {
    const bare = home({});
    expect(() => resolveRegion(undefined, bare, resolveProfile(undefined, bare))).toThrow(/^You must specify a region/);
  });
});

test("attempts: AWS_MAX_ATTEMPTS, then the profile, then 3", () => {
  const env = home({ config: CONFIG });
  expect(resolveMaxAttempts({ ...env, AWS_MAX_ATTEMPTS: "2" }, resolveProfile("work", env))).toBe(2);
  expect(resolveMaxAttempts(env, resolveProfile("work", env))).toBe(5);
  expect(resolveMaxAttempts(env, resolveProfile(undefined, env))).toBe(3);
});

test("timeouts are whole seconds", () => {
  expect(parseTimeout("5")).toBe(5);
  expect(parseTimeout(undefined)).toBeUndefined();
  expect(() => parseTimeout("1.5")).toThrow("invalid literal for int() with base 10: '1.5'");
});
