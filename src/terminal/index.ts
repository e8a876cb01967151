// What only a person at a terminal asks for, loaded when asked: the help page,
// prompting for parameters and shell completion. (The build makes this a
// bundle of its own, dist/terminal.js.)
export { helpPage } from "./help";
export { PromptCancelled, promptFor } from "./prompt";
export { completeLine, completionScript } from "./completion";
