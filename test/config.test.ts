// Profile, region, endpoint and retries as the AWS CLI resolves them, from
// real files in a temporary HOME.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseTimeout } from "../src/input/args";
import { parseIni } from "../src/input/ini";
import * as settings from "../src/call/settings";
import { serviceUrl } from "../src/call/client";
import { exitOf } from "./support/exit-of";
import { type Profile, profileIn, readConfig, settle } from "../src/input";
import { folder } from "./support/fixtures";
import { runMain } from "./support/io";

/** The sources a chain is followed through: one flag's value, the environment, the profile. */
const sources = (flag: string | undefined, env: NodeJS.ProcessEnv, profile?: Profile) => ({
  flag: () => flag,
  env,
  profile,
});

/** The profile in force for these environment variables, run from this folder. */
const profileOf = (flag: string | undefined, env: NodeJS.ProcessEnv) =>
  profileIn(readConfig({ env, cwd: process.cwd() }), settle("profile", sources(flag, env)));

const resolveRegion = (flag: string | undefined, env: NodeJS.ProcessEnv, profile: Profile) =>
  settings.resolveRegion(sources(flag, env, profile), readConfig({ env, cwd: process.cwd() }));
const resolveMaxAttempts = (env: NodeJS.ProcessEnv, profile: Profile) =>
  settings.resolveMaxAttempts(sources(undefined, env, profile));
const resolveRetryMode = (env: NodeJS.ProcessEnv, profile: Profile) =>
  settings.resolveRetryMode(sources(undefined, env, profile));
const resolveEndpointUrl = (flag: string | undefined, env: NodeJS.ProcessEnv, profile: Profile) =>
  settings.resolveEndpointUrl(sources(flag, env, profile));

function home(files: Record<string, string>): NodeJS.ProcessEnv {
  const dir = folder(files);
  return { HOME: dir, AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") };
}

const CONFIG =
  "[default]\nregion = us-west-2\n\n[profile work]\nregion = eu-central-1\nmax_attempts = 5\ns3 =\n  region = ignored\n";

describe("profiles", () => {
  test("the default profile needs no file", () => {
    expect(profileOf(undefined, home({})).name).toBe("default");
  });

  test("--profile, then AWS_PROFILE, then AWS_DEFAULT_PROFILE", () => {
    const env = home({ config: CONFIG });
    expect(profileOf("work", { ...env, AWS_PROFILE: "nope" }).name).toBe("work");
    expect(profileOf(undefined, { ...env, AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "nope" }).name).toBe("work");
    expect(profileOf(undefined, { ...env, AWS_DEFAULT_PROFILE: "work" }).name).toBe("work");
  });

  test("a profile named but found nowhere is an error with exit code 255", () => {
    const find = () => profileOf("nope", home({ config: CONFIG }));
    expect(find).toThrow("The config profile (nope) could not be found");
    expect(exitOf(find)).toBe(255);
  });

  test("a profile in the credentials file alone exists", () => {
    expect(profileOf("ci", home({ credentials: "[ci]\naws_access_key_id = x\n" })).name).toBe("ci");
  });

  test("nested blocks do not override the profile's own keys", () => {
    expect(parseIni(CONFIG)?.get("profile work")?.get("region")).toBe("eu-central-1");
  });
});

describe("region", () => {
  const env = home({ config: CONFIG });
  const work = profileOf("work", env);
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
    const resolve = () => resolveRegion(undefined, bare, profileOf(undefined, bare));
    expect(resolve).toThrow(/^You must specify a region/);
    expect(exitOf(resolve)).toBe(253);
  });

  test("the hint names the config file, or says the config file when AWS_CONFIG_FILE is empty", () => {
    const bare = home({});
    const hint = (env: NodeJS.ProcessEnv): string | undefined => {
      try {
        resolveRegion(undefined, env, profileOf(undefined, bare));
      } catch (error) {
        return (error as { hint?: string }).hint;
      }
    };
    expect(hint(bare)).toMatch(/in the profile's section of \/.*config\.$/);
    expect(hint({ ...bare, AWS_CONFIG_FILE: "" })).toMatch(/in the profile's section of the config file\.$/);
  });
});

describe("the region's format, as AWS CLI 2.36.7 checks it", () => {
  test.each([["us-east-1"], ["a"], ["1a"], ["a1"], ["1-2"], ["0x1"], ["1e5"], ["12a34"], ["a".repeat(63)], [""]])(
    "%j is taken",
    (region) => {
      expect(() => settings.checkRegionFormat(region)).not.toThrow();
    },
  );

  test.each([
    ["0"],
    ["1"],
    ["123"],
    ["00"],
    ["1.5"],
    ["1_"],
    ["a_1"],
    ["-a"],
    ["1-"],
    ["1 "],
    ["é"],
    ["\u0661"],
    ["a".repeat(64)],
  ])("%j is refused (255)", (region) => {
    const check = () => settings.checkRegionFormat(region);
    expect(check).toThrow(`Provided region_name '${region}' doesn't match a supported format.`);
    expect(exitOf(check)).toBe(255);
  });
});

describe("the order of the settings' checks is the AWS CLI's; no service is made", () => {
  const config =
    "[profile svc]\nservices = nope\n[profile noreg]\noutput = json\n[profile one]\nregion = 1\nservices = nope\n";
  const blank = ["--ca-bundle", " "];
  test.each([
    ["a bad region before the services section", ["--profile", "one"], {}, "Provided region_name '1'"],
    ["a region from the environment too", ["--profile", "svc"], { AWS_REGION: "1" }, "Provided region_name '1'"],
    ["the services section before a missing region", ["--profile", "svc"], {}, 'the "nope" services configuration'],
    ["a bad region before a blank CA bundle", [...blank, "--region", "0"], {}, "Provided region_name '0'"],
    ["a missing region before a blank CA bundle", [...blank, "--profile", "noreg"], {}, "(NoRegion)"],
    ["max_attempts before a blank CA bundle", [...blank, "--region", "us-east-1"], { AWS_MAX_ATTEMPTS: "x" }, "int()"],
    [
      "the endpoint before a blank CA bundle",
      [...blank, "--region", "r", "--endpoint-url", "localhost:9"],
      {},
      "Invalid endpoint: localhost:9",
    ],
    [
      "an empty region's endpoint before the CA bundle",
      [...blank, "--region", ""],
      {},
      "Invalid endpoint: https://cognito-idp..amazonaws.com",
    ],
    [
      "the CA bundle before the timeouts",
      [...blank, "--region", "r", "--cli-read-timeout", "-1"],
      {},
      "Invalid CA bundle",
    ],
    [
      "the CA bundle before the parameters' check",
      [...blank, "--region", "r", "--username", ""],
      {},
      "Invalid CA bundle",
    ],
  ])("%s", async (_name, argv, env, message) => {
    const outcome = await runMain(["--client-id", "c", "--username", "u", ...argv], {
      cwd: folder({ config }),
      env,
      service: () => {
        throw new Error("no service may be made");
      },
    });
    expect(outcome.stderr).toContain(message);
    expect(outcome.exitCode).toBe(message === "(NoRegion)" ? 253 : 255);
  });
});

test("attempts: AWS_MAX_ATTEMPTS, then the profile, then 3", () => {
  const env = home({ config: CONFIG });
  expect(resolveMaxAttempts({ ...env, AWS_MAX_ATTEMPTS: "2" }, profileOf("work", env))).toBe(2);
  expect(resolveMaxAttempts(env, profileOf("work", env))).toBe(5);
  expect(resolveMaxAttempts(env, profileOf(undefined, env))).toBe(3);
});

test("attempts are decimal text as Python's int() reads it, at least 1", () => {
  const attempts = (value: string): number =>
    resolveMaxAttempts({ AWS_MAX_ATTEMPTS: value }, { name: "default", settings: new Map() });
  expect([attempts(" 7 "), attempts("1_0"), attempts("+2"), attempts("007")]).toEqual([7, 10, 2, 7]);
  for (const bad of ["1e9", "0x10", "1.0", "1__0", "_1", "Infinity", "5 5"]) {
    expect(() => attempts(bad)).toThrow(`invalid literal for int() with base 10: '${bad}'`);
  }
  expect(() => attempts("0")).toThrow(
    'Value provided to "max_attempts": 0 must be an integer greater than or equal to one.',
  );
  expect(() => attempts("-0")).toThrow('Value provided to "max_attempts": 0 must be');
  expect(() => resolveMaxAttempts({}, { name: "p", settings: new Map([["max_attempts", "-2"]]) })).toThrow(
    'Value provided to "max_attempts": -2 must be',
  );
});

test("timeouts are whole seconds", () => {
  expect(parseTimeout("5")).toBe(5);
  expect(parseTimeout(undefined)).toBeUndefined();
  expect(() => parseTimeout("1.5")).toThrow("invalid literal for int() with base 10: '1.5'");
});

describe("the config file as the AWS CLI parses it", () => {
  test.each([
    ["a key outside any section", "region = us-east-1\n[default]\n"],
    ["an unclosed section header", "[default\nregion = us-east-1\n"],
    ["a line that is neither", "[default]\nregion\n"],
    ["a section given twice", "[default]\nregion = a\n[default]\noutput = text\n"],
    ["a key given twice", "[default]\noutput = text\noutput = yaml\n"],
  ])("%s: unable to parse, exit code 255", (_name, text) => {
    const env = home({ config: text });
    expect(parseIni(text)).toBeUndefined();
    const read = () => profileOf(undefined, env);
    expect(read).toThrow(`Unable to parse config file: ${env.AWS_CONFIG_FILE}`);
    expect(exitOf(read)).toBe(255);
  });

  test("keys in lower case, ':' as well as '=', comments, a nested block, an inline # kept", () => {
    const ini = parseIni(
      "# c\n[default]\n; c\nREGION: eu-west-1\noutput = text # kept\ns3 =\n  max_concurrent_requests = 2\n",
    ) as Map<string, Map<string, string>>;
    expect(Object.fromEntries(ini.get("default") as Map<string, string>)).toEqual({
      region: "eu-west-1",
      output: "text # kept",
      s3: "\nmax_concurrent_requests = 2",
    });
  });

  test("a section name is taken as written", () => {
    expect([...(parseIni("[ default ]\nregion = x\n") as Map<string, unknown>).keys()]).toEqual([" default "]);
  });

  test("a missing config file, or a folder, is empty", () => {
    expect(profileOf(undefined, { ...home({}), AWS_CONFIG_FILE: folder() }).settings.size).toBe(0);
  });
});

describe("endpoint", () => {
  const SERVICES =
    "[profile svc]\nservices = local\nendpoint_url = http://profile.test\n[services local]\ncognito_identity_provider =\n  endpoint_url = http://services.test\n";
  const env = home({ config: SERVICES });
  const svc = profileOf("svc", env);
  test.each([
    [
      "--endpoint-url first",
      "http://flag.test",
      { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://service-env.test", AWS_ENDPOINT_URL: "http://env.test" },
      "http://flag.test",
    ],
    [
      "then AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
      undefined,
      { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://service-env.test", AWS_ENDPOINT_URL: "http://env.test" },
      "http://service-env.test",
    ],
    ["then AWS_ENDPOINT_URL", undefined, { AWS_ENDPOINT_URL: "http://env.test" }, "http://env.test"],
    ["then the profile's services section", undefined, {}, "http://services.test"],
    [
      "none of them when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true",
      undefined,
      { AWS_ENDPOINT_URL: "http://env.test", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
      undefined,
    ],
    ["but never the flag", "http://flag.test", { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, "http://flag.test"],
  ])("%s", (_name, flag, extra, expected) => {
    expect(resolveEndpointUrl(flag, { ...env, ...extra }, svc)).toBe(expected);
  });

  test("then the profile's endpoint_url, else the service's own", () => {
    const plain = home({ config: "[profile p]\nendpoint_url = http://profile.test\n" });
    expect(resolveEndpointUrl(undefined, plain, profileOf("p", plain))).toBe("http://profile.test");
    expect(resolveEndpointUrl(undefined, plain, profileOf(undefined, plain))).toBeUndefined();
  });

  test.each(["localhost:4566", "notaurl", "http://exa mple", "http://-a.example"])(
    "a configured endpoint with no host name (%s) is an invalid endpoint, exit 255, as in the AWS CLI",
    (url) => {
      const resolve = () => resolveEndpointUrl(undefined, { AWS_ENDPOINT_URL: url }, profileOf(undefined, home({})));
      expect(resolve).toThrow(`Invalid endpoint: ${url}`);
      expect(exitOf(resolve)).toBe(255);
    },
  );

  test.each([
    ["http://127.0.0.1:4566", "http://127.0.0.1:4566"],
    ["  https://cognito.example/", "https://cognito.example/"],
    ["http://[::1]:4566", "http://[::1]:4566"],
    ["ftp://files.example", "ftp://files.example"],
  ])("a configured endpoint with a host name (%s) is taken", (url, taken) => {
    expect(resolveEndpointUrl(undefined, { AWS_ENDPOINT_URL: url }, profileOf(undefined, home({})))).toBe(taken);
  });
});

test("retry mode: AWS_RETRY_MODE, then the profile, then standard; anything else is refused, legacy too", () => {
  const env = home({ config: "[default]\nretry_mode = adaptive\n" });
  const profile = profileOf(undefined, env);
  expect(resolveRetryMode({ AWS_RETRY_MODE: "standard" }, profile)).toBe("standard");
  expect(resolveRetryMode({}, profile)).toBe("adaptive");
  expect(resolveRetryMode({}, profileOf(undefined, home({})))).toBe("standard");
  for (const mode of ["fast", "legacy", "", "Standard"]) {
    expect(() => resolveRetryMode({ AWS_RETRY_MODE: mode }, profile)).toThrow(
      `Invalid value provided to "mode": "${mode}" must be one of: "standard" or "adaptive"`,
    );
  }
});

describe("the service's endpoint by region, FIPS and dual-stack, as AWS CLI 2.36.7 names it", () => {
  const settings = (region: string, fips: boolean, dualstack: boolean, endpointUrl?: string) => ({
    region,
    useFipsEndpoint: fips,
    useDualstackEndpoint: dualstack,
    endpointUrl,
    maxAttempts: 3,
    retryMode: "standard" as const,
    connectTimeoutMs: 60_000,
    readTimeoutMs: 60_000,
    verifySsl: true,
  });
  // Each URL is the one 2.36.7 reports when it cannot connect.
  test.each([
    ["eu-west-1", false, false, "https://cognito-idp.eu-west-1.amazonaws.com/"],
    ["us-east-1", true, false, "https://cognito-idp-fips.us-east-1.amazonaws.com/"],
    ["us-east-1", false, true, "https://cognito-idp.us-east-1.amazonaws.com/"],
    ["us-east-1", true, true, "https://cognito-idp-fips.us-east-1.amazonaws.com/"],
    ["eu-west-1", true, true, "https://cognito-idp-fips.eu-west-1.api.aws/"],
    ["cn-north-1", false, false, "https://cognito-idp.cn-north-1.amazonaws.com.cn/"],
    ["cn-north-1", true, false, "https://cognito-idp-fips.cn-north-1.amazonaws.com.cn/"],
    ["cn-north-1", false, true, "https://cognito-idp.cn-north-1.api.amazonwebservices.com.cn/"],
    ["cn-north-1", true, true, "https://cognito-idp-fips.cn-north-1.api.amazonwebservices.com.cn/"],
    ["us-gov-west-1", true, false, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com/"],
    ["us-gov-west-1", false, true, "https://cognito-idp.us-gov-west-1.api.aws/"],
    ["us-gov-west-1", true, true, "https://cognito-idp-fips.us-gov-west-1.api.aws/"],
    ["us-iso-east-1", true, false, "https://cognito-idp-fips.us-iso-east-1.c2s.ic.gov/"],
    ["us-iso-east-1", false, true, "https://cognito-idp.us-iso-east-1.api.aws.ic.gov/"],
    ["us-isob-east-1", true, false, "https://cognito-idp-fips.us-isob-east-1.sc2s.sgov.gov/"],
    ["eusc-de-east-1", true, false, "https://cognito-idp-fips.eusc-de-east-1.amazonaws.eu/"],
  ])("%s, FIPS %s, dual-stack %s: %s", (region, fips, dualstack, url) => {
    expect(serviceUrl(settings(region, fips, dualstack))).toBe(url);
  });

  test("a configured endpoint is used as it is, FIPS and dual-stack or not", () => {
    expect(serviceUrl(settings("us-east-1", true, true, "http://127.0.0.1:4566"))).toBe("http://127.0.0.1:4566/");
  });
});
