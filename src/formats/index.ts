// The output formats other than JSON (text, table, YAML) and --query's
// JMESPath, as the AWS CLI writes and evaluates them.
//
// A bundle of its own (dist/formats.js), loaded through the output stage only
// by the runs that ask for one of them: a call printed as JSON, the default,
// never loads it.
export { checkQuerySyntax, compileQuery } from "./query";
export { renderOutput, renderStructured } from "./render";
