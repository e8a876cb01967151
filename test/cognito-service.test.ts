// The stand-in for Cognito (test/support/cognito-service.ts), pinned through the
// real SDK over real HTTP: each switch, with a fake clock where time matters.
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetProvisionedLimitCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { connect } from "node:net";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, describe, expect, test } from "vitest";
import { turns } from "./support/clock";
import {
  CLIENT_SECRET,
  CLIENT_WITH_SECRET,
  CLIENT_WITHOUT_SECRET,
  type CognitoService,
  type CognitoServiceOptions,
  MESSAGES,
  secretHash,
  startCognitoService,
  TEST_CREDENTIALS,
  type UserSeed,
  users,
} from "./support/cognito-service";

/** A clock the test moves by hand. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const running: CognitoService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.close()));
});

async function start(options: CognitoServiceOptions = {}) {
  const service = await startCognitoService(options);
  running.push(service);
  const client = (credentials = TEST_CREDENTIALS, region = service.region) =>
    new CognitoIdentityProviderClient({ endpoint: service.url, region, credentials, maxAttempts: 1 });
  const sdk = client();
  const resend = (Username: string, ClientId = CLIENT_WITHOUT_SECRET) =>
    sdk.send(new ResendConfirmationCodeCommand({ ClientId, Username }));
  return { service, sdk, client, resend };
}

/** The error name a call ends with, or "ok". */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    return (error as Error).name;
  }
}

async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error("the call succeeded");
}

const tally = (names: string[]) =>
  names.reduce<Record<string, number>>((all, name) => {
    all[name] = (all[name] ?? 0) + 1;
    return all;
  }, {});

describe("the account-wide request quota", () => {
  test("one second at the default rate: 30 of 40 resends pass, the rest are TooManyRequests", async () => {
    const clock = fakeClock();
    const { service, resend } = await start({ now: clock.now, users: users(40), hourlyResendLimit: 100 });
    const names = await Promise.all(users(40).map((u) => outcome(resend(u.username))));
    expect(tally(names)).toEqual({ ok: 30, TooManyRequestsException: 10 });
    expect(service.throttled("ResendConfirmationCode")).toBe(10);
    expect(service.succeeded("ResendConfirmationCode")).toBe(30);

    // Half a second refills half the rate.
    clock.advance(500);
    const again = await Promise.all(users(20).map((u) => outcome(resend(u.username))));
    expect(tally(again)).toEqual({ ok: 15, TooManyRequestsException: 5 });
    const error = await failure(resend("user-1"));
    expect(error).toEqual({ name: "TooManyRequestsException", message: "Rate exceeded" });
  });

  test("a burst larger than the rate; categories are separate buckets", async () => {
    const clock = fakeClock();
    const { service, sdk, resend } = await start({
      now: clock.now,
      users: users(30),
      rates: { UserAccountRecovery: { perSecond: 5, burst: 12 }, UserList: { perSecond: 2 } },
    });
    const names = await Promise.all(users(30).map((u) => outcome(resend(u.username))));
    expect(tally(names)).toEqual({ ok: 12, TooManyRequestsException: 18 });
    clock.advance(1000);
    expect(tally(await Promise.all(users(10).map((u) => outcome(resend(u.username)))))).toEqual({
      ok: 5,
      TooManyRequestsException: 5,
    });
    // ListUsers has its own bucket, untouched by the resends.
    const lists = await Promise.all(
      [1, 2, 3].map(() => outcome(sdk.send(new ListUsersCommand({ UserPoolId: service.userPoolId })))),
    );
    expect(tally(lists)).toEqual({ ok: 2, TooManyRequestsException: 1 });
    expect(service.throttled()).toBe(24);
    expect(service.count()).toBe(43);
  });
});

describe("per-user and daily limits", () => {
  test("the sixth resend to one user within an hour is LimitExceeded; an hour later it passes", async () => {
    const clock = fakeClock();
    const { service, resend } = await start({ now: clock.now, users: users(2) });
    for (let i = 0; i < 5; i += 1) {
      await resend("user-1");
      clock.advance(60_000);
    }
    expect(await failure(resend("user-1"))).toEqual({
      name: "LimitExceededException",
      message: "Attempt limit exceeded, please try after some time.",
    });
    expect(await outcome(resend("user-2"))).toBe("ok");
    // The first send leaves the window an hour after it was made.
    clock.advance(3_600_000 - 5 * 60_000);
    expect(await outcome(resend("user-1"))).toBe("ok");
    expect(service.countFor("user-1")).toBe(7);
    expect(service.sentTo("user-1")).toBe(6);
  });

  test("the daily email cap of the built-in sender, and nextDay()", async () => {
    const clock = fakeClock();
    const { service, resend } = await start({
      now: clock.now,
      users: users(53),
      rates: { UserAccountRecovery: { perSecond: 1000 } },
    });
    const names = await Promise.all(users(53).map((u) => outcome(resend(u.username))));
    expect(tally(names)).toEqual({ ok: 50, LimitExceededException: 3 });
    expect(service.emailsToday()).toBe(50);
    expect((await failure(resend("user-1"))).message).toBe(MESSAGES.daily);
    service.nextDay();
    expect(await outcome(resend("user-51"))).toBe("ok");
    expect(service.emailsToday()).toBe(1);
    // The day also turns by itself on the clock.
    clock.advance(24 * 3_600_000);
    expect(service.emailsToday()).toBe(0);
  });

  test("no daily cap with DEVELOPER (SES) email, a chosen cap otherwise; SMS does not count", async () => {
    const ses = await start({
      emailSendingAccount: "DEVELOPER",
      users: users(60),
      rates: { UserAccountRecovery: { perSecond: 1000 } },
    });
    expect(tally(await Promise.all(users(60).map((u) => outcome(ses.resend(u.username)))))).toEqual({ ok: 60 });
    const small = await start({
      dailyEmailLimit: 2,
      users: [...users(3), { username: "phone", attributes: { phone_number: "+15555550123" } }],
    });
    expect(await outcome(small.resend("user-1"))).toBe("ok");
    expect(await outcome(small.resend("user-2"))).toBe("ok");
    expect(await outcome(small.resend("user-3"))).toBe("LimitExceededException");
    expect(await small.resend("phone")).toMatchObject({
      CodeDeliveryDetails: { Destination: "+*******0123", DeliveryMedium: "SMS", AttributeName: "phone_number" },
    });
  });
});

describe("users and their answers", () => {
  const pool: CognitoServiceOptions["users"] = [
    { username: "jane", attributes: { email: "jane@example.com" } },
    { username: "both", attributes: { email: "b@example.com", phone_number: "+15555550199" }, deliveryMedium: "SMS" },
    { username: "confirmed", status: "CONFIRMED", attributes: { email: "c@example.com" } },
    { username: "invited", status: "FORCE_CHANGE_PASSWORD", attributes: { email: "i@example.com" } },
    { username: "reset", status: "RESET_REQUIRED", attributes: { email: "r@example.com" } },
    { username: "federated", status: "EXTERNAL_PROVIDER", attributes: { email: "f@example.com" } },
    { username: "off", enabled: false, attributes: { email: "o@example.com" } },
  ];

  test("an unconfirmed user is sent a code, masked as the service masks it", async () => {
    const { resend } = await start({ users: pool });
    expect((await resend("jane")).CodeDeliveryDetails).toEqual({
      Destination: "j***@e***",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    expect((await resend("both")).CodeDeliveryDetails?.DeliveryMedium).toBe("SMS");
  });

  test("confirmed, invited, reset and federated users are already confirmed; a disabled user is refused", async () => {
    const { service, resend } = await start({ users: pool });
    for (const name of ["confirmed", "invited", "reset", "federated"]) {
      expect(await failure(resend(name))).toEqual({
        name: "InvalidParameterException",
        message: "User is already confirmed.",
      });
    }
    expect(await failure(resend("off"))).toEqual({ name: "NotAuthorizedException", message: "User is disabled." });
    expect(await failure(resend("nobody"))).toEqual({
      name: "UserNotFoundException",
      message: "Username/client id combination not found.",
    });
    expect(service.succeeded()).toBe(0);
  });

  test("an app client with a secret wants the SecretHash", async () => {
    const { sdk } = await start({ users: pool });
    const send = (SecretHash?: string) =>
      sdk.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_WITH_SECRET, Username: "jane", SecretHash }));
    expect((await failure(send())).name).toBe("NotAuthorizedException");
    expect(await failure(send("wrong"))).toEqual({
      name: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${CLIENT_WITH_SECRET}`,
    });
    expect(await outcome(send(secretHash(CLIENT_SECRET, "jane", CLIENT_WITH_SECRET)))).toBe("ok");
  });

  test("PreventUserExistenceErrors answers an unknown user as if a code had been sent", async () => {
    const { service, resend } = await start({
      users: pool,
      clients: [{ id: CLIENT_WITHOUT_SECRET, preventUserExistenceErrors: true }, { id: "legacy0client" }],
    });
    const first = await resend("nobody");
    expect(first.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
    expect(first.CodeDeliveryDetails?.Destination).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/);
    expect((await resend("nobody")).CodeDeliveryDetails).toEqual(first.CodeDeliveryDetails);
    expect((await resend("ghost@example.org")).CodeDeliveryDetails?.Destination).toBe("g***@e***");
    expect((await failure(resend("nobody", "legacy0client"))).name).toBe("UserNotFoundException");
    expect(service.emailsToday()).toBe(0);
  });

  test("delivery failure for chosen users, then for everyone", async () => {
    const { service, resend } = await start({ users: users(3), failDeliveryFor: ["user-1"] });
    expect(await failure(resend("user-1"))).toEqual({
      name: "CodeDeliveryFailureException",
      message: MESSAGES.emailDelivery,
    });
    expect(await outcome(resend("user-2"))).toBe("ok");
    service.failDelivery(true);
    expect(await outcome(resend("user-3"))).toBe("CodeDeliveryFailureException");
    service.failDelivery(false);
    expect(await outcome(resend("user-3"))).toBe("ok");
    expect(service.errors("CodeDeliveryFailureException")).toBe(2);
  });
});

describe("the signed operations", () => {
  const created = new Date("2024-03-01T12:00:00Z");
  const seeds = [
    ...users(70, { createdAt: created }),
    { username: "zed", status: "CONFIRMED" as const, attributes: { email: "zed@example.org", name: 'Zed "Z" Doe' } },
    { username: "off", enabled: false, attributes: { email: "off@example.org" } },
  ];

  test("ListUsers: pages of at most 60, Limit, opaque tokens, AttributesToGet", async () => {
    const { service, sdk } = await start({ users: seeds });
    const UserPoolId = service.userPoolId;
    const first = await sdk.send(new ListUsersCommand({ UserPoolId }));
    expect(first.Users).toHaveLength(60);
    expect(first.Users?.[0]).toMatchObject({ Username: "user-1", UserStatus: "UNCONFIRMED", Enabled: true });
    expect(first.Users?.[0].UserCreateDate).toEqual(created);
    const second = await sdk.send(new ListUsersCommand({ UserPoolId, PaginationToken: first.PaginationToken }));
    expect(second.Users).toHaveLength(12);
    expect(second.PaginationToken).toBeUndefined();
    const small = await sdk.send(new ListUsersCommand({ UserPoolId, Limit: 5, AttributesToGet: ["email"] }));
    expect(small.Users?.map((u) => u.Username)).toEqual(["user-1", "user-2", "user-3", "user-4", "user-5"]);
    expect(small.Users?.[0].Attributes).toEqual([{ Name: "email", Value: "user-1@example.com" }]);
    expect((await failure(sdk.send(new ListUsersCommand({ UserPoolId, Limit: 61 })))).name).toBe(
      "InvalidParameterException",
    );
    expect((await failure(sdk.send(new ListUsersCommand({ UserPoolId, PaginationToken: "bogus" })))).name).toBe(
      "InvalidParameterException",
    );
  });

  test("ListUsers filters: exact, prefix, status, Enabled, escaped quotes; a bad filter is refused", async () => {
    const { service, sdk } = await start({ users: seeds });
    const names = async (Filter: string) =>
      (await sdk.send(new ListUsersCommand({ UserPoolId: service.userPoolId, Filter }))).Users?.map((u) => u.Username);
    expect(await names('email = "user-7@example.com"')).toEqual(["user-7"]);
    expect(await names('username ^= "user-6"')).toEqual([
      "user-6",
      "user-60",
      "user-61",
      "user-62",
      "user-63",
      "user-64",
      "user-65",
      "user-66",
      "user-67",
      "user-68",
      "user-69",
    ]);
    expect(await names('cognito:user_status = "CONFIRMED"')).toEqual(["zed"]);
    expect(await names('cognito:user_status = "confirmed"')).toEqual(["zed"]);
    expect(await names('status = "Disabled"')).toEqual(["off"]);
    expect(await names('name = "Zed \\"Z\\" Doe"')).toEqual(["zed"]);
    const sub = service.user("user-3")?.Attributes.find((a) => a.Name === "sub")?.Value as string;
    expect(await names(`sub = "${sub}"`)).toEqual(["user-3"]);
    for (const bad of ['custom:team = "a"', "email = user-1", 'email == "x"', 'email = "a" and name = "b"']) {
      expect(await failure(sdk.send(new ListUsersCommand({ UserPoolId: service.userPoolId, Filter: bad })))).toEqual({
        name: "InvalidParameterException",
        message: MESSAGES.badFilter,
      });
    }
  });

  test("DescribeUserPool tells how email is sent", async () => {
    const builtIn = await start({ usernameAttributes: ["email"] });
    const pool = (await builtIn.sdk.send(new DescribeUserPoolCommand({ UserPoolId: builtIn.service.userPoolId })))
      .UserPool;
    expect(pool).toMatchObject({
      Id: builtIn.service.userPoolId,
      EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
      UsernameAttributes: ["email"],
      UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
    });
    const ses = await start({ emailSendingAccount: "DEVELOPER" });
    const sesPool = (await ses.sdk.send(new DescribeUserPoolCommand({ UserPoolId: ses.service.userPoolId }))).UserPool;
    expect(sesPool?.EmailConfiguration?.EmailSendingAccount).toBe("DEVELOPER");
    expect((await failure(ses.sdk.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_nope" })))).name).toBe(
      "ResourceNotFoundException",
    );
  });

  test("AdminCreateUser RESEND re-invites a FORCE_CHANGE_PASSWORD user only", async () => {
    const { service, sdk } = await start({
      users: [
        { username: "invited", status: "FORCE_CHANGE_PASSWORD", attributes: { email: "i@example.com" } },
        { username: "confirmed", status: "CONFIRMED", attributes: { email: "c@example.com" } },
      ],
    });
    const resend = (Username: string) =>
      sdk.send(new AdminCreateUserCommand({ UserPoolId: service.userPoolId, Username, MessageAction: "RESEND" }));
    const { User } = await resend("invited");
    expect(User).toMatchObject({ Username: "invited", UserStatus: "FORCE_CHANGE_PASSWORD", Enabled: true });
    expect(service.sentTo("invited")).toBe(1);
    expect(service.emailsToday()).toBe(1);
    expect((await failure(resend("confirmed"))).name).toBe("UnsupportedUserStateException");
    expect(await failure(resend("nobody"))).toEqual({ name: "UserNotFoundException", message: "User does not exist." });
    expect(service.requests.every((r) => r.signed)).toBe(true);
  });

  test("a wrong secret key, an unknown key, another region and no signature are refused", async () => {
    const { service, client } = await start({ users: users(1) });
    const list = (sdk: CognitoIdentityProviderClient) =>
      sdk.send(new ListUsersCommand({ UserPoolId: service.userPoolId }));
    expect(await failure(list(client({ ...TEST_CREDENTIALS, secretAccessKey: "not-the-secret" })))).toEqual({
      name: "InvalidSignatureException",
      message: MESSAGES.badSignature,
    });
    expect(await failure(list(client({ ...TEST_CREDENTIALS, accessKeyId: "AKIDSOMEONEELSE00000" })))).toEqual({
      name: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
    expect((await failure(list(client(TEST_CREDENTIALS, "eu-west-1")))).name).toBe("InvalidSignatureException");
    const unsigned = await fetch(service.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUsers",
      },
      body: JSON.stringify({ UserPoolId: service.userPoolId }),
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException:");
    expect(await unsigned.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
    // A refused signature costs no quota; the recorded requests say which were signed.
    expect(service.count("ListUsers")).toBe(4);
    expect(service.requests.filter((r) => r.signed)).toHaveLength(3);
    expect(await outcome(list(client()))).toBe("ok");
  });

  test("a body changed after it was signed is refused", async () => {
    const { service } = await start({ users: users(1) });
    const host = new URL(service.url).host;
    const body = JSON.stringify({ UserPoolId: service.userPoolId });
    const signer = new SignatureV4({
      credentials: TEST_CREDENTIALS,
      region: service.region,
      service: "cognito-idp",
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      path: "/",
      query: {},
      headers: {
        host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.ListUsers",
      },
      body,
    });
    const post = (payload: string) =>
      fetch(service.url, { method: "POST", headers: signed.headers as Record<string, string>, body: payload });
    expect((await post(body)).status).toBe(200);
    const tampered = await post(JSON.stringify({ UserPoolId: service.userPoolId, Limit: 1 }));
    expect(await tampered.json()).toMatchObject({ __type: "InvalidSignatureException" });
  });

  test("ResendConfirmationCode stays unsigned, and a stray signature is ignored", async () => {
    const { service, resend } = await start({ users: users(1) });
    await resend("user-1");
    expect(service.requests[0]).toMatchObject({ operation: "ResendConfirmationCode", signed: false, status: 200 });
    const stray = await fetch(service.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.ResendConfirmationCode",
        Authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDNOBODY/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00",
      },
      body: JSON.stringify({ ClientId: CLIENT_WITHOUT_SECRET, Username: "user-1" }),
    });
    expect(stray.status).toBe(200);
    expect(service.requests[1]).toMatchObject({ signed: true, body: { Username: "user-1" }, username: "user-1" });
  });
});

describe("the application's live traffic on the same quota", () => {
  test("its requests take from the client's bucket, each refilled up to its own arrival", async () => {
    const clock = fakeClock();
    // A bucket of one token that refills every 100 ms, and an application asking every 100 ms.
    const { service, resend } = await start({
      now: clock.now,
      users: users(1),
      rates: { UserAccountRecovery: { perSecond: 10, burst: 1 } },
      liveTraffic: { perSecond: 10, even: true },
    });
    clock.advance(1000);
    // Eleven arrivals (0, 100, … 1000 ms), each finding the token its 100 ms made: none throttled.
    expect(service.app()).toEqual({ requests: 11, throttled: 0 });
    // The application has taken every token, so the client gets none, even between its arrivals.
    expect(await outcome(resend("user-1"))).toBe("TooManyRequestsException");
    clock.advance(50);
    expect(await outcome(resend("user-1"))).toBe("TooManyRequestsException");
    clock.advance(50);
    expect(await outcome(resend("user-1"))).toBe("TooManyRequestsException");
    expect(service.app()).toEqual({ requests: 12, throttled: 0 });
  });

  test("a client that drains the bucket throttles the application; app() counts its share", async () => {
    const clock = fakeClock();
    const { service, resend } = await start({
      now: clock.now,
      users: users(10),
      hourlyResendLimit: 100,
      rates: { UserAccountRecovery: { perSecond: 10 } },
      liveTraffic: { perSecond: 20, even: true },
    });
    // The application's arrival at 0 ms comes first: 9 of the 10 tokens are left.
    expect(tally(await Promise.all(users(10).map((u) => outcome(resend(u.username)))))).toEqual({
      ok: 9,
      TooManyRequestsException: 1,
    });
    // Every 50 ms half a token: of 20 arrivals in the next second, every other one is throttled.
    clock.advance(1000);
    expect(await outcome(resend("user-1"))).toBe("TooManyRequestsException");
    expect(service.app()).toEqual({ requests: 21, throttled: 10 });
    expect(service.throttled("ResendConfirmationCode")).toBe(2);
  });

  test("in another category it leaves the resends alone; without it app() is all zero", async () => {
    const clock = fakeClock();
    const { service, sdk, resend } = await start({
      now: clock.now,
      users: users(2),
      rates: { UserList: { perSecond: 2 } },
      liveTraffic: { perSecond: 2, category: "UserList", even: true },
    });
    expect(tally(await Promise.all(users(2).map((u) => outcome(resend(u.username)))))).toEqual({ ok: 2 });
    const lists = await Promise.all(
      [1, 2].map(() => outcome(sdk.send(new ListUsersCommand({ UserPoolId: service.userPoolId })))),
    );
    expect(tally(lists)).toEqual({ ok: 1, TooManyRequestsException: 1 });
    expect(service.app()).toEqual({ requests: 1, throttled: 0 });
    const quiet = await start({ now: clock.now, users: users(1) });
    await quiet.resend("user-1");
    expect(quiet.service.app()).toEqual({ requests: 0, throttled: 0 });
  });
});

test("by default the application's requests come at random, as people do: the rate on average, the same on every run of a seed", async () => {
  const counts: number[] = [];
  for (const seed of [1, 1, 2]) {
    const clock = fakeClock();
    const { service } = await start({ now: clock.now, liveTraffic: { perSecond: 20, seed } });
    clock.advance(100_000);
    counts.push(service.app().requests);
  }
  // About 2,000 in 100 s (a Poisson count: a standard deviation of about 45).
  for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(150);
  expect(counts[0]).toBe(counts[1]);
  expect(counts[2]).not.toBe(counts[0]);
});

describe("GetProvisionedLimit", () => {
  const limitOf = (Category: string, LimitClass: "API_CATEGORY" = "API_CATEGORY") =>
    new GetProvisionedLimitCommand({ LimitDefinition: { LimitClass, Attributes: { Category } } });

  test("the rate the account is held to, and the default, per category", async () => {
    const { sdk } = await start({ rates: { UserAccountRecovery: { perSecond: 12, burst: 40 } } });
    expect((await sdk.send(limitOf("UserAccountRecovery"))).Limit).toEqual({
      LimitDefinition: { LimitClass: "API_CATEGORY", Attributes: { Category: "UserAccountRecovery" } },
      ProvisionedLimitValue: 12,
      FreeLimitValue: 30,
    });
    for (const [category, rate] of [
      ["UserList", 30],
      ["UserCreation", 50],
      ["UserPoolRead", 20],
    ] as const) {
      expect((await sdk.send(limitOf(category))).Limit).toMatchObject({
        ProvisionedLimitValue: rate,
        FreeLimitValue: rate,
      });
    }
  });

  test("an unknown category or limit class is refused; the call is signed and counts as a pool read", async () => {
    const clock = fakeClock();
    const { service, sdk, client } = await start({ now: clock.now, rates: { UserPoolRead: { perSecond: 3 } } });
    expect((await failure(sdk.send(limitOf("UserAuthentication")))).name).toBe("InvalidParameterException");
    const badClass = new GetProvisionedLimitCommand({
      LimitDefinition: { LimitClass: "ACCOUNT" as "API_CATEGORY", Attributes: { Category: "UserList" } },
    });
    expect(await failure(sdk.send(badClass))).toEqual({
      name: "InvalidParameterException",
      message:
        "1 validation error detected: Value 'ACCOUNT' at 'limitDefinition.limitClass' failed to satisfy constraint: Member must satisfy enum value set: [API_CATEGORY]",
    });
    const stranger = client({ ...TEST_CREDENTIALS, secretAccessKey: "not-the-secret" });
    expect((await failure(stranger.send(limitOf("UserList")))).name).toBe("InvalidSignatureException");
    // The calls refused for their input took two of the three UserPoolRead tokens (the one refused for its
    // signature took none); DescribeUserPool takes the last.
    await sdk.send(new DescribeUserPoolCommand({ UserPoolId: service.userPoolId }));
    expect((await failure(sdk.send(limitOf("UserList")))).name).toBe("TooManyRequestsException");
    expect(service.requests.every((r) => r.signed)).toBe(true);
  });

  test("an older endpoint does not know the operation", async () => {
    const { service, sdk } = await start({ provisionedLimits: false });
    const error = await sdk.send(limitOf("UserAccountRecovery")).catch((e: Error & { $metadata: object }) => e);
    expect(error).toMatchObject({ name: "UnknownOperationException", $metadata: { httpStatusCode: 400 } });
    expect(service.requests[0]).toMatchObject({ operation: "GetProvisionedLimit", error: "UnknownOperationException" });
  });
});

describe("username case", () => {
  const seeds = [
    { username: "Jane.Doe", attributes: { email: "jane@example.com" } },
    { username: "Invited", status: "FORCE_CHANGE_PASSWORD" as const, attributes: { email: "i@example.com" } },
  ];

  test("a case-insensitive pool finds the user whatever the case, and keeps its username", async () => {
    const { service, sdk, resend } = await start({ users: seeds, caseSensitive: false });
    expect(await outcome(resend("jane.doe"))).toBe("ok");
    expect(await outcome(resend("JANE.DOE"))).toBe("ok");
    expect(service.requests[1]).toMatchObject({ username: "Jane.Doe", given: "JANE.DOE", codeSent: true });
    expect(service.countFor("Jane.Doe")).toBe(2);
    expect(service.countFor("jane.DOE")).toBe(2);
    expect(service.sentTo("jane.doe")).toBe(2);
    expect(service.user("JANE.doe")?.Username).toBe("Jane.Doe");
    const UserPoolId = service.userPoolId;
    const names = async (Filter: string) =>
      (await sdk.send(new ListUsersCommand({ UserPoolId, Filter }))).Users?.map((u) => u.Username);
    expect(await names('username = "jane.doe"')).toEqual(["Jane.Doe"]);
    expect(await names('username ^= "JANE"')).toEqual(["Jane.Doe"]);
    const pool = (await sdk.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool;
    expect(pool?.UsernameConfiguration).toEqual({ CaseSensitive: false });
    const create = (Username: string, MessageAction?: "RESEND") =>
      sdk.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction }));
    expect((await failure(create("JANE.DOE"))).name).toBe("UsernameExistsException");
    expect((await create("invited", "RESEND")).User?.Username).toBe("Invited");
    expect(service.requests.at(-1)).toMatchObject({ username: "Invited", given: "invited", codeSent: true });
    expect(service.sentTo("Invited")).toBe(1);
  });

  test("a case-sensitive pool (the default) tells the cases apart", async () => {
    const { service, sdk, resend } = await start({ users: seeds });
    expect(await outcome(resend("jane.doe"))).toBe("UserNotFoundException");
    expect(service.requests[0]).toMatchObject({ username: "jane.doe", given: "jane.doe", codeSent: false });
    expect(service.countFor("Jane.Doe")).toBe(0);
    expect(service.user("jane.doe")).toBeUndefined();
    const UserPoolId = service.userPoolId;
    expect((await sdk.send(new ListUsersCommand({ UserPoolId, Filter: 'username = "jane.doe"' }))).Users).toEqual([]);
    const pool = (await sdk.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool;
    expect(pool?.UsernameConfiguration).toEqual({ CaseSensitive: true });
  });
});

describe("an email in place of the username", () => {
  const uuid = "4f1b7a2e-0c3d-4e5f-8a9b-0c1d2e3f4a5b";
  const seeds = [
    { username: uuid, attributes: { email: "jane@example.com" } },
    {
      username: "2a6c8e0f-1b3d-4f5a-9c7e-1d3f5b7a9c0e",
      status: "CONFIRMED" as const,
      attributes: { email: "c@example.com" },
    },
  ];

  test("UsernameAttributes [email]: the email finds the user, in any status", async () => {
    const { service, sdk, resend } = await start({ users: seeds, usernameAttributes: ["email"] });
    expect((await resend("jane@example.com")).CodeDeliveryDetails?.Destination).toBe("j***@e***");
    expect(service.requests[0]).toMatchObject({ username: uuid, given: "jane@example.com", codeSent: true });
    expect(service.sentTo(uuid)).toBe(1);
    expect(service.countFor(uuid)).toBe(1);
    expect(await failure(resend("c@example.com"))).toEqual({
      name: "InvalidParameterException",
      message: MESSAGES.confirmed,
    });
    expect(await outcome(resend("nobody@example.com"))).toBe("UserNotFoundException");
    // SECRET_HASH is made over the name the request gives.
    const withSecret = (SecretHash: string) =>
      sdk.send(
        new ResendConfirmationCodeCommand({ ClientId: CLIENT_WITH_SECRET, Username: "jane@example.com", SecretHash }),
      );
    expect(await outcome(withSecret(secretHash(CLIENT_SECRET, "jane@example.com", CLIENT_WITH_SECRET)))).toBe("ok");
  });

  test("AliasAttributes [email]: only a verified email is an alias; otherwise an email is an unknown user", async () => {
    const aliased: UserSeed[] = [
      { username: "jane", attributes: { email: "jane@example.com", email_verified: "true" } },
      { username: "new", attributes: { email: "new@example.com", email_verified: "false" } },
      { username: "bare", attributes: { email: "bare@example.com" } },
    ];
    const { service, resend } = await start({ users: aliased, aliasAttributes: ["email"], caseSensitive: false });
    expect(await outcome(resend("Jane@Example.com"))).toBe("ok");
    expect(service.requests[0]).toMatchObject({ username: "jane", given: "Jane@Example.com" });
    expect(await outcome(resend("new@example.com"))).toBe("UserNotFoundException");
    expect(await outcome(resend("bare@example.com"))).toBe("UserNotFoundException");
    expect(service.requests[1]).toMatchObject({ username: "new@example.com", given: "new@example.com" });
    expect(await outcome(resend("new"))).toBe("ok");
    const plain = await start({ users: aliased });
    expect(await outcome(plain.resend("jane@example.com"))).toBe("UserNotFoundException");
  });
});

describe("failures of the pool", () => {
  const seeds = [
    ...users(3),
    { username: "phone", attributes: { phone_number: "+15555550123" } },
    { username: "invited", status: "FORCE_CHANGE_PASSWORD" as const, attributes: { email: "i@example.com" } },
    { username: "confirmed", status: "CONFIRMED" as const, attributes: { email: "c@example.com" } },
  ];

  test("auto verification off: every existing unconfirmed user, after the client's checks", async () => {
    const { service, sdk, resend } = await start({ users: seeds, poolFailure: "autoVerifyOff" });
    expect(await failure(resend("user-1"))).toEqual({
      name: "InvalidParameterException",
      message: "Cannot resend codes. Auto verification not turned on.",
    });
    expect(await outcome(resend("phone"))).toBe("InvalidParameterException");
    expect((await failure(resend("confirmed"))).message).toBe(MESSAGES.confirmed);
    expect(await outcome(resend("nobody"))).toBe("UserNotFoundException");
    expect(await failure(resend("user-1", "no-such-client"))).toEqual({
      name: "ResourceNotFoundException",
      message: "User pool client no-such-client does not exist.",
    });
    const wrongSecret = new ResendConfirmationCodeCommand({
      ClientId: CLIENT_WITH_SECRET,
      Username: "user-1",
      SecretHash: "wrong",
    });
    expect((await failure(sdk.send(wrongSecret))).message).toBe(
      `Unable to verify secret hash for client ${CLIENT_WITH_SECRET}`,
    );
    const pool = (await sdk.send(new DescribeUserPoolCommand({ UserPoolId: service.userPoolId }))).UserPool;
    expect(pool?.AutoVerifiedAttributes).toEqual([]);
    expect(service.sentTo("user-1")).toBe(0);
    service.breakPool(undefined);
    expect(await outcome(resend("user-1"))).toBe("ok");
  });

  test.each([
    ["lambdaValidation", "UserLambdaValidationException", MESSAGES.lambdaValidation],
    ["lambdaUnexpected", "UnexpectedLambdaException", MESSAGES.lambdaUnexpected],
    ["invalidLambdaResponse", "InvalidLambdaResponseException", MESSAGES.invalidLambdaResponse],
    ["emailRole", "InvalidEmailRoleAccessPolicyException", MESSAGES.emailRole],
  ] as const)("%s fails the resend and the invitation, and sends nothing", async (kind, name, message) => {
    const { service, sdk, resend } = await start({ users: seeds });
    service.breakPool(kind);
    expect(await failure(resend("user-1"))).toEqual({ name, message });
    const invite = new AdminCreateUserCommand({
      UserPoolId: service.userPoolId,
      Username: "invited",
      MessageAction: "RESEND",
    });
    expect(await failure(sdk.send(invite))).toEqual({ name, message });
    expect(service.requests.map((r) => r.codeSent)).toEqual([false, false]);
    expect(service.sentTo("user-1") + service.sentTo("invited") + service.emailsToday()).toBe(0);
    service.breakPool(undefined);
    expect(await outcome(resend("user-1"))).toBe("ok");
  });

  test("the email role fails email only, the SMS role SMS only", async () => {
    const { service, resend } = await start({ users: seeds, poolFailure: "smsRole" });
    expect(await failure(resend("phone"))).toEqual({
      name: "InvalidSmsRoleAccessPolicyException",
      message: "Role does not have permission to publish with SNS",
    });
    expect(await outcome(resend("user-1"))).toBe("ok");
    service.breakPool("emailRole");
    expect(await outcome(resend("phone"))).toBe("ok");
    expect(await outcome(resend("user-2"))).toBe("InvalidEmailRoleAccessPolicyException");
    expect(service.requests.map((r) => r.codeSent)).toEqual([false, true, true, false]);
  });

  test("a WAF block: 403 before the service, no quota spent; the admin operations are not behind it", async () => {
    const clock = fakeClock();
    const { service, sdk, resend } = await start({
      now: clock.now,
      users: seeds,
      rates: { UserAccountRecovery: { perSecond: 1 } },
      poolFailure: "forbidden",
    });
    const error = await resend("user-1").catch((e: Error & { $metadata: object }) => e);
    expect(error).toMatchObject({
      name: "ForbiddenException",
      message: "Request not allowed due to WAF block.",
      $metadata: { httpStatusCode: 403 },
    });
    expect(await outcome(resend("nobody"))).toBe("ForbiddenException");
    const invite = new AdminCreateUserCommand({
      UserPoolId: service.userPoolId,
      Username: "invited",
      MessageAction: "RESEND",
    });
    expect(await outcome(sdk.send(invite))).toBe("ok");
    service.breakPool(undefined);
    // The one token of the second is still there.
    expect(await outcome(resend("user-1"))).toBe("ok");
    expect(service.requests[0]).toMatchObject({ status: 403, error: "ForbiddenException", codeSent: false });
  });
});

describe("answers late or never", () => {
  /** A clock whose sleepers wake only when the test moves it. */
  function manualClock() {
    let t = 0;
    const sleepers: Array<{ due: number; wake: () => void }> = [];
    return {
      now: () => t,
      sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ due: t + ms, wake })),
      advance(ms: number) {
        t += ms;
        for (const sleeper of sleepers.filter((s) => s.due <= t)) {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          sleeper.wake();
        }
      },
    };
  }

  test("latencyMs: the code goes out when the request arrives, the answer comes that much later", async () => {
    const clock = manualClock();
    const { service, resend } = await start({ users: users(1), latencyMs: 150, now: clock.now, sleep: clock.sleep });
    let answered = false;
    const call = resend("user-1").then((result) => {
      answered = true;
      return result;
    });
    await service.until(() => service.count() === 1);
    expect(service.sentTo("user-1")).toBe(1);
    expect(service.requests[0]).toMatchObject({ status: 200, codeSent: true });
    // A millisecond short of the latency, and a few turns of the event loop for an answer to come in: none has.
    clock.advance(149);
    await turns(4);
    expect(answered).toBe(false);
    clock.advance(1);
    expect((await call).CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
  });

  test("a client gone before its late answer: the code stays sent, and the service goes on", async () => {
    const clock = manualClock();
    const { service, resend } = await start({ users: users(2), latencyMs: 100, now: clock.now, sleep: clock.sleep });
    const body = JSON.stringify({ ClientId: CLIENT_WITHOUT_SECRET, Username: "user-1" });
    const socket = connect(service.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.end(
      [
        "POST / HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/x-amz-json-1.1",
        "X-Amz-Target: AWSCognitoIdentityProviderService.ResendConfirmationCode",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "",
        body,
      ].join("\r\n"),
    );
    await service.until(() => service.count() === 1);
    socket.destroy();
    await service.until(() => service.openConnections() === 0);
    expect(service.sentTo("user-1")).toBe(1);
    // The answer to user-1 falls due while user-2's request waits for its own.
    const second = outcome(resend("user-2"));
    await service.until(() => service.count() === 2);
    clock.advance(100);
    expect(await second).toBe("ok");
    expect(service.requests.map((r) => [r.username, r.codeSent])).toEqual([
      ["user-1", true],
      ["user-2", true],
    ]);
  });

  test("stall: the code is sent, the connection held open with nothing written", async () => {
    const { service, resend } = await start({ users: users(2) });
    service.noAnswerFor("stall", "user-1");
    const giveUp = new AbortController();
    const patient = new CognitoIdentityProviderClient({
      endpoint: service.url,
      region: service.region,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const stalled = outcome(
      patient.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_WITHOUT_SECRET, Username: "user-1" }), {
        abortSignal: giveUp.signal,
      }),
    );
    await service.until(() => service.count() === 1);
    // Another request, made after the stalled one arrived, is answered; the stalled one still is not.
    expect(await outcome(resend("user-2"))).toBe("ok");
    await turns(4);
    giveUp.abort();
    expect(await stalled).toBe("AbortError");
    expect(service.sentTo("user-1")).toBe(1);
    expect(service.requests.find((r) => r.username === "user-1")).toMatchObject({
      status: 200,
      codeSent: true,
      unanswered: "stall",
    });
    service.answerAgain();
    expect(await outcome(resend("user-1"))).toBe("ok");
    expect(service.sentTo("user-1")).toBe(2);
  });

  test("reset: the code is sent, the connection reset without a byte; AdminCreateUser too", async () => {
    const { service, sdk, resend } = await start({
      users: [...users(1), { username: "invited", status: "FORCE_CHANGE_PASSWORD", attributes: { email: "i@x.org" } }],
      caseSensitive: false,
    });
    service.noAnswerFor("reset", "USER-1", "invited");
    const error = await resend("user-1").catch((e: Error & { code?: string }) => e);
    expect(error).toMatchObject({ code: "ECONNRESET" });
    const invite = new AdminCreateUserCommand({
      UserPoolId: service.userPoolId,
      Username: "invited",
      MessageAction: "RESEND",
    });
    expect((await sdk.send(invite).catch((e: Error & { code?: string }) => e)) as object).toMatchObject({
      code: "ECONNRESET",
    });
    expect(service.requests.map((r) => [r.username, r.codeSent, r.unanswered])).toEqual([
      ["user-1", true, "reset"],
      ["invited", true, "reset"],
    ]);
    expect(service.sentTo("user-1") + service.sentTo("invited")).toBe(2);
    service.answerAgain("user-1");
    expect(await outcome(resend("user-1"))).toBe("ok");
  });
});

describe("what the request records say", () => {
  test("the clock's time of arrival, the name as given, and whether a code went out", async () => {
    const clock = fakeClock();
    const { service, resend } = await start({
      now: clock.now,
      users: [...users(1), { username: "done", status: "CONFIRMED", attributes: { email: "d@example.com" } }],
      clients: [{ id: CLIENT_WITHOUT_SECRET, preventUserExistenceErrors: true }],
    });
    await resend("user-1");
    clock.advance(250);
    await resend("ghost");
    clock.advance(250);
    await outcome(resend("done"));
    expect(
      service.requests.map(({ at, username, given, codeSent, status }) => ({ at, username, given, codeSent, status })),
    ).toEqual([
      { at: 0, username: "user-1", given: "user-1", codeSent: true, status: 200 },
      { at: 250, username: "ghost", given: "ghost", codeSent: false, status: 200 },
      { at: 500, username: "done", given: "done", codeSent: false, status: 400 },
    ]);
  });
});
