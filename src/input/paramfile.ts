// Parameter values that name a file: `file://PATH` is the file's UTF-8 text,
// `fileb://PATH` its bytes. `~` and $VARIABLES in PATH are expanded.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { parameterError } from "../common";
import { pyRepr } from "../common";

const OS_ERRORS: Record<string, [number, string]> = {
  ENOENT: [2, "No such file or directory"],
  EACCES: [13, "Permission denied"],
  EISDIR: [21, "Is a directory"],
  ENOTDIR: [20, "Not a directory"],
  ELOOP: [40, "Too many levels of symbolic links"],
  ENAMETOOLONG: [36, "File name too long"],
};

export function expandPath(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  const expanded = path === "~" || path.startsWith("~/") ? home + path.slice(1) : path;
  return expanded.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a?: string, b?: string) => env[(a ?? b) as string] ?? whole);
}

function osErrorText(error: NodeJS.ErrnoException, path: string): string {
  const known = error.code ? OS_ERRORS[error.code] : undefined;
  return known ? `[Errno ${known[0]}] ${known[1]}: ${pyRepr(path)}` : error.message;
}

// Strict, and a byte-order mark is kept as text, as Python's UTF-8 codec keeps it.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The value of a parameter given on the command line: the text or bytes of the
 * file it names, or the value itself. `flag` names the parameter in errors.
 */
export function loadParamValue(flag: string, value: string, env: NodeJS.ProcessEnv): string | Uint8Array {
  const binary = value.startsWith("fileb://");
  if (!binary && !value.startsWith("file://")) return value;
  const path = expandPath(value.slice(binary ? 8 : 7), env);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw parameterError(flag, `Unable to load paramfile ${value}: ${osErrorText(error as NodeJS.ErrnoException, path)}`);
  }
  if (binary) return new Uint8Array(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw parameterError(flag, `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`);
  }
}
