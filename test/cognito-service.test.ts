// The stand-in for Cognito (test/support/cognito-service.ts), pinned through the
// real SDK over real HTTP: each switch, with a fake clock where time matters.
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, describe, expect, test } from "vitest";
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
