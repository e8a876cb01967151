// --query: a JMESPath expression applied to the response before it is
// formatted, read (query-parse.ts) and evaluated (query-eval.ts) as the AWS
// CLI's JMESPath reads and evaluates it. Its syntax, and the functions it
// calls, are checked before anything is sent.
import { type CliError, paramValidation } from "../common";
import { callProblem, evaluate } from "./query-eval";
import { type QueryNode, QuerySyntaxError, parseQuery } from "./query-parse";

/**
 * The expression read last and its tree (which evaluating leaves as it is): a
 * run reads its --query three times (for its syntax, its functions and its
 * result), and a long one costs its size each time.
 */
let lastRead: { expression: string; tree: QueryNode } | undefined;
function treeOf(expression: string): QueryNode {
  if (lastRead?.expression !== expression) lastRead = { expression, tree: parseQuery(expression) };
  return lastRead.tree;
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
 * AWS CLI's parser of global options finds it, in its words.
 */
export function checkQuerySyntax(expression: string): QueryNode {
  if (expression === "") throw badQuery(expression, "Invalid JMESPath expression: cannot be empty.");
  try {
    return treeOf(expression);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw badQuery(expression, error.message);
    throw error;
  }
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
 * The query's result; a failure while evaluating it exits 255, in the AWS
 * CLI's words: a type error, or (where nothing was sent, so its functions were
 * not checked first) a function that does not exist or is given the wrong
 * number of arguments.
 */
export function applyQuery(expression: string, data: unknown, format?: string): unknown {
  return evaluate(treeOf(expression), data, format);
}
