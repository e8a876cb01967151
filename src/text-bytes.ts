// Text and the bytes of a process, as the AWS CLI (Python) maps them, so that
// an argument that is not UTF-8 reaches the request and the output as it does
// there:
// - an argument's bytes are read as UTF-8, but that each byte that is not
//   part of a valid sequence becomes the lone surrogate U+DC80 + byte
//   (Python's surrogateescape), so no byte is lost; JSON then sends it as the
//   escape \udcXX, as the AWS CLI's request does;
// - stdout gives such a surrogate back as its byte (surrogateescape again);
// - stderr writes every lone surrogate as the text \udXXX (Python's
//   backslashreplace), so an error message names the byte.
// The one place that turns the run's text into bytes: src/node.ts writes
// through stdoutBytes and stderrBytes, and the tests model a process by them.
import { hasLoneSurrogate, utf8SequenceOf } from "./common";

/**
 * A lone surrogate, U+D800..U+DFFF, not half of a pair: found by its code
 * units, not as the Unicode property Cs, whose tables a run would build on its
 * first write (about 1% of a call's start-up, counted by valgrind on Node.js 20).
 */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The length of the valid UTF-8 sequence at `bytes[i]`, or 0 if none starts there. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  if (bytes[i] < 0x80) return 1;
  const sequence = utf8SequenceOf(bytes[i]);
  if (sequence === undefined) return 0;
  const [follow, low, high] = sequence;
  for (let j = 1; j <= follow; j += 1) {
    const byte = bytes[i + j];
    if (i + j >= bytes.length || (j === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf)) return 0;
  }
  return follow + 1;
}

/**
 * Bytes as Python's `bytes.decode("utf-8", "surrogateescape")` reads them:
 * each valid UTF-8 sequence as its character, every other byte as U+DC80 +
 * the byte. Runs of valid text are decoded a run at a time.
 */
export function decodeSurrogateEscape(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = "";
  let start = 0;
  let i = 0;
  while (i < buffer.length) {
    const length = sequenceAt(buffer, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += buffer.toString("utf8", start, i) + String.fromCharCode(0xdc00 + buffer[i]);
    i += 1;
    start = i;
  }
  return text + buffer.toString("utf8", start);
}

/** Each lone surrogate of `text` replaced by what `replace` makes of its code. */
function replaceLone(text: string, replace: (code: number) => string): string {
  return text.replace(LONE_SURROGATES, (ch) => replace(ch.charCodeAt(0)));
}

/**
 * The bytes stdout writes for `text`: UTF-8, but that a lone U+DC80..U+DCFF
 * is the byte it stands for (surrogateescape). Any other lone surrogate has
 * no byte, and is written as U+FFFD.
 */
export function stdoutBytes(text: string): Buffer {
  if (!hasLoneSurrogate(text)) return Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  let start = 0;
  for (const match of text.matchAll(LONE_SURROGATES)) {
    const at = match.index as number;
    const code = text.charCodeAt(at);
    if (code < 0xdc80 || code > 0xdcff) continue;
    parts.push(Buffer.from(text.slice(start, at), "utf8"), Buffer.of(code - 0xdc00));
    start = at + 1;
  }
  parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/** The text stderr shows for `text`: every lone surrogate as the escape \udXXX (backslashreplace). */
export const stderrText = (text: string): string =>
  hasLoneSurrogate(text) ? replaceLone(text, (code) => `\\u${code.toString(16)}`) : text;

/** The bytes stderr writes for `text` (see stderrText). */
export const stderrBytes = (text: string): Buffer => Buffer.from(stderrText(text), "utf8");

/** An argument of process.argv that Node has decoded with U+FFFD for bytes that are not UTF-8. */
const REPLACED = "\ufffd";

/**
 * The arguments as their bytes make them (decodeSurrogateEscape), given
 * `argv` (process.argv after the script) and the process's command line
 * (NUL-separated, as Linux's /proc/self/cmdline holds it): its last entries
 * must be `argv`'s, read as Node read them, or `argv` is kept as it is.
 */
export function argvFromCommandLine(argv: readonly string[], commandLine: Uint8Array): string[] {
  const entries: Buffer[] = [];
  const buffer = Buffer.from(commandLine.buffer, commandLine.byteOffset, commandLine.byteLength);
  let start = 0;
  for (let end = buffer.indexOf(0); end >= 0; end = buffer.indexOf(0, start)) {
    entries.push(buffer.subarray(start, end));
    start = end + 1;
  }
  if (start < buffer.length) entries.push(buffer.subarray(start));
  const mine = entries.slice(entries.length - argv.length);
  if (mine.length !== argv.length || mine.some((bytes, i) => bytes.toString("utf8") !== argv[i])) return [...argv];
  return mine.map((bytes, i) => (argv[i].includes(REPLACED) ? decodeSurrogateEscape(bytes) : argv[i]));
}

/** Whether any argument holds U+FFFD, which may stand for bytes that are not UTF-8 (the only case worth reading them again). */
export const mayHoldRawBytes = (argv: readonly string[]): boolean => argv.some((arg) => arg.includes(REPLACED));
