// Shell completion: `resend-confirmation-code completion bash|zsh|fish` prints
// a script that asks the command itself for candidates
// (`resend-confirmation-code __complete SHELL LINE`): option names, the
// choices of --output, --color, --generate-cli-skeleton and
// --cli-binary-format, profile names from the shared config files, and file
// paths after file:// and fileb:// and for the options that take a path.
import { readdirSync, statSync } from "node:fs";
import { PROGRAM, pathIn, usageError, type Place } from "../common";
import { allOptions, optionNamed, readConfig } from "../input";

export const SHELLS = ["bash", "zsh", "fish"] as const;

/** The profiles of the shared files, by name as the run would name them; a file that does not parse offers none. */
const profiles = (place: Place): string[] => [...readConfig(place, true).profiles.keys()].sort();

/** Paths that start with `partial` (from where the run is), directories ending in /. */
function paths(partial: string, place: Place): string[] {
  const slash = partial.lastIndexOf("/");
  const folder = slash === -1 ? "." : partial.slice(0, slash + 1) || "/";
  const start = partial.slice(slash + 1);
  let entries: string[];
  try {
    entries = readdirSync(pathIn(place, folder));
  } catch {
    return [];
  }
  return entries
    .filter((name) => name.startsWith(start) && (start.startsWith(".") || !name.startsWith(".")))
    .sort()
    .map((name) => {
      const path = slash === -1 ? name : partial.slice(0, slash + 1) + name;
      let directory = false;
      try {
        directory = statSync(pathIn(place, path)).isDirectory();
      } catch {
        // A broken link completes as a file.
      }
      return directory ? `${path}/` : path;
    });
}

/** Candidates for the last word of `words` (the word being typed; "" after a space). */
export function candidates(words: readonly string[], place: Place): string[] {
  const current = words[words.length - 1] ?? "";
  const previous = words[words.length - 2];
  const valueFor = (option: string, typed: string, prefix = ""): string[] => {
    let found: string[] = [];
    const spec = optionNamed(option);
    if (spec?.choices) found = [...spec.choices];
    else if (option === "--profile") found = profiles(place);
    else if (spec?.path && !/^fileb?:\/\//.test(typed)) return paths(typed, place).map((p) => prefix + p);
    else {
      const scheme = /^(fileb?:\/\/)(.*)$/.exec(typed);
      if (scheme) return paths(scheme[2], place).map((p) => prefix + scheme[1] + p);
      if (typed !== "") found = ["file://", "fileb://"];
    }
    return found.filter((value) => value.startsWith(typed)).map((value) => prefix + value);
  };
  if (current.startsWith("--") && current.includes("=")) {
    const [option, typed] = [current.slice(0, current.indexOf("=")), current.slice(current.indexOf("=") + 1)];
    return valueFor(option, typed, `${option}=`);
  }
  if (previous !== undefined && optionNamed(previous)?.value !== undefined) return valueFor(previous, current);
  if (current.startsWith("-")) {
    const given = new Set(words.slice(0, -1));
    return allOptions()
      .map((o) => o.name)
      .filter((name) => name.startsWith(current) && !given.has(name));
  }
  if (words.length === 1) return ["help", "completion"].filter((word) => word.startsWith(current));
  if (words.length === 2 && words[0] === "completion") return SHELLS.filter((shell) => shell.startsWith(current));
  return [];
}

/** The words of a command line as far as the cursor, without the program's name. */
export function wordsOf(line: string): string[] {
  const words = line.trim() === "" ? [] : line.trim().split(/\s+/);
  if (/\s$/.test(line) || words.length === 0) words.push("");
  const typed = words.slice(1);
  return typed.length === 0 ? [""] : typed;
}

/** What `__complete SHELL LINE` prints: one candidate a line. Bash replaces only what follows the last : or =. */
export function completeLine(shell: string, line: string, place: Place): string {
  const words = wordsOf(line);
  let found = candidates(words, place);
  if (shell === "bash") {
    const current = words[words.length - 1];
    const cut = Math.max(current.lastIndexOf(":"), current.lastIndexOf("=")) + 1;
    found = found.map((candidate) => candidate.slice(cut));
  }
  return found.map((candidate) => `${candidate}\n`).join("");
}

export function completionScript(shell: string | undefined): string {
  const name = PROGRAM;
  const fn = `_${name.replace(/-/g, "_")}`;
  switch (shell) {
    case "bash":
      return `# bash completion for ${name}: eval "$(${name} completion bash)"
${fn}() {
  local IFS=$'\\n'
  COMPREPLY=($(${name} __complete bash "\${COMP_LINE:0:COMP_POINT}" 2>/dev/null))
  if [[ \${#COMPREPLY[@]} -eq 1 && ( "\${COMPREPLY[0]}" == */ || "\${COMPREPLY[0]}" == *:// || "\${COMPREPLY[0]}" == file || "\${COMPREPLY[0]}" == fileb ) ]]; then
    compopt -o nospace 2>/dev/null
  fi
}
complete -F ${fn} ${name}
`;
    case "zsh":
      return `#compdef ${name}
# zsh completion for ${name}: eval "$(${name} completion zsh)"
${fn}() {
  local -a found open closed
  found=("\${(@f)$(${name} __complete zsh "\${BUFFER[1,CURSOR]}" 2>/dev/null)}")
  open=(\${(M)found:#*(/|://)})
  closed=(\${found:#*(/|://)})
  compadd -Q -S '' -- "\${open[@]}"
  compadd -Q -- "\${closed[@]}"
}
compdef ${fn} ${name}
`;
    case "fish":
      return `# fish completion for ${name}: ${name} completion fish | source
complete -c ${name} -f -a '(${name} __complete fish (commandline -cp))'
`;
    default:
      throw usageError(`argument completion: Invalid choice, valid choices are: ${SHELLS.join(", ")}`);
  }
}
