// npm run demo (node scripts/run-ts.mjs test/support/demo.ts): starts the local Cognito endpoint and runs the built command
// against it a few times, printing each command line and what it printed. The
// client secret shown is the local endpoint's test value, known nowhere else.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLIENT_SECRET, CLIENT_WITH_SECRET, CLIENT_WITHOUT_SECRET, startLocalCognito } from "./local-cognito";
import { OUR_BIN, cleanEnv, spawnCollect } from "./process";

export async function main(): Promise<void> {
  const endpoint = await startLocalCognito();
  const home = mkdtempSync(join(tmpdir(), "rcc-demo-"));
  const target = ["--endpoint-url", endpoint.url, "--region", "us-east-1"];
  const runs: Array<{ args: string[]; env?: Record<string, string>; note?: string }> = [
    { args: ["--generate-cli-skeleton"] },
    { args: ["--client-id", CLIENT_WITHOUT_SECRET, "--username", "jane", ...target] },
    {
      args: [
        "--client-id",
        CLIENT_WITHOUT_SECRET,
        "--username",
        "sms-user",
        "--client-metadata",
        "source=demo,campaign=spring",
        ...target,
      ],
    },
    {
      args: ["--client-id", CLIENT_WITH_SECRET, "--username", "jane", ...target],
      env: { COGNITO_CLIENT_SECRET: CLIENT_SECRET },
      note: `COGNITO_CLIENT_SECRET=${CLIENT_SECRET} `,
    },
    { args: ["--client-id", CLIENT_WITHOUT_SECRET, "--username", "nobody", ...target] },
    { args: ["--client-id", CLIENT_WITHOUT_SECRET, "--user-context-data", "Foo=1", "--username", "jane", ...target] },
  ];
  const shellQuote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  try {
    for (const run of runs) {
      process.stdout.write(`\n$ ${run.note ?? ""}resend-confirmation-code ${run.args.map(shellQuote).join(" ")}\n`);
      const result = await spawnCollect(process.execPath, [OUR_BIN, ...run.args], {
        cwd: home,
        env: cleanEnv(home, run.env),
      });
      process.stdout.write(result.stdout);
      process.stdout.write(result.stderr);
      process.stdout.write(`(exit code ${result.exitCode})\n`);
    }
  } finally {
    await endpoint.close();
  }
}
