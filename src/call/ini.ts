// The AWS CLI's shared files (~/.aws/config, ~/.aws/credentials) are INI
// files, read here as its reader reads them.
import { readFileSync } from "node:fs";
import { CliError, EXIT, pathIn, type Place } from "../common";

export type Ini = Map<string, Map<string, string>>;

/**
 * The sections of an INI file such as ~/.aws/config; a missing file (or a
 * folder) is empty. A file that does not parse is an error naming it.
 */
export function readIni(path: string, place: Place): Ini {
  let text: string;
  try {
    text = readFileSync(pathIn(place, path), "utf8");
  } catch {
    return new Map();
  }
  const sections = parseIni(text);
  if (sections === undefined) throw new CliError(`Unable to parse config file: ${path}`, EXIT.other);
  return sections;
}

/**
 * Parses INI text as the AWS CLI's reader does: `[section]` headers, taken as
 * written; `key = value` or `key: value` lines, keys in lower case; lines
 * starting with # or ; are comments; a line indented under a key continues
 * its value (a nested block). Undefined when the text does not parse: a key
 * outside any section, a line that is neither, or a section or key given twice.
 */
export function parseIni(text: string): Ini | undefined {
  const sections: Ini = new Map();
  let current: Map<string, string> | undefined;
  let key: string | undefined;
  let keyIndent = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const indent = raw.length - raw.trimStart().length;
    if (current && key !== undefined && indent > keyIndent) {
      current.set(key, `${current.get(key)}\n${line}`);
      continue;
    }
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      if (sections.has(section[1])) return undefined;
      current = new Map();
      sections.set(section[1], current);
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
  return sections;
}

/** `key = value` lines of a nested block, such as a service's settings in a `[services]` section. */
export function nestedSetting(block: string | undefined, key: string): string | undefined {
  for (const line of (block ?? "").split("\n")) {
    const pair = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && pair[1].toLowerCase() === key) return pair[2];
  }
  return undefined;
}
