// --query: a JMESPath expression applied to the response before it is
// formatted. Its syntax is read as the AWS CLI reads it (query-parse.ts), and
// its functions checked, before anything is sent. The `jmespath` package, the
// JavaScript reference implementation of the same specification (the original
// JMESPath, not the later community edition) that the AWS CLI's Python
// jmespath implements, evaluates it, so an expression means the same in both.
import { CliError, EXIT, paramValidation } from "../common";
import { type QueryNode, QuerySyntaxError, parseQuery } from "./query-parse";

/** The built-in functions and how many arguments each takes ([min, max]; max -1: any). */
const FUNCTIONS: Record<string, [number, number]> = {
  abs: [1, 1],
  avg: [1, 1],
  ceil: [1, 1],
  contains: [2, 2],
  ends_with: [2, 2],
  floor: [1, 1],
  join: [2, 2],
  keys: [1, 1],
  length: [1, 1],
  map: [2, 2],
  max: [1, 1],
  max_by: [2, 2],
  merge: [0, -1],
  min: [1, 1],
  min_by: [2, 2],
  not_null: [1, -1],
  reverse: [1, 1],
  sort: [1, 1],
  sort_by: [2, 2],
  starts_with: [2, 2],
  sum: [1, 1],
  to_array: [1, 1],
  to_number: [1, 1],
  to_string: [1, 1],
  type: [1, 1],
  values: [1, 1],
};

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
    const arity = FUNCTIONS[node.name];
    if (!arity) throw badQuery(expression, `Unknown function: ${node.name}()`);
    const given = node.children?.length ?? 0;
    const [min, max] = arity;
    if (given < min || (max !== -1 && given > max)) {
      const wanted = min === max ? `${min}` : max === -1 ? `at least ${min}` : `${min} to ${max}`;
      throw badQuery(
        expression,
        `${node.name}() takes ${wanted} argument${min === 1 && max === 1 ? "" : "s"}, ${given} given`,
      );
    }
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

/** Checks an expression, its functions too; a bad one is a usage error (252) and nothing is sent. */
export function compileQuery(expression: string): string {
  checkFunctions(expression, checkQuerySyntax(expression));
  return expression;
}

/** The query's result; a failure while evaluating it (a type error) exits 255. */
export function applyQuery(expression: string, data: unknown): unknown {
  try {
    return jmespath().search(data, expression);
  } catch (error) {
    throw new CliError((error as Error).message.replace(/^TypeError: /, ""), EXIT.other);
  }
}
