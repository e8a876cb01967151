// The AWS CLI's shared files (~/.aws/config, ~/.aws/credentials) are INI
// files, read here as its reader reads them.
import { existsSync, readFileSync } from "node:fs";
import { failed, pathIn, type Place, pyLstrip, pyStrip, strictUtf8 } from "../common";

export type Ini = Map<string, Map<string, string>>;

/**
 * The sections of an INI file such as ~/.aws/config; a missing file (or a
 * folder) is empty. A file that does not parse is an error naming it.
 */
export function readIni(path: string, place: Place): Ini {
  let bytes: Buffer;
  const file = pathIn(place, path);
  // Most runs have no shared files: asked first, as a missing file's error costs more to make than the question.
  if (!existsSync(file)) return new Map();
  try {
    bytes = readFileSync(file);
  } catch {
    return new Map();
  }
  let sections: Ini | undefined;
  try {
    sections = parseIni(strictUtf8(bytes));
  } catch {
    sections = undefined;
  }
  if (sections === undefined) throw failed(`Unable to parse config file: ${path}`);
  return sections;
}

/**
 * Parses INI text as the AWS CLI's reader (Python's configparser) does:
 * `[section]` headers, taken as written up to the last `]` (what follows is
 * ignored); `key = value` or `key: value` lines, keys in lower case; lines
 * starting with # or ; are comments; a line indented under a key continues its
 * value, blank lines within kept; a `[DEFAULT]` section lends its keys to
 * every other. A value that starts on the next line is a nested block, each
 * line of which must be `key = value`. Undefined when the text does not parse:
 * a key outside any section, a line that is neither, a section or key given
 * twice.
 */
export function parseIni(text: string): Ini | undefined {
  const sections: Ini = new Map();
  const defaults = new Map<string, string>();
  let current: Map<string, string> | undefined;
  let key: string | undefined;
  let keyIndent = 0;
  let blanks = 0;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = pyStrip(raw);
    if (line === "") {
      if (key !== undefined) blanks += 1;
      continue;
    }
    if (line.startsWith("#") || line.startsWith(";")) continue;
    const indent = raw.length - pyLstrip(raw).length;
    if (current && key !== undefined && indent > keyIndent) {
      current.set(key, `${current.get(key)}${"\n".repeat(blanks + 1)}${line}`);
      blanks = 0;
      continue;
    }
    blanks = 0;
    const section = /^\[(.+)\]/.exec(line);
    if (section) {
      const name = section[1];
      if (name === "DEFAULT") current = defaults;
      else {
        if (sections.has(name)) return undefined;
        current = new Map();
        sections.set(name, current);
      }
      key = undefined;
      continue;
    }
    const pair = /^(.*?)\s*[=:]\s*(.*)$/.exec(line);
    if (!current || !pair || pair[1] === "") return undefined;
    key = pair[1].toLowerCase();
    if (current.has(key)) return undefined;
    keyIndent = indent;
    current.set(key, pair[2]);
  }
  for (const settings of [defaults, ...sections.values()]) {
    for (const value of settings.values()) {
      // A nested block: each of its lines must be `key = value`.
      if (value.startsWith("\n") && value.split("\n").some((line) => line !== "" && !line.includes("="))) {
        return undefined;
      }
    }
  }
  for (const settings of sections.values()) {
    for (const [k, v] of defaults) if (!settings.has(k)) settings.set(k, v);
  }
  return sections;
}

/** `key = value` lines of a nested block, such as a service's settings in a `[services]` section. */
export function nestedSetting(block: string | undefined, key: string): string | undefined {
  for (const line of (block ?? "").split("\n")) {
    const pair = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(line);
    // Nested keys keep their case, as the AWS CLI reads them.
    if (pair && pair[1] === key) return pair[2];
  }
  return undefined;
}
