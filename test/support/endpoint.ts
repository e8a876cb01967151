// npm run endpoint [-- PORT]: the local Cognito stand-in (cognito-service.ts)
// with a sample pool, to try every mode of the command on this machine: the
// single call, a usernames file, and the pool's own users
// (--all-unconfirmed, which lists the pool and reads its settings with signed
// requests). It prints what to give the command: the endpoint, the test
// credentials as `export` lines, the pool id and the two clients. Ctrl-C,
// SIGTERM or SIGHUP stop it, and so does its parent going away (npm killed
// with SIGKILL), so that nothing it started is left holding the port.
import {
  CLIENT_SECRET,
  CLIENT_WITH_SECRET,
  CLIENT_WITHOUT_SECRET,
  type CognitoService,
  TEST_CREDENTIALS,
  type UserSeed,
  startCognitoService,
} from "./cognito-service";

/** A user in every status the pool may hold, and a few waiting for a code. */
export const SAMPLE_USERS: readonly UserSeed[] = [
  { username: "jane", status: "UNCONFIRMED", attributes: { email: "jane@example.com" } },
  { username: "ravi", status: "UNCONFIRMED", attributes: { email: "ravi@example.com" } },
  { username: "mei", status: "UNCONFIRMED", attributes: { phone_number: "+15555550100" } },
  { username: "olu", status: "UNCONFIRMED", enabled: false, attributes: { email: "olu@example.com" } },
  { username: "ana", status: "CONFIRMED", attributes: { email: "ana@example.com", email_verified: "true" } },
  { username: "tom", status: "FORCE_CHANGE_PASSWORD", attributes: { email: "tom@example.com" } },
  { username: "lee", status: "RESET_REQUIRED", attributes: { email: "lee@example.com" } },
  { username: "google_1234567890", status: "EXTERNAL_PROVIDER", attributes: { email: "g@example.com" } },
];

/** The port asked for: none (any free port) or a whole number from 0 to 65535; else why not. */
export function portFrom(text: string | undefined): number | string {
  if (text === undefined) return 0;
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : `not a port number: '${text}'`;
}

/** The lines that tell a person what to give the command. */
export function instructions(service: Pick<CognitoService, "url" | "userPoolId" | "region">): string {
  return [
    `Local Cognito endpoint at ${service.url} (Ctrl-C stops it). In another shell:`,
    "",
    `export AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}`,
    `export AWS_DEFAULT_REGION=${service.region}`,
    "",
    `endpoint:                ${service.url}`,
    `pool id:                 ${service.userPoolId}`,
    `client without a secret: ${CLIENT_WITHOUT_SECRET}`,
    `client with a secret:    ${CLIENT_WITH_SECRET} (its secret: ${CLIENT_SECRET})`,
    `users:                   ${SAMPLE_USERS.map((u) => `${u.username} (${u.status}${u.enabled === false ? ", disabled" : ""})`).join(", ")}`,
    "",
  ].join("\n");
}

/** Why the endpoint could not listen, in a line. */
function listenFailure(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === "EADDRINUSE") return `port ${port} is in use; give another (npm run endpoint -- PORT) or none`;
  if (error.code === "EACCES") return `port ${port} is not open to this user; give one above 1023`;
  return error.message;
}

/**
 * Starts the endpoint on the port `argv` names, or says in a line why it
 * cannot (a busy or bad port): the service, or that line.
 */
export async function startEndpoint(argv: readonly string[]): Promise<CognitoService | string> {
  const port = portFrom(argv[0]);
  if (typeof port === "string") return port;
  try {
    return await startCognitoService({ port, users: [...SAMPLE_USERS], caseSensitive: false });
  } catch (error) {
    return listenFailure(error as NodeJS.ErrnoException, port);
  }
}

export async function main(argv: string[]): Promise<void> {
  // The parent as it was at the start: read after the text below is written,
  // it may already be the process this one was handed to, if npm was killed
  // as soon as the text arrived (a busy machine may run this process no
  // further than the write meanwhile), and then it would never change.
  const parent = process.ppid;
  const service = await startEndpoint(argv);
  if (typeof service === "string") {
    process.stderr.write(`endpoint: ${service}\n`);
    process.exit(1);
  }
  process.stdout.write(instructions(service));
  const stop = (): void => void service.close().then(() => process.exit(0));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, stop);
  // npm killed outright does not pass a signal on: this process is then given to another parent.
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
}
