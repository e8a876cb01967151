// The shape of the code: no function in src/ spans more than 100 lines (from
// its first line to its last), and none takes more than 4 parameters (more
// is an options object). Every function-like node with a body counts:
// declarations, methods, accessors, constructors, arrow functions and
// function expressions, each on its own (the lines of a function inside
// another count toward both). Read with the TypeScript compiler's parser.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");

const MAX_LINES = 100;
const MAX_PARAMETERS = 4;

/** Every .ts file below `dir`, as a path from the project's root with "/" between folders. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") ? [relative(ROOT, path).split(sep).join("/")] : [];
  });
}

/** What a function is called where it is written, for the report. */
function nameOf(node: ts.FunctionLikeDeclaration, file: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name !== undefined) {
    return parent.name.getText(file);
  }
  return "(anonymous)";
}

/** Every function-like node with a body in `file`, outer ones first. */
function functionsIn(file: ts.SourceFile): ts.FunctionLikeDeclaration[] {
  const found: ts.FunctionLikeDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined) {
      found.push(node as ts.FunctionLikeDeclaration);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const parse = (name: string, text: string): ts.SourceFile =>
  ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);

/** The file's functions that break the rule, each as `path:line name: what`. */
function breaches(path: string): string[] {
  const file = parse(path, readFileSync(join(ROOT, path), "utf8"));
  return functionsIn(file).flatMap((fn) => {
    const first = file.getLineAndCharacterOfPosition(fn.getStart(file)).line + 1;
    const last = file.getLineAndCharacterOfPosition(fn.getEnd()).line + 1;
    const lines = last - first + 1;
    const where = `${path}:${first} ${nameOf(fn, file)}`;
    const found: string[] = [];
    if (lines > MAX_LINES) found.push(`${where}: ${lines} lines (at most ${MAX_LINES})`);
    if (fn.parameters.length > MAX_PARAMETERS) {
      found.push(`${where}: ${fn.parameters.length} parameters (at most ${MAX_PARAMETERS})`);
    }
    return found;
  });
}

describe("the shape of src/", () => {
  const files = tsFiles(SRC);

  test(`no function spans more than ${MAX_LINES} lines or takes more than ${MAX_PARAMETERS} parameters`, () => {
    const found = files.flatMap(breaches);
    expect(found, `Functions to split, or to give an options object:\n${found.join("\n")}\n`).toEqual([]);
  });

  test("the rule sees functions of every kind", () => {
    const sample = parse(
      "sample.ts",
      "function a(){}\nconst b = () => 1;\nclass C { constructor(){} m(){} get g(){ return 1; } }\nconst o = { p: function(){} };",
    );
    expect(functionsIn(sample).map((fn) => nameOf(fn, sample))).toEqual(["a", "b", "constructor", "m", "g", "p"]);
  });
});
