// What only a person at a terminal asks for: the help page, prompting for
// parameters (--cli-auto-prompt) and shell completion.
//
// A bundle of its own (dist/terminal.js), loaded only when one of them is asked for.
export { helpPage } from "./help";
export { PromptCancelled, promptFor, type Keyboard, type Prompted } from "./prompt";
export { completeLine, completionScript } from "./completion";
