// The command line shown after --cli-auto-prompt: secrets are masked on the
// words as typed, before shell quoting, whatever they hold.
import { describe, expect, test } from "vitest";
import { promptFor, type Keyboard } from "../src/terminal/prompt";

const SECRET = `s3cr'et "with" spaces`;

function keyboard(typed: string[]): Keyboard & { screen: string } {
  const fake = {
    screen: "",
    next: async () => typed.shift() ?? "\x03",
    write: (text: string) => {
      fake.screen += text;
    },
    close: () => undefined,
  };
  return fake;
}

describe("the shown command line", () => {
  test("a secret given on the command line, alone, inline with = or inside another word, is hidden", async () => {
    const argv = [
      "--client-id",
      "c",
      "--username",
      "u",
      "--client-secret",
      SECRET,
      "--cli-input-json",
      JSON.stringify({ AnalyticsMetadata: { AnalyticsEndpointId: SECRET } }),
      `--client-secret=${SECRET}`,
      "--cli-auto-prompt",
    ];
    const given = new Map([
      ["--client-id", "c"],
      ["--username", "u"],
    ]);
    const { argv: next, shown } = await promptFor({ argv, given, mode: "on-partial" }, keyboard([]), {
      bulk: false,
      secretGiven: true,
      width: 80,
      secrets: [SECRET],
    });
    expect(next).toContain(SECRET);
    expect(shown).toBe(
      `resend-confirmation-code --client-id c --username u --client-secret <hidden> --cli-input-json '{"AnalyticsMetadata":{"AnalyticsEndpointId":"<hidden>"}}' --client-secret=<hidden>`,
    );
    for (const part of ["s3cr", "with", "spaces"]) expect(shown).not.toContain(part);
  });

  test("a secret typed at the prompt is hidden wherever it appears", async () => {
    const argv = ["--client-id", "c", "--username", "u", "--client-metadata", `note=${SECRET}`];
    const given = new Map([
      ["--client-id", "c"],
      ["--username", "u"],
      ["--client-metadata", `note=${SECRET}`],
    ]);
    // Enter keeps each given value; the secret is typed at its own prompt.
    const typed = ["\r", "\r", `${SECRET}\r`, "\r", "\r", "\r", "\r"];
    const { shown } = await promptFor({ argv, given, mode: "on" }, keyboard(typed), {
      bulk: false,
      secretGiven: false,
      width: 80,
    });
    expect(shown).toContain("--client-secret <hidden>");
    expect(shown).toContain("--client-metadata 'note=<hidden>'");
    expect(shown).not.toContain("s3cr");
  });
});

test("a prompted bulk run keeps its own options, --resume given twice and --results among them, and asks for no username", async () => {
  const argv = [
    "--usernames-file",
    "users.txt",
    "--resume",
    "run1.jsonl",
    "--resume",
    "run2.jsonl",
    "--results",
    "journal.jsonl",
    "--retry-unknown",
    "--case-sensitive-usernames",
  ];
  const fake = keyboard(["c1\r"]);
  const { argv: next, shown } = await promptFor({ argv, given: new Map(), mode: "on-partial" }, fake, {
    bulk: true,
    secretGiven: false,
    width: 80,
  });
  expect(fake.screen).not.toContain("--username (");
  expect(next).toEqual([...argv, "--no-cli-auto-prompt", "--client-id", "c1"]);
  expect(shown).toBe(`resend-confirmation-code ${argv.join(" ")} --client-id c1`);
});
