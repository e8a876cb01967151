// Parameter values that name a file: `file://PATH` is the file's UTF-8 text,
// `fileb://PATH` its bytes. `~` and $VARIABLES in PATH are expanded.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type CliError, failed, parameterError, pathIn, type Place } from "../common";
import { pyRepr, strictUtf8 } from "../common";

/** Errors of the file system as Python names them: errno and strerror() (Linux's numbers). */
const OS_ERRORS: Record<string, [number, string]> = {
  EPERM: [1, "Operation not permitted"],
  ENOENT: [2, "No such file or directory"],
  EIO: [5, "Input/output error"],
  ENXIO: [6, "No such device or address"],
  EAGAIN: [11, "Resource temporarily unavailable"],
  ENOMEM: [12, "Cannot allocate memory"],
  EACCES: [13, "Permission denied"],
  EBUSY: [16, "Device or resource busy"],
  ENODEV: [19, "No such device"],
  ENOTDIR: [20, "Not a directory"],
  EISDIR: [21, "Is a directory"],
  EINVAL: [22, "Invalid argument"],
  ENFILE: [23, "Too many open files in system"],
  EMFILE: [24, "Too many open files"],
  ETXTBSY: [26, "Text file busy"],
  EFBIG: [27, "File too large"],
  ENAMETOOLONG: [36, "File name too long"],
  ELOOP: [40, "Too many levels of symbolic links"],
  EOVERFLOW: [75, "Value too large for defined data type"],
  EOPNOTSUPP: [95, "Operation not supported"],
};

/**
 * An error of the file system as Python's errno and words; a code not listed
 * takes Node's number and words. Undefined for an error that is no system
 * error (such as a file too large to read at once).
 */
export function osError(error: NodeJS.ErrnoException): [number, string] | undefined {
  const known = error.code ? OS_ERRORS[error.code] : undefined;
  if (known) return known;
  if (typeof error.errno !== "number" || !error.code?.startsWith("E")) return undefined;
  const words = (require("node:util") as typeof import("node:util")).getSystemErrorMap().get(error.errno)?.[1];
  return words === undefined ? undefined : [Math.abs(error.errno), words[0].toUpperCase() + words.slice(1)];
}

/** `~` or `~/...` at the start as the home folder. */
const expandHome = (path: string, home: string): string =>
  path === "~" || path.startsWith("~/") ? home + path.slice(1) : path;

/** `$NAME` and `${NAME}` as the environment has them; a name it lacks stays as written. */
const expandVars = (path: string, env: NodeJS.ProcessEnv): string =>
  path.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a?: string, b?: string) => env[(a ?? b) as string] ?? whole);

export function expandPath(path: string, env: NodeJS.ProcessEnv): string {
  return expandVars(expandHome(path, env.HOME || homedir()), env);
}

function osErrorText(error: NodeJS.ErrnoException, path: string): string {
  const known = osError(error);
  return known ? `[Errno ${known[0]}] ${known[1]}: ${pyRepr(path)}` : error.message;
}

/**
 * The value of a parameter given on the command line: the text or bytes of the
 * file it names, or the value itself. `flag` names the parameter in errors.
 */
export function loadParamValue(flag: string, value: string, place: Place): string | Uint8Array {
  return readParamFile(value, place, (reason) => parameterError(flag, reason));
}

/**
 * The value of a shorthand key given with "@=" (`key@=file://PATH`): the same
 * loading, but a file that cannot be read ends the run as the AWS CLI ends it,
 * with the reason alone (255).
 */
export function loadShorthandValue(value: string, place: Place): string | Uint8Array {
  return readParamFile(value, place, failed);
}

function readParamFile(value: string, place: Place, failure: (reason: string) => CliError): string | Uint8Array {
  const binary = value.startsWith("fileb://");
  if (!binary && !value.startsWith("file://")) return value;
  const path = expandPath(value.slice(binary ? 8 : 7), place.env);
  let bytes: Buffer;
  try {
    bytes = readFileSync(pathIn(place, path));
  } catch (error) {
    throw failure(`Unable to load paramfile ${value}: ${osErrorText(error as NodeJS.ErrnoException, path)}`);
  }
  if (binary) return new Uint8Array(bytes);
  try {
    // Read as Python reads a text file: \r\n and a lone \r are line ends, each \n.
    return strictUtf8(bytes).replace(/\r\n?/g, "\n");
  } catch {
    throw failure(
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
    );
  }
}

/** The shared config and credentials files: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else under ~/.aws. */
export function sharedFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const home = env.HOME || homedir();
  // Variables first, then ~, in that order, as the AWS CLI expands these paths.
  const expand = (path: string): string => expandHome(expandVars(path, env), home);
  return {
    config: expand(env.AWS_CONFIG_FILE ?? join(home, ".aws", "config")),
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials")),
  };
}
