// What every stage shares: the one CliError class and the exit codes, and
// values printed as Python prints them (the AWS CLI's messages show them so).
//
// In the core bundle (dist/node.js), which every other bundle takes it from,
// so that there is one copy of CliError and `instanceof` means what it says.
export * from "./errors";
export * from "./own";
export * from "./place";
export * from "./pyrepr";
export * from "./pyspace";
export * from "./secrets";
export * from "./timers";
export * from "./utf8";
