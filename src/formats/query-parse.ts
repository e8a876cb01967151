// The syntax of a --query expression, read as the AWS CLI reads it, so that a
// mistake gets the same reason, column and caret from either tool, and what
// the AWS CLI accepts is accepted here. Its reader takes the whole expression
// into tokens first (a character it has no token for is reported before any
// error of order), then reads the tokens by binding power (a Pratt parser).
// Positions count characters (code points), not UTF-16 units.
import { MAX_NESTING, NestingTooDeep, pyRepr, pyStr } from "../common";
import { JsonSyntaxError, parseJson } from "../input";

type TokenType =
  | "unquoted_identifier"
  | "quoted_identifier"
  | "literal"
  | "number"
  | "dot"
  | "star"
  | "flatten"
  | "filter"
  | "lbracket"
  | "rbracket"
  | "lbrace"
  | "rbrace"
  | "lparen"
  | "rparen"
  | "comma"
  | "colon"
  | "current"
  | "expref"
  | "pipe"
  | "or"
  | "and"
  | "not"
  | "eq"
  | "ne"
  | "lt"
  | "lte"
  | "gt"
  | "gte"
  | "eof";

interface Token {
  type: TokenType;
  value: unknown;
  start: number;
}

/**
 * The expression as a tree. `name`: a field's, a function's or a hash key's;
 * `value`: a literal's, or an index's; `parts`: a slice's start, stop and
 * step; `op`: a comparator's token type (eq, ne, lt, lte, gt, gte).
 */
export interface QueryNode {
  type: string;
  name?: string;
  value?: unknown;
  parts?: Array<bigint | null>;
  op?: string;
  children: QueryNode[];
}

/** The reason the AWS CLI gives after `Bad value for --query EXPR: `. */
export class QuerySyntaxError extends Error {}

/** How tightly each token binds to the expression on its left; 0 for those that bind none. */
const BINDING: Partial<Record<TokenType, number>> = {
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  ne: 5,
  lt: 5,
  lte: 5,
  gt: 5,
  gte: 5,
  flatten: 9,
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
};
const binding = (type: TokenType): number => BINDING[type] ?? 0;

/** One character, one token. */
const SINGLE: Record<string, TokenType> = {
  ".": "dot",
  "*": "star",
  "]": "rbracket",
  ",": "comma",
  ":": "colon",
  "@": "current",
  "(": "lparen",
  ")": "rparen",
  "{": "lbrace",
  "}": "rbrace",
};

/** A character, then what follows it when it makes a longer token. */
const PAIRED: Record<string, [TokenType, string, TokenType]> = {
  "|": ["pipe", "|", "or"],
  "&": ["expref", "&", "and"],
  "<": ["lt", "=", "lte"],
  ">": ["gt", "=", "gte"],
  "!": ["not", "=", "ne"],
};

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isIdentifierStart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z_]$/.test(c);
const isIdentifierPart = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
/** What Python's str.lstrip() takes off. */
const LEADING_SPACE = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** The most digits Python's int() reads from text. */
const MAX_DIGITS = 4300;

/** The deepest nesting read; deeper is refused rather than risk the stack. */
const MAX_DEPTH = MAX_NESTING;

/** Reads `expression` into its tree, or throws a QuerySyntaxError with the AWS CLI's reason. */
export function parseQuery(expression: string): QueryNode {
  const chars = Array.from(expression);
  const lexerError = (message: string, at: number): QuerySyntaxError =>
    new QuerySyntaxError(`Bad jmespath expression: ${message}:\n${expression}\n${" ".repeat(at)}^`);
  let tokens: Token[];
  try {
    tokens = tokenize(chars, lexerError);
  } catch (error) {
    // A literal nested past the JSON reader's bound.
    if (error instanceof NestingTooDeep) throw new QuerySyntaxError(error.message);
    throw error;
  }
  let index = 0;
  let depth = 0;

  const current = (): TokenType => tokens[index].type;
  const ahead = (n: number): Token => tokens[Math.min(index + n, tokens.length - 1)];
  const advance = (): void => {
    index += 1;
  };
  const parseError = (token: Token, reason: string): QuerySyntaxError =>
    new QuerySyntaxError(
      `${reason}: Parse error at column ${token.start}, token "${pyStr(token.value)}" (${token.type.toUpperCase()}), for expression:\n"${expression}"\n${" ".repeat(token.start + 1)}^`,
    );
  const incomplete = (): QuerySyntaxError =>
    new QuerySyntaxError(
      `Invalid jmespath expression: Incomplete expression:\n"${expression}"\n${" ".repeat(chars.length + 1)}^`,
    );
  /** An expected token missing: at the end, the expression is incomplete. */
  const expectedError = (expected: string, token: Token): QuerySyntaxError =>
    token.type === "eof" ? incomplete() : parseError(token, `Expecting: ${expected}, got: ${token.type}`);
  const match = (type: TokenType): void => {
    if (current() !== type) throw expectedError(type, ahead(0));
    advance();
  };
  const node = (type: string, ...children: QueryNode[]): QueryNode => ({ type, children });
  const identity = (): QueryNode => node("identity");

  function parse(power: number): QueryNode {
    depth += 1;
    if (depth > MAX_DEPTH) throw new QuerySyntaxError(new NestingTooDeep().message);
    const token = ahead(0);
    advance();
    let left = prefix(token);
    while (power < binding(current())) {
      const operator = ahead(0);
      advance();
      left = infix(operator, left);
    }
    depth -= 1;
    return left;
  }

  /** A token that begins an expression. */
  function prefix(token: Token): QueryNode {
    switch (token.type) {
      case "literal":
        return { type: "literal", value: token.value, children: [] };
      case "current":
        return node("current");
      case "unquoted_identifier":
        return { type: "field", name: token.value as string, children: [] };
      case "quoted_identifier":
        if (current() === "lparen") {
          throw parseError({ ...ahead(0), start: 0 }, "Quoted identifier not allowed for function names.");
        }
        return { type: "field", name: pyStr(token.value), children: [] };
      case "star":
        return node("value_projection", identity(), current() === "rbracket" ? identity() : projected(binding("star")));
      case "filter":
        return filter(identity());
      case "lbrace":
        return multiSelectHash();
      case "lparen": {
        const inner = parse(0);
        match("rparen");
        return inner;
      }
      case "flatten":
        return node("projection", node("flatten", identity()), projected(binding("flatten")));
      case "not":
        return node("not", parse(binding("not")));
      case "lbracket":
        if (current() === "number" || current() === "colon") return indexed(identity(), indexExpression());
        if (current() === "star" && ahead(1).type === "rbracket") {
          advance();
          advance();
          return node("projection", identity(), projected(binding("star")));
        }
        return multiSelectList();
      case "expref":
        return node("expref", parse(binding("expref")));
      case "eof":
        throw incomplete();
      default:
        throw parseError(token, "invalid token");
    }
  }

  /** A token that continues the expression on its left. */
  function infix(token: Token, left: QueryNode): QueryNode {
    switch (token.type) {
      case "dot":
        if (current() !== "star") {
          const right = dotted(binding("dot"));
          // A chain of steps is one node of many children, not a deep one.
          if (left.type !== "subexpression") return node("subexpression", left, right);
          left.children.push(right);
          return left;
        }
        advance();
        return node("value_projection", left, projected(binding("dot")));
      case "pipe":
      case "or":
      case "and":
        return node(token.type, left, parse(binding(token.type)));
      case "eq":
      case "ne":
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        return { type: "comparator", op: token.type, children: [left, parse(binding(token.type))] };
      case "lparen":
        return call(left, ahead(-2));
      case "filter":
        return filter(left);
      case "flatten":
        return node("projection", node("flatten", left), projected(binding("flatten")));
      case "lbracket":
        if (current() === "number" || current() === "colon") {
          const right = indexExpression();
          // An index or slice straight after another joins it, and projects nothing.
          if (left.type !== "index_expression") return indexed(left, right);
          left.children.push(right);
          return left;
        }
        match("star");
        match("rbracket");
        return node("projection", left, projected(binding("star")));
      default:
        throw parseError(token, "invalid token");
    }
  }

  /** A function call: the name is the field just read; its arguments, commas between or not, up to `)`. */
  function call(left: QueryNode, nameToken: Token): QueryNode {
    if (left.type !== "field" || left.name === undefined) {
      throw parseError(nameToken, `Invalid function name '${pyStr(nameToken.value)}'`);
    }
    const args: QueryNode[] = [];
    while (current() !== "rparen") {
      const arg = parse(0);
      if (current() === "comma") match("comma");
      args.push(arg);
    }
    match("rparen");
    return { type: "function", name: left.name, children: args };
  }

  function filter(left: QueryNode): QueryNode {
    const condition = parse(0);
    match("rbracket");
    const right = current() === "flatten" ? identity() : projected(binding("filter"));
    return node("filter_projection", left, right, condition);
  }

  /** `[N]`, or a slice `[start:stop:step]`, once its `[` is read. */
  function indexExpression(): QueryNode {
    if (ahead(0).type === "colon" || ahead(1).type === "colon") {
      const parts: Array<bigint | null> = [null, null, null];
      let part = 0;
      while (current() !== "rbracket" && part < 3) {
        if (current() === "colon") {
          part += 1;
          if (part === 3) throw parseError(ahead(0), "syntax error");
        } else if (current() === "number") parts[part] = ahead(0).value as bigint;
        else throw parseError(ahead(0), "syntax error");
        advance();
      }
      match("rbracket");
      return { type: "slice", parts, children: [] };
    }
    const index = ahead(0).value;
    advance();
    match("rbracket");
    return { type: "index", value: index, children: [] };
  }

  /** An index keeps its place; a slice projects what follows onto each element. */
  function indexed(left: QueryNode, right: QueryNode): QueryNode {
    const expression = node("index_expression", left, right);
    return right.type === "slice" ? node("projection", expression, projected(binding("star"))) : expression;
  }

  /** What a projection applies to each element: nothing more, or what follows. */
  function projected(power: number): QueryNode {
    if (binding(current()) < 10) return identity();
    if (current() === "lbracket" || current() === "filter") return parse(power);
    if (current() === "dot") {
      match("dot");
      return dotted(power);
    }
    throw parseError(ahead(0), "syntax error");
  }

  /** What may follow a dot: a name, `*`, a list `[...]` or a hash `{...}`. */
  function dotted(power: number): QueryNode {
    const type = current();
    if (type === "quoted_identifier" || type === "unquoted_identifier" || type === "star") return parse(power);
    if (type === "lbracket") {
      match("lbracket");
      return multiSelectList();
    }
    if (type === "lbrace") {
      match("lbrace");
      return multiSelectHash();
    }
    const allowed = ["quoted_identifier", "unquoted_identifier", "lbracket", "lbrace"];
    throw parseError(ahead(0), `Expecting: ${pyRepr(allowed)}, got: ${type}`);
  }

  function multiSelectList(): QueryNode {
    const items: QueryNode[] = [];
    for (;;) {
      items.push(parse(0));
      if (current() === "rbracket") break;
      match("comma");
    }
    match("rbracket");
    return node("multi_select_list", ...items);
  }

  /** `{key: value, ...}`, once its `{` is read; a pair may end without a comma. */
  function multiSelectHash(): QueryNode {
    const pairs: QueryNode[] = [];
    for (;;) {
      if (current() !== "quoted_identifier" && current() !== "unquoted_identifier") {
        throw expectedError(pyRepr(["quoted_identifier", "unquoted_identifier"]), ahead(0));
      }
      const key = pyStr(ahead(0).value);
      advance();
      match("colon");
      pairs.push({ type: "key_val_pair", name: key, children: [parse(0)] });
      if (current() === "comma") match("comma");
      else if (current() === "rbrace") {
        match("rbrace");
        break;
      }
    }
    return node("multi_select_dict", ...pairs);
  }

  const tree = parse(0);
  if (current() !== "eof") throw parseError(ahead(0), `Unexpected token: ${pyStr(ahead(0).value)}`);
  if (height(tree) > MAX_DEPTH) throw new QuerySyntaxError(new NestingTooDeep().message);
  return tree;
}

/** How many levels the tree has (`a | b | c ...` nests to the left), counted without recursion. */
function height(tree: QueryNode): number {
  let most = 0;
  const stack: Array<[QueryNode, number]> = [[tree, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, level] = top;
    most = Math.max(most, level);
    for (const child of node.children) stack.push([child, level + 1]);
  }
  return most;
}

/** The expression's tokens, ending with `eof`; a character no token begins with is a lexer error. */
function tokenize(chars: string[], lexerError: (message: string, at: number) => QuerySyntaxError): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  /** The text from the delimiter at `pos` to the next one not after a backslash (kept with its backslash). */
  const delimited = (delimiter: string): string => {
    const start = pos;
    let text = "";
    pos += 1;
    while (chars[pos] !== delimiter) {
      if (chars[pos] === "\\") {
        text += "\\";
        pos += 1;
      }
      if (pos >= chars.length) throw lexerError(`Unclosed ${delimiter} delimiter`, start);
      text += chars[pos];
      pos += 1;
    }
    pos += 1;
    return text;
  };
  while (pos < chars.length) {
    const c = chars[pos];
    const start = pos;
    const push = (type: TokenType, value: unknown): void => {
      tokens.push({ type, value, start });
    };
    if (WHITESPACE.has(c)) {
      pos += 1;
    } else if (SINGLE[c] !== undefined) {
      push(SINGLE[c], c);
      pos += 1;
    } else if (isIdentifierStart(c)) {
      while (isIdentifierPart(chars[pos + 1])) pos += 1;
      pos += 1;
      push("unquoted_identifier", chars.slice(start, pos).join(""));
    } else if (c === "[") {
      const next = chars[pos + 1];
      const [type, text] = next === "]" ? ["flatten", "[]"] : next === "?" ? ["filter", "[?"] : ["lbracket", "["];
      push(type as TokenType, text);
      pos += text.length;
    } else if (PAIRED[c] !== undefined) {
      const [single, second, double] = PAIRED[c];
      if (chars[pos + 1] === second) {
        push(double, c + second);
        pos += 2;
      } else {
        push(single, c);
        pos += 1;
      }
    } else if (c === "=") {
      if (chars[pos + 1] !== "=") throw lexerError("Unknown token '='", pos);
      push("eq", "==");
      pos += 2;
    } else if (isDigit(c) || c === "-") {
      if (c === "-" && !isDigit(chars[pos + 1])) throw lexerError("Unknown token '-'", pos);
      pos += 1;
      while (isDigit(chars[pos])) pos += 1;
      const digits = pos - start - (c === "-" ? 1 : 0);
      if (digits > MAX_DIGITS) {
        // Python's int() refuses text this long, in its own words.
        throw new QuerySyntaxError(
          `Exceeds the limit (${MAX_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
        );
      }
      push("number", BigInt(chars.slice(start, pos).join("")));
    } else if (c === '"') {
      const lexeme = `"${delimited('"')}"`;
      try {
        push("quoted_identifier", parseJson(lexeme));
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        throw lexerError(error.message.split(":")[0], start);
      }
    } else if (c === "'") {
      push("literal", delimited("'").replace(/\\'/g, "'"));
    } else if (c === "`") {
      const lexeme = delimited("`").replace(/\\`/g, "`");
      push(
        "literal",
        literal(lexeme, () => lexerError(`Bad token ${lexeme}`, start)),
      );
    } else {
      throw lexerError(`Unknown token ${c}`, pos);
    }
  }
  tokens.push({ type: "eof", value: "", start: chars.length });
  return tokens;
}

/** A `literal`'s value: its JSON, or else (an older form) its text as a string. */
function literal(lexeme: string, bad: () => QuerySyntaxError): unknown {
  try {
    return parseJson(lexeme);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
  }
  try {
    return parseJson(`"${lexeme.replace(LEADING_SPACE, "")}"`);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw bad();
  }
}
