// What every stage shares: the one CliError class and the exit codes, and
// values printed as Python prints them (the AWS CLI's messages show them so).
//
// A bundle of its own (dist/common.js): every other bundle requires it, so
// that there is one copy of CliError and `instanceof` means what it says.
export * from "./errors";
export * from "./own";
export * from "./place";
export * from "./pyrepr";
export * from "./pyspace";
export * from "./secrets";
export * from "./timers";
export * from "./utf8";
