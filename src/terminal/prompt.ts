// --cli-auto-prompt (or AWS_CLI_AUTO_PROMPT=on|on-partial): on a terminal,
// asks for each parameter in turn, required ones first, showing its
// documentation and, as the default, what the command line already gave;
// on-partial asks only for the required parameters that are missing. The
// client secret is not echoed. The answers make a new command line, which is
// shown (without the secret) and run. Ctrl-C at a prompt ends the run with
// exit code 130 and nothing sent.
import { PROGRAM, maskSecrets } from "../common";
import { flagFor, loadSchema, members, optionsIn, secretOptions, shapeKind } from "../input";
import { wrap } from "./help";

import type { PromptMode } from "../input";

/** A keyboard on a terminal, read key by key. */
export interface Keyboard {
  /** The next keys typed (one chunk of input). */
  next(): Promise<string>;
  write(text: string): void;
  close(): void;
}

export class PromptCancelled extends Error {}

/** Reads one line; `hidden` echoes nothing. Ctrl-C (or Ctrl-D on an empty line) cancels. */
export async function readLine(keyboard: Keyboard, hidden: boolean): Promise<string> {
  let line = "";
  for (;;) {
    const keys = await keyboard.next();
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i];
      if (key === "\x03" || (key === "\x04" && line === "")) throw new PromptCancelled();
      if (key === "\r" || key === "\n") {
        keyboard.write("\n");
        return line;
      }
      if (key === "\x7f" || key === "\b") {
        if (line !== "") {
          line = line.slice(0, -1);
          if (!hidden) keyboard.write("\b \b");
        }
        continue;
      }
      if (key === "\x1b") {
        // An escape sequence (arrow keys): skipped.
        const end = keys.slice(i).search(/[A-Za-z~]/);
        i += end === -1 ? keys.length : end;
        continue;
      }
      if (key < " ") continue;
      line += key;
      if (!hidden) keyboard.write(key);
    }
  }
}

interface Question {
  flag: string;
  label: string;
  doc: string;
  required: boolean;
  hidden: boolean;
  given?: string;
}

function questions(given: ReadonlyMap<string, string>, bulk: boolean, secretGiven: boolean): Question[] {
  const input = loadSchema("input");
  const required = new Set(input.required ?? []);
  const list: Question[] = [];
  for (const [member, node] of members(input)) {
    const flag = flagFor(member);
    if (member === "Username" && bulk) continue;
    if (member === "SecretHash" && secretGiven) continue;
    const kind = shapeKind(node);
    list.push({
      flag,
      label: `${kind}${required.has(member) ? ", required" : ""}`,
      doc: node.description ?? "",
      required: required.has(member),
      hidden: member === "SecretHash",
      given: given.get(flag),
    });
  }
  // The options beyond the parameters that the table says are asked for: the client secret, unless SECRET_HASH is given.
  for (const option of given.has("--secret-hash") ? [] : optionsIn("own", "bulk")) {
    if (option.prompt === undefined) continue;
    list.push({
      flag: option.name,
      label: option.secret ? "the app client's secret, not shown as it is typed" : "optional",
      doc: option.prompt,
      required: false,
      hidden: option.secret === true,
      given: secretGiven ? "(given)" : undefined,
    });
  }
  // Required first, then the secret, then the rest; SECRET_HASH last (not asked once a secret is typed).
  const rank = (q: Question): number =>
    q.required ? 0 : q.flag === "--client-secret" ? 1 : q.flag === "--secret-hash" ? 3 : 2;
  return [...list].sort((a, b) => rank(a) - rank(b));
}

const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

export interface Prompted {
  argv: string[];
  /** The command line to show: the client secret left out. */
  shown: string;
}

const HIDDEN = "<hidden>";

/**
 * The command line as shown: the value of a secret flag is `<hidden>`, and so
 * is any known secret within another word (`--cli-input-json` text, say).
 * Masking is done on the words as they are, before shell quoting, which would
 * otherwise change a secret holding a quote so that it no longer matched.
 */
function shownLine(words: readonly string[], secrets: readonly string[]): string {
  // A secret inside JSON text (--cli-input-json) is there with its quotes and backslashes escaped.
  const forms = [...secrets, ...secrets.map((secret) => JSON.stringify(secret).slice(1, -1))];
  const secretFlags = secretOptions();
  const shown = words.map((word, i) => {
    const flag = secretFlags.find((f) => word.startsWith(`${f}=`));
    if (flag !== undefined) return `${flag}=${HIDDEN}`;
    if (secretFlags.includes(words[i - 1]) || secrets.includes(word)) return HIDDEN;
    return quote(maskSecrets(word, forms, HIDDEN));
  });
  return [PROGRAM, ...shown].join(" ");
}

/**
 * Asks for the parameters; returns the command line to run. `given` holds
 * the parameters the command line already has, by flag; `secrets` the secrets
 * known before asking (from the environment and the command line).
 */
export async function promptFor(
  line: { argv: readonly string[]; given: ReadonlyMap<string, string>; mode: PromptMode },
  keyboard: Keyboard,
  options: { bulk: boolean; secretGiven: boolean; width: number; secrets?: readonly string[] },
): Promise<Prompted> {
  const { argv, given, mode } = line;
  const kept = argv.filter((arg) => arg !== "--cli-auto-prompt" && arg !== "--no-cli-auto-prompt");
  const answers: Array<[string, string]> = [];
  const all = questions(given, options.bulk, options.secretGiven);
  const asked = mode === "on-partial" ? all.filter((q) => q.required && q.given === undefined) : all;
  keyboard.write(
    `${PROGRAM}: enter each parameter; Enter keeps the value in [brackets] or leaves it out; Ctrl-C cancels.\n`,
  );
  for (const question of asked) {
    if (question.flag === "--secret-hash" && answers.some(([flag]) => flag === "--client-secret")) continue;
    keyboard.write(`\n${question.flag} (${question.label})\n${wrap(question.doc, 2, options.width).join("\n")}\n`);
    for (;;) {
      const shownDefault = question.given === undefined ? "" : ` [${question.hidden ? "(given)" : question.given}]`;
      keyboard.write(`${question.flag}${shownDefault}: `);
      const answer = await readLine(keyboard, question.hidden);
      if (answer !== "") {
        answers.push([question.flag, answer]);
        break;
      }
      if (question.given !== undefined || !question.required) break;
      keyboard.write("  (required)\n");
    }
  }
  const next = [...kept, "--no-cli-auto-prompt"];
  for (const [flag, value] of answers) next.push(flag, value);
  const typedSecrets = answers.filter(([flag]) => secretOptions().includes(flag)).map(([, value]) => value);
  return {
    argv: next,
    shown: shownLine(
      next.filter((word) => word !== "--no-cli-auto-prompt"),
      [...(options.secrets ?? []), ...typedSecrets],
    ),
  };
}
