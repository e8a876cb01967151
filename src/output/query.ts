// --query: a JMESPath expression applied to the response before it is
// formatted. Its syntax is read as the AWS CLI reads it (query-parse.ts), and
// its functions checked, before anything is sent. The `jmespath` package, the
// JavaScript reference implementation of the same specification (the original
// JMESPath, not the later community edition) that the AWS CLI's Python
// jmespath implements, evaluates it, so an expression means the same in both.
import { CliError, EXIT, paramValidation } from "../common";
import { type QueryNode, QuerySyntaxError, parseQuery } from "./query-parse";

/** The built-in functions and how many arguments each takes: exactly, or (`+`) at least. */
const FUNCTIONS: Record<string, number | `${number}+`> = {
  abs: 1,
  avg: 1,
  ceil: 1,
  contains: 2,
  ends_with: 2,
  floor: 1,
  join: 2,
  keys: 1,
  length: 1,
  map: 2,
  max: 1,
  max_by: 2,
  merge: "1+",
  min: 1,
  min_by: 2,
  not_null: "1+",
  reverse: 1,
  sort: 1,
  sort_by: 2,
  starts_with: 2,
  sum: 1,
  to_array: 1,
  to_number: 1,
  to_string: 1,
  type: 1,
  values: 1,
};

/** What is wrong with calling `name` with `given` arguments, in the AWS CLI's words; undefined when nothing is. */
function callProblem(name: string, given: number): string | undefined {
  const arity = FUNCTIONS[name];
  if (arity === undefined) return `Unknown function: ${name}()`;
  const atLeast = typeof arity === "string";
  const wanted = atLeast ? Number.parseInt(arity, 10) : arity;
  if (atLeast ? given >= wanted : given === wanted) return undefined;
  return `Expected ${atLeast ? "at least " : ""}${wanted} argument${wanted === 1 ? "" : "s"} for function ${name}(), received ${given}`;
}

interface Jmespath {
  compile(expression: string): unknown;
  search(data: unknown, expression: string): unknown;
}

function jmespath(): Jmespath {
  return require("jmespath") as Jmespath;
}

const badQuery = (expression: string, reason: string): CliError =>
  paramValidation(`Bad value for --query ${expression}: ${reason}`);

function checkFunctions(expression: string, node: QueryNode): void {
  if (node.type === "function" && node.name !== undefined) {
    const problem = callProblem(node.name, node.children.length);
    if (problem !== undefined) throw badQuery(expression, problem);
  }
  for (const child of node.children) checkFunctions(expression, child);
}

/**
 * The expression's syntax tree; a syntax error is a usage error (252), as the
 * AWS CLI's parser of global options finds it, in its words. An expression it
 * takes that the JavaScript library evaluating it does not is refused too,
 * before anything is sent, in the library's words.
 */
export function checkQuerySyntax(expression: string): QueryNode {
  if (expression === "") throw badQuery(expression, "Invalid JMESPath expression: cannot be empty.");
  let tree: QueryNode;
  try {
    tree = parseQuery(expression);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw badQuery(expression, error.message);
    throw error;
  }
  try {
    jmespath().compile(expression);
  } catch (error) {
    throw badQuery(expression, `Invalid jmespath expression: ${(error as Error).message}`);
  }
  return tree;
}

/**
 * Checks an expression, and the functions it calls unless `syntaxOnly` (a
 * skeleton, for which nothing is sent); a bad one is a usage error (252) and
 * nothing is sent.
 */
export function compileQuery(expression: string, syntaxOnly = false): string {
  const tree = checkQuerySyntax(expression);
  if (!syntaxOnly) checkFunctions(expression, tree);
  return expression;
}

/**
 * The query's result; a failure while evaluating it exits 255: a type error,
 * or (where nothing was sent, so its functions were not checked first) a
 * function the query calls that does not exist or is given the wrong number of
 * arguments, in the AWS CLI's words.
 */
export function applyQuery(expression: string, data: unknown): unknown {
  try {
    return jmespath().search(data, expression);
  } catch (error) {
    const message = (error as Error).message;
    const arity = /^ArgumentError: (\w+)\(\) takes .* received (\d+)$/.exec(message);
    const problem = arity ? callProblem(arity[1], Number(arity[2])) : undefined;
    throw new CliError(problem ?? message.replace(/^TypeError: /, ""), EXIT.other);
  }
}
