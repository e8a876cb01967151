// Users straight from the pool (--user-pool-id), in process against the
// Cognito stand-in through the real SDK: the signed lookups (ListUsers,
// DescribeUserPool, AdminCreateUser) and what a run does with each user the
// pool names: the unconfirmed sent a code, the rest skipped with the reason,
// emails resolved to usernames, invitations resent on request.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { bulkSettings } from "../src/bulk/settings";
import { parseArgs } from "../src/input/args";
import {
  CLIENT_SECRET,
  CLIENT_WITH_SECRET,
  CLIENT_WITHOUT_SECRET,
  type CognitoService,
  type CognitoServiceOptions,
  startCognitoService,
  TEST_CREDENTIALS,
  users,
} from "./support/cognito-service";
import { at, folder, parse } from "./support/fixtures";
import { runMain } from "./support/io";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-26T12:00:00Z");
const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY);
const KEYS = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
};

/**
 * The command with the pool, against `cognito`: `args` beside the client and
 * the pool, the usernames file holding `lines` when given, the test key pair
 * in the environment unless `env` says otherwise.
 */
async function withPool(
  cognito: CognitoService,
  args: string[],
  options: { lines?: string[]; env?: Record<string, string | undefined> } = {},
) {
  const dir = folder();
  const fileArgs = options.lines === undefined ? [] : ["--usernames-file", "users.txt"];
  if (options.lines !== undefined) writeFileSync(join(dir, "users.txt"), options.lines.map((l) => `${l}\n`).join(""));
  const run = await runMain(
    ["--client-id", CLIENT_WITHOUT_SECRET, "--user-pool-id", cognito.userPoolId, ...fileArgs, ...at(cognito), ...args],
    { cwd: dir, env: options.env ?? KEYS },
  );
  return { exitCode: run.exitCode, lines: parse(run.stdout), stderr: run.stderr };
}

async function service(options: CognitoServiceOptions): Promise<CognitoService> {
  return startCognitoService({ emailSendingAccount: "DEVELOPER", ...options });
}

describe("--all-unconfirmed", () => {
  test("pages through every UNCONFIRMED user, narrowed by both dates, and sends each a code once", async () => {
    const cognito = await service({
      users: [
        ...users(70, { createdAt: daysAgo(10) }),
        ...users(20, { from: 71, createdAt: daysAgo(3) }),
        ...users(40, { from: 91, createdAt: daysAgo(0.5) }),
        ...users(25, { prefix: "done-", status: "CONFIRMED", createdAt: daysAgo(3) }),
      ],
    });
    try {
      const run = await withPool(cognito, [
        "--all-unconfirmed",
        "--created-after",
        "7d",
        "--created-before",
        daysAgo(1).toISOString(),
        "--max-rate",
        "0",
      ]);
      expect(run.exitCode, run.stderr).toBe(0);
      const sent = run.lines.filter((line) => line.Status === "SENT").map((line) => line.Username);
      expect(sent.sort()).toEqual(
        users(20, { from: 71 })
          .map((u) => u.username)
          .sort(),
      );
      expect(
        run.lines.every((line) => line.UserPoolId === cognito.userPoolId && line.ClientId === CLIENT_WITHOUT_SECRET),
      ).toBe(true);
      // 130 unconfirmed users at 60 a page: three pages, each signed.
      expect(cognito.count("ListUsers")).toBe(3);
      expect(
        cognito.requests.filter((r) => r.operation === "ListUsers").every((r) => r.signed && r.status === 200),
      ).toBe(true);
      expect(cognito.count("ResendConfirmationCode")).toBe(20);
      expect(cognito.requests.filter((r) => r.operation === "ResendConfirmationCode").some((r) => r.signed)).toBe(
        false,
      );
    } finally {
      await cognito.close();
    }
  });

  test("disabled users are skipped with the reason", async () => {
    const cognito = await service({ users: [...users(2), ...users(1, { from: 3, enabled: false })] });
    try {
      const run = await withPool(cognito, ["--all-unconfirmed"]);
      const seen = run.lines.map((line) => [line.Username, line.Status, line.Reason ?? null]);
      expect(seen.sort()).toEqual([
        ["user-1", "SENT", null],
        ["user-2", "SENT", null],
        ["user-3", "SKIPPED", "the user is disabled"],
      ]);
    } finally {
      await cognito.close();
    }
  });
});

describe("a usernames file looked up in the pool", () => {
  test("a user the pool does not know is skipped before anything is sent, even where PreventUserExistenceErrors would hide it", async () => {
    const cognito = await service({ users: users(1), preventUserExistenceErrors: true });
    try {
      const run = await withPool(cognito, [], { lines: ["ghost", "user-1"] });
      expect(run.lines.map((line) => [line.Username, line.Status]).sort()).toEqual([
        ["ghost", "SKIPPED"],
        ["user-1", "SENT"],
      ]);
      expect(cognito.requests.filter((r) => r.operation === "ResendConfirmationCode").map((r) => r.username)).toEqual([
        "user-1",
      ]);
    } finally {
      await cognito.close();
    }
  });

  const seeds = [
    ...users(1, { prefix: "jane", email: () => "jane@example.com" }),
    ...users(1, { prefix: "twin-a", email: () => "twins@example.com" }),
    ...users(1, { prefix: "twin-b", email: () => "twins@example.com" }),
    ...users(1, { prefix: "done", status: "CONFIRMED" }),
    ...users(1, { prefix: "reset", status: "RESET_REQUIRED" }),
    ...users(1, { prefix: "google", status: "EXTERNAL_PROVIDER" }),
    ...users(1, { prefix: "invited", status: "FORCE_CHANGE_PASSWORD" }),
  ];
  const lines = [
    "jane@example.com",
    "twins@example.com",
    "nobody@example.com",
    "nobody",
    "done1",
    "reset1",
    "google1",
    "invited1",
  ];

  test("an email of one user is resolved to the username; none or several, and every status but UNCONFIRMED, are skipped with the reason", async () => {
    const cognito = await service({ users: seeds });
    try {
      const run = await withPool(cognito, [], { lines });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.lines.map((line) => [line.Username, line.Status, line.Reason ?? line.ResolvedFrom ?? null])).toEqual([
        ["jane1", "SENT", "email"],
        ["twins@example.com", "SKIPPED", "line 2: the email of more than one user: give the username"],
        [
          "nobody@example.com",
          "SKIPPED",
          "line 3: no such user in the pool: neither a username nor the email of a user",
        ],
        ["nobody", "SKIPPED", "line 4: no such user in the pool"],
        ["done1", "SKIPPED", "already confirmed"],
        ["reset1", "SKIPPED", "already confirmed; its password must be reset (RESET_REQUIRED)"],
        [
          "google1",
          "SKIPPED",
          "signs in through an external identity provider (EXTERNAL_PROVIDER): nothing to confirm",
        ],
        [
          "invited1",
          "SKIPPED",
          "created by an administrator (FORCE_CHANGE_PASSWORD): it needs its invitation, not a confirmation code; --resend-invitations sends it",
        ],
      ]);
      // Only the resolved user was sent a code, under its username.
      expect(cognito.requests.filter((r) => r.operation === "ResendConfirmationCode").map((r) => r.username)).toEqual([
        "jane1",
      ]);
    } finally {
      await cognito.close();
    }
  });

  test("--resend-invitations: a FORCE_CHANGE_PASSWORD user gets AdminCreateUser with MessageAction RESEND", async () => {
    const cognito = await service({ users: seeds });
    try {
      const run = await withPool(cognito, ["--resend-invitations"], { lines: ["invited1"] });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.lines).toEqual([
        {
          Username: "invited1",
          ClientId: CLIENT_WITHOUT_SECRET,
          UserPoolId: cognito.userPoolId,
          Status: "SENT",
          Action: "AdminCreateUser",
        },
      ]);
      const invitation = cognito.requests.find((r) => r.operation === "AdminCreateUser");
      expect(invitation?.body).toMatchObject({
        Username: "invited1",
        MessageAction: "RESEND",
        UserPoolId: cognito.userPoolId,
      });
      expect(invitation?.signed).toBe(true);
      expect(cognito.count("ResendConfirmationCode")).toBe(0);
    } finally {
      await cognito.close();
    }
  });
});

describe("the daily email limit of Cognito's own sender", () => {
  test("a run that would email more users than the pool's daily allowance is warned before anything is sent; --dry-run too", async () => {
    const cognito = await startCognitoService({ users: users(60), emailSendingAccount: "COGNITO_DEFAULT" });
    try {
      const dry = await withPool(cognito, ["--all-unconfirmed", "--dry-run"]);
      expect(dry.stderr).toContain(
        `warning: user pool ${cognito.userPoolId} sends email through Cognito's own sender, which allows 50 emails a day for the whole account, and this run would email 60 users.`,
      );
      expect(dry.lines.map((line) => line.Status)).toEqual(Array(60).fill("WOULD_SEND"));
      expect(cognito.count("ResendConfirmationCode")).toBe(0);
    } finally {
      await cognito.close();
    }
  });

  test("a pool that sends through its own SES gets no warning", async () => {
    const cognito = await service({ users: users(60) });
    try {
      const dry = await withPool(cognito, ["--all-unconfirmed", "--dry-run"]);
      expect(dry.stderr).not.toContain("warning");
    } finally {
      await cognito.close();
    }
  });
});

describe("signatures", () => {
  test("a wrong secret key is refused with the service's message, exit 254 from the run's caller", async () => {
    const cognito = await service({ users: users(1) });
    try {
      const run = await withPool(cognito, ["--all-unconfirmed"], {
        env: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: "not-the-secret" },
      });
      expect([run.exitCode, run.stderr]).toEqual([
        254,
        "\nresend-confirmation-code: [ERROR]: An error occurred (InvalidSignatureException) when calling the DescribeUserPool operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n",
      ]);
      expect(cognito.count("ResendConfirmationCode")).toBe(0);
    } finally {
      await cognito.close();
    }
  });
});

describe("a resume with the pool", () => {
  test("results from a run with another pool are refused before anything is sent", async () => {
    const cognito = await service({ users: users(2) });
    try {
      const dir = folder({
        "users.txt": "user-1\nuser-2\n",
        "before.jsonl": `{"Username":"user-1","ClientId":"${CLIENT_WITHOUT_SECRET}","UserPoolId":"us-east-1_Other9","Status":"SENT"}\n`,
      });
      const run = await runMain(
        [
          "--client-id",
          CLIENT_WITHOUT_SECRET,
          "--user-pool-id",
          cognito.userPoolId,
          "--usernames-file",
          "users.txt",
          "--resume",
          "before.jsonl",
          ...at(cognito),
        ],
        { cwd: dir, env: KEYS },
      );
      expect([run.exitCode, run.stderr]).toEqual([
        252,
        `\nresend-confirmation-code: [ERROR]: An error occurred (ParamValidation): Bad value for --resume "before.jsonl": it holds the results of a run with --user-pool-id us-east-1_Other9, and this run's is ${cognito.userPoolId}. Resume with the results of a run with the same user pool.\n`,
      ]);
      // The pool is asked first whether its usernames are case-sensitive (how results match users); nothing is sent.
      expect(cognito.requests.map((r) => r.operation)).toEqual(["DescribeUserPool"]);
    } finally {
      await cognito.close();
    }
  });
});

describe("an app client with a secret", () => {
  test("SECRET_HASH is computed for the username an email resolved to", async () => {
    const cognito = await service({ users: users(1, { prefix: "jane", email: () => "jane@example.com" }) });
    try {
      const run = await withPool(cognito, ["--client-id", CLIENT_WITH_SECRET, "--client-secret", CLIENT_SECRET], {
        lines: ["jane@example.com"],
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.lines.map((line) => [line.Username, line.Status, line.ResolvedFrom])).toEqual([
        ["jane1", "SENT", "email"],
      ]);
      // The stand-in checks the hash: the service would refuse one made for the email.
      expect(cognito.succeeded("ResendConfirmationCode")).toBe(1);
      expect(run.stderr).not.toContain(CLIENT_SECRET);
    } finally {
      await cognito.close();
    }
  });
});

describe("no credentials", () => {
  test("anywhere the AWS CLI would look: a clear 253 before anything is sent", async () => {
    const cognito = await service({ users: users(1) });
    try {
      // cleanEnv's folder holds no config or credentials file, and instance metadata is off.
      const run = await withPool(cognito, ["--all-unconfirmed"], { env: {} });
      expect([run.exitCode, run.stderr]).toEqual([
        253,
        '\nresend-confirmation-code: [ERROR]: Unable to locate credentials. You can configure credentials by running "aws configure".\n',
      ]);
      expect(cognito.count()).toBe(0);
    } finally {
      await cognito.close();
    }
  });
});

describe("the pool's options", () => {
  test.each([
    [["--all-unconfirmed"], "--all-unconfirmed needs --user-pool-id"],
    [["--usernames-file", "u.txt", "--resend-invitations"], "--resend-invitations needs --user-pool-id"],
    [
      ["--usernames-file", "u.txt", "--user-pool-id", "us-east-1_X1", "--created-after", "7d"],
      "--created-after needs --all-unconfirmed",
    ],
    [
      ["--user-pool-id", "not a pool", "--all-unconfirmed"],
      "argument --user-pool-id: expected a user pool ID such as us-east-1_Example1, got 'not a pool'",
    ],
    [
      ["--user-pool-id", "us-east-1_X1", "--all-unconfirmed", "--created-before", "yesterday"],
      "argument --created-before: expected an ISO 8601 time (2026-11-20T08:00:00Z) or a span back from now (90m, 36h, 7d), got 'yesterday'",
    ],
  ])("%j: %s", (args, message) => {
    expect(() => bulkSettings(parseArgs(["--client-id", "c", ...args]), 3, NOW)).toThrow(message);
  });

  test("--all-unconfirmed goes with neither --username nor --usernames-file", () => {
    expect(() => parseArgs(["--client-id", "c", "--username", "u", "--all-unconfirmed"])).toThrow(
      "--all-unconfirmed takes the users from the pool: not with --username or --usernames-file",
    );
  });

  test("spans back from now and ISO 8601 times", () => {
    const settings = bulkSettings(
      parseArgs([
        "--client-id",
        "c",
        "--user-pool-id",
        "us-east-1_X1",
        "--all-unconfirmed",
        "--created-after",
        "36h",
        "--created-before",
        "2026-11-26T08:00Z",
      ]),
      3,
      NOW,
    );
    expect(settings.pool?.createdAfter?.toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(settings.pool?.createdBefore?.toISOString()).toBe("2026-11-26T08:00:00.000Z");
  });
});

describe("--debug with the pool", () => {
  test("the signed lookups are logged without the access key ID, the signature or the session token", async () => {
    const cognito = await service({ users: users(2) });
    try {
      const token = "session-token-of-the-test-0123456789";
      const run = await withPool(cognito, ["--all-unconfirmed", "--debug"], {
        env: { ...KEYS, AWS_SESSION_TOKEN: token },
      });
      expect(run.exitCode, run.stderr).toBe(0);
      const sent = run.stderr.split("\n").filter((line) => line.includes("DEBUG - Sending POST"));
      const signed = sent.filter((line) => /"authorization":/i.test(line));
      expect(signed.length).toBeGreaterThan(0);
      for (const line of signed) {
        expect(line).toMatch(
          /Credential=\*\*\*\*\/\d{8}\/[\w-]+\/cognito-idp\/aws4_request, SignedHeaders=[\w;-]+, Signature=\*\*\*\*"/,
        );
        expect(line).toMatch(/"x-amz-security-token":"\*\*\*\*"/);
      }
      expect(run.stderr).not.toContain(TEST_CREDENTIALS.accessKeyId);
      expect(run.stderr).not.toContain(TEST_CREDENTIALS.secretAccessKey);
      expect(run.stderr).not.toContain(token);
      expect(run.stderr).not.toMatch(/Signature=[0-9a-f]{64}/);
    } finally {
      await cognito.close();
    }
  });
});
