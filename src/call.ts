// What only a run that calls the service needs, loaded once it gets that far:
// the SDK client, --query and the output formats. (The build makes this a
// bundle of its own, dist/call.js.)
export { resendConfirmationCode } from "./client";
export { compileQuery } from "./query";
export { renderOutput } from "./output";
