// The local endpoint (npm run endpoint): what it tells a person, the sample
// pool it holds, and a busy or bad port refused in a line.
import { createServer, type Server } from "node:net";
import { expect, test } from "vitest";
import { CLIENT_SECRET, CLIENT_WITH_SECRET, CLIENT_WITHOUT_SECRET, TEST_CREDENTIALS } from "./support/cognito-service";
import { SAMPLE_USERS, instructions, portFrom, startEndpoint } from "./support/endpoint";

test.each([
  [undefined, 0],
  ["8000", 8000],
  ["0", 0],
  ["65535", 65535],
  ["65536", "not a port number: '65536'"],
  ["80000", "not a port number: '80000'"],
  ["-1", "not a port number: '-1'"],
  ["8k", "not a port number: '8k'"],
  ["", "not a port number: ''"],
])("port %j: %j", (given, expected) => {
  expect(portFrom(given)).toBe(expected);
});

test("it says what to give the command: export lines for the test credentials, the pool id, both clients", () => {
  const text = instructions({ url: "http://127.0.0.1:8000", userPoolId: "us-east-1_LocalPool1", region: "us-east-1" });
  const lines = text.split("\n");
  expect(lines).toContain(`export AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId}`);
  expect(lines).toContain(`export AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}`);
  expect(lines).toContain("export AWS_DEFAULT_REGION=us-east-1");
  expect(lines).toContain("pool id:                 us-east-1_LocalPool1");
  expect(lines).toContain(`client without a secret: ${CLIENT_WITHOUT_SECRET}`);
  expect(lines).toContain(`client with a secret:    ${CLIENT_WITH_SECRET} (its secret: ${CLIENT_SECRET})`);
});

test("the sample pool holds a user in every status, and unconfirmed ones to send to", async () => {
  const service = await startEndpoint([]);
  if (typeof service === "string") throw new Error(service);
  try {
    const statuses = new Set(SAMPLE_USERS.map((u) => u.status));
    expect([...statuses].sort()).toEqual([
      "CONFIRMED",
      "EXTERNAL_PROVIDER",
      "FORCE_CHANGE_PASSWORD",
      "RESET_REQUIRED",
      "UNCONFIRMED",
    ]);
    expect(service.user("jane")?.UserStatus).toBe("UNCONFIRMED");
    expect(service.user("JANE")?.Username).toBe("jane");
  } finally {
    await service.close();
  }
});

test("a port in use is refused in a line", async () => {
  const server: Server = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  try {
    expect(await startEndpoint([String(port)])).toBe(
      `port ${port} is in use; give another (npm run endpoint -- PORT) or none`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
