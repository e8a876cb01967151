// What only a run that calls the service needs, loaded once it gets that far:
// the SDK client, --query, the output formats and bulk runs. (The build makes this a
// bundle of its own, dist/call.js.)
export { createCaller, resendConfirmationCode } from "./client";
export { runBulk } from "./bulk";
export { compileQuery } from "./query";
export { renderOutput } from "./output";
