// The shared files (~/.aws/config and ~/.aws/credentials), read and parsed
// once a run into a Config that every stage is given, and the profiles they
// hold, their names read in this one place.
import { ProfileNotFound, type Place } from "../common";
import { type Ini, readIni } from "./ini";
import { sharedFiles } from "./paramfile";

export interface Config {
  /** Where the files are (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/). */
  readonly files: { config: string; credentials: string };
  /** The config file's sections, by name as written. */
  readonly config: Ini;
  /** The profiles of both files, by name. */
  readonly profiles: ReadonlyMap<string, Map<string, string>>;
}

export interface Profile {
  name: string;
  settings: Map<string, string>;
  /** The profile's `services` setting, and the `[services NAME]` section it names, if there is one. */
  servicesName?: string;
  services?: Map<string, string>;
}

/**
 * The words of a section's name, as a shell splits them (quotes group, a
 * backslash escapes); undefined when a quote is left open.
 */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && (text[i + 1] === '"' || text[i + 1] === "\\")) word += text[++i];
      else word += c;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= "";
    } else if (c === "\\") {
      // A backslash at the end escapes nothing: no words at all.
      if (i + 1 >= text.length) return undefined;
      word = (word ?? "") + text[++i];
    } else word = (word ?? "") + c;
  }
  if (quote !== undefined) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

/** The name a `[KIND NAME]` section gives (`[profile "a b"]` is `a b`): its second word, as the AWS CLI reads it. */
function sectionName(kind: string, section: string): string | undefined {
  if (!section.startsWith(kind)) return undefined;
  const words = shellWords(section);
  return words?.length === 2 ? words[1] : undefined;
}

/** The profile a section of the config file holds: `[default]`, or `[profile NAME]`; any other section holds none. */
const profileOf = (section: string): string | undefined =>
  section === "default" ? "default" : sectionName("profile", section);

/**
 * The shared files, parsed: a missing file reads as empty; one that does not
 * parse ends the run (255), as in the AWS CLI. `lenient`: one that does not
 * parse reads as empty too (shell completion).
 */
export function readConfig(place: Place, lenient = false): Config {
  const files = sharedFiles(place.env);
  const read = (path: string): Ini => {
    try {
      return readIni(path, place);
    } catch (error) {
      if (lenient) return new Map();
      throw error;
    }
  };
  const config = read(files.config);
  const credentials = read(files.credentials);
  // The profiles of the config file (a later section for the same name
  // replacing an earlier one), then each section of the credentials file, by
  // its name as written, whose settings are added to the config's and win.
  const profiles = new Map<string, Map<string, string>>();
  for (const [section, settings] of config) {
    const name = profileOf(section);
    if (name !== undefined) profiles.set(name, settings);
  }
  for (const [name, settings] of credentials) {
    profiles.set(name, new Map([...(profiles.get(name) ?? []), ...settings]));
  }
  return { files, config, profiles };
}

/**
 * The profile in force: the one named (by the `profile` chain: --profile,
 * AWS_PROFILE, AWS_DEFAULT_PROFILE), else "default". A profile named must
 * exist in the config or the credentials file.
 */
export function profileIn(config: Config, named: string | undefined): Profile {
  const name = named ?? "default";
  const settings = config.profiles.get(name);
  if (named !== undefined && !settings) throw new ProfileNotFound(`The config profile (${name}) could not be found`);
  const servicesName = settings?.get("services");
  let services: Map<string, string> | undefined;
  for (const [section, values] of servicesName === undefined ? [] : config.config) {
    if (sectionName("services", section) === servicesName) services = values;
  }
  return { name, settings: settings ?? new Map(), servicesName, services };
}
