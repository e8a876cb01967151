// The syntax of a --query expression, read as the AWS CLI reads it, so that a
// mistake gets the same reason, column and caret from either tool, and what
// the AWS CLI accepts is accepted here. Its reader takes the whole expression
// into tokens first (a character it has no token for is reported before any
// error of order), then reads the tokens by binding power (a Pratt parser).
// Positions count characters (code points), not UTF-16 units.
import { MAX_NESTING, NestingTooDeep, pyLstrip, pyRepr, pyStr } from "../common";
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
/** `c` (one code point) is A-Z, a-z or _: compared, not matched, as a long query asks it of every character. */
const isIdentifierStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
const isIdentifierPart = (c: string | undefined): boolean => isIdentifierStart(c) || isDigit(c);

/** The most digits Python's int() reads from text. */
const MAX_DIGITS = 4300;

/** The deepest nesting read; deeper is refused rather than risk the stack. */
const MAX_DEPTH = MAX_NESTING;

/** Reads `expression` into its tree, or throws a QuerySyntaxError with the AWS CLI's reason. */
export function parseQuery(expression: string): QueryNode {
  const chars = Array.from(expression);
  let tokens: Token[];
  try {
    tokens = new Lexer(expression, chars).tokens();
  } catch (error) {
    // A literal nested past the JSON reader's bound.
    if (error instanceof NestingTooDeep) throw new QuerySyntaxError(error.message);
    throw error;
  }
  return new Parser(expression, chars.length, tokens).whole();
}

const node = (type: string, ...children: QueryNode[]): QueryNode => ({ type, children });
const identity = (): QueryNode => node("identity");

/** Reads the tokens by binding power: a method for each production, one token looked at at a time. */
class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly expression: string,
    /** The expression's length in characters. */
    private readonly length: number,
    private readonly tokens: Token[],
  ) {}

  /** The whole expression: one expression, then nothing but the end. */
  whole(): QueryNode {
    const tree = this.parse(0);
    if (this.current() !== "eof")
      throw this.parseError(this.ahead(0), `Unexpected token: ${pyStr(this.ahead(0).value)}`);
    if (height(tree) > MAX_DEPTH) throw new QuerySyntaxError(new NestingTooDeep().message);
    return tree;
  }

  private current(): TokenType {
    return this.tokens[this.index].type;
  }

  private ahead(n: number): Token {
    return this.tokens[Math.min(this.index + n, this.tokens.length - 1)];
  }

  private advance(): void {
    this.index += 1;
  }

  private parseError(token: Token, reason: string): QuerySyntaxError {
    return new QuerySyntaxError(
      `${reason}: Parse error at column ${token.start}, token "${pyStr(token.value)}" (${token.type.toUpperCase()}), for expression:\n"${this.expression}"\n${" ".repeat(token.start + 1)}^`,
    );
  }

  private incomplete(): QuerySyntaxError {
    return new QuerySyntaxError(
      `Invalid jmespath expression: Incomplete expression:\n"${this.expression}"\n${" ".repeat(this.length + 1)}^`,
    );
  }

  /** An expected token missing: at the end, the expression is incomplete. */
  private expectedError(expected: string, token: Token): QuerySyntaxError {
    return token.type === "eof"
      ? this.incomplete()
      : this.parseError(token, `Expecting: ${expected}, got: ${token.type}`);
  }

  private match(type: TokenType): void {
    if (this.current() !== type) throw this.expectedError(type, this.ahead(0));
    this.advance();
  }

  /** An expression: a token that begins one, then each token that binds tighter than `power`. */
  private parse(power: number): QueryNode {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new QuerySyntaxError(new NestingTooDeep().message);
    const token = this.ahead(0);
    this.advance();
    let left = this.prefix(token);
    while (power < binding(this.current())) {
      const operator = this.ahead(0);
      this.advance();
      left = this.infix(operator, left);
    }
    this.depth -= 1;
    return left;
  }

  /** A token that begins an expression. */
  private prefix(token: Token): QueryNode {
    switch (token.type) {
      case "literal":
        return { type: "literal", value: token.value, children: [] };
      case "current":
        return node("current");
      case "unquoted_identifier":
        return { type: "field", name: token.value as string, children: [] };
      case "quoted_identifier":
        if (this.current() === "lparen") {
          throw this.parseError({ ...this.ahead(0), start: 0 }, "Quoted identifier not allowed for function names.");
        }
        return { type: "field", name: pyStr(token.value), children: [] };
      case "star":
        return node(
          "value_projection",
          identity(),
          this.current() === "rbracket" ? identity() : this.projected(binding("star")),
        );
      case "filter":
        return this.filter(identity());
      case "lbrace":
        return this.multiSelectHash();
      case "lparen": {
        const inner = this.parse(0);
        this.match("rparen");
        return inner;
      }
      case "flatten":
        return this.flatten(identity());
      case "not":
        return node("not", this.parse(binding("not")));
      case "lbracket":
        return this.bracketPrefix();
      case "expref":
        return node("expref", this.parse(binding("expref")));
      case "eof":
        throw this.incomplete();
      default:
        throw this.parseError(token, "invalid token");
    }
  }

  /** A token that continues the expression on its left. */
  private infix(token: Token, left: QueryNode): QueryNode {
    switch (token.type) {
      case "dot":
        return this.dot(left);
      case "pipe":
      case "or":
      case "and":
        return node(token.type, left, this.parse(binding(token.type)));
      case "eq":
      case "ne":
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        return { type: "comparator", op: token.type, children: [left, this.parse(binding(token.type))] };
      case "lparen":
        return this.call(left, this.ahead(-2));
      case "filter":
        return this.filter(left);
      case "flatten":
        return this.flatten(left);
      case "lbracket":
        return this.bracketInfix(left);
      default:
        throw this.parseError(token, "invalid token");
    }
  }

  /** `[` beginning an expression: an index or slice, `[*]`, or a list `[a, b]`. */
  private bracketPrefix(): QueryNode {
    if (this.current() === "number" || this.current() === "colon")
      return this.indexed(identity(), this.indexExpression());
    if (this.current() === "star" && this.ahead(1).type === "rbracket") {
      this.advance();
      this.advance();
      return node("projection", identity(), this.projected(binding("star")));
    }
    return this.multiSelectList();
  }

  /** `[` after an expression: an index or slice, or `[*]`. */
  private bracketInfix(left: QueryNode): QueryNode {
    if (this.current() === "number" || this.current() === "colon") {
      const right = this.indexExpression();
      // An index or slice straight after another joins it, and projects nothing.
      if (left.type !== "index_expression") return this.indexed(left, right);
      left.children.push(right);
      return left;
    }
    this.match("star");
    this.match("rbracket");
    return node("projection", left, this.projected(binding("star")));
  }

  /** `.` after an expression: `.*`, or a step. */
  private dot(left: QueryNode): QueryNode {
    if (this.current() !== "star") {
      const right = this.dotted(binding("dot"));
      // A chain of steps is one node of many children, not a deep one.
      if (left.type !== "subexpression") return node("subexpression", left, right);
      left.children.push(right);
      return left;
    }
    this.advance();
    return node("value_projection", left, this.projected(binding("dot")));
  }

  /** `[]`: the expression on its left flattened, what follows projected onto it. */
  private flatten(left: QueryNode): QueryNode {
    return node("projection", node("flatten", left), this.projected(binding("flatten")));
  }

  /** A function call: the name is the field just read; its arguments, commas between or not, up to `)`. */
  private call(left: QueryNode, nameToken: Token): QueryNode {
    if (left.type !== "field" || left.name === undefined) {
      throw this.parseError(nameToken, `Invalid function name '${pyStr(nameToken.value)}'`);
    }
    const args: QueryNode[] = [];
    while (this.current() !== "rparen") {
      const arg = this.parse(0);
      if (this.current() === "comma") this.match("comma");
      args.push(arg);
    }
    this.match("rparen");
    return { type: "function", name: left.name, children: args };
  }

  private filter(left: QueryNode): QueryNode {
    const condition = this.parse(0);
    this.match("rbracket");
    const right = this.current() === "flatten" ? identity() : this.projected(binding("filter"));
    return node("filter_projection", left, right, condition);
  }

  /** `[N]`, or a slice `[start:stop:step]`, once its `[` is read. */
  private indexExpression(): QueryNode {
    if (this.ahead(0).type === "colon" || this.ahead(1).type === "colon") return this.slice();
    const index = this.ahead(0).value;
    this.advance();
    this.match("rbracket");
    return { type: "index", value: index, children: [] };
  }

  /** `[start:stop:step]`, each part a number or left out, once its `[` is read. */
  private slice(): QueryNode {
    const parts: Array<bigint | null> = [null, null, null];
    let part = 0;
    while (this.current() !== "rbracket" && part < 3) {
      if (this.current() === "colon") {
        part += 1;
        if (part === 3) throw this.parseError(this.ahead(0), "syntax error");
      } else if (this.current() === "number") parts[part] = this.ahead(0).value as bigint;
      else throw this.parseError(this.ahead(0), "syntax error");
      this.advance();
    }
    this.match("rbracket");
    return { type: "slice", parts, children: [] };
  }

  /** An index keeps its place; a slice projects what follows onto each element. */
  private indexed(left: QueryNode, right: QueryNode): QueryNode {
    const expression = node("index_expression", left, right);
    return right.type === "slice" ? node("projection", expression, this.projected(binding("star"))) : expression;
  }

  /** What a projection applies to each element: nothing more, or what follows. */
  private projected(power: number): QueryNode {
    if (binding(this.current()) < 10) return identity();
    if (this.current() === "lbracket" || this.current() === "filter") return this.parse(power);
    if (this.current() === "dot") {
      this.match("dot");
      return this.dotted(power);
    }
    throw this.parseError(this.ahead(0), "syntax error");
  }

  /** What may follow a dot: a name, `*`, a list `[...]` or a hash `{...}`. */
  private dotted(power: number): QueryNode {
    const type = this.current();
    if (type === "quoted_identifier" || type === "unquoted_identifier" || type === "star") return this.parse(power);
    if (type === "lbracket") {
      this.match("lbracket");
      return this.multiSelectList();
    }
    if (type === "lbrace") {
      this.match("lbrace");
      return this.multiSelectHash();
    }
    const allowed = ["quoted_identifier", "unquoted_identifier", "lbracket", "lbrace"];
    throw this.parseError(this.ahead(0), `Expecting: ${pyRepr(allowed)}, got: ${type}`);
  }

  private multiSelectList(): QueryNode {
    const items: QueryNode[] = [];
    for (;;) {
      items.push(this.parse(0));
      if (this.current() === "rbracket") break;
      this.match("comma");
    }
    this.match("rbracket");
    return node("multi_select_list", ...items);
  }

  /** `{key: value, ...}`, once its `{` is read; a pair may end without a comma. */
  private multiSelectHash(): QueryNode {
    const pairs: QueryNode[] = [];
    for (;;) {
      if (this.current() !== "quoted_identifier" && this.current() !== "unquoted_identifier") {
        throw this.expectedError(pyRepr(["quoted_identifier", "unquoted_identifier"]), this.ahead(0));
      }
      const key = pyStr(this.ahead(0).value);
      this.advance();
      this.match("colon");
      pairs.push({ type: "key_val_pair", name: key, children: [this.parse(0)] });
      if (this.current() === "comma") this.match("comma");
      else if (this.current() === "rbrace") {
        this.match("rbrace");
        break;
      }
    }
    return node("multi_select_dict", ...pairs);
  }
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

/**
 * Takes the expression into tokens, ending with `eof`, a method for each kind
 * of token by its first character; a character no token begins with is a
 * lexer error.
 */
class Lexer {
  private pos = 0;
  private readonly out: Token[] = [];

  constructor(
    private readonly expression: string,
    private readonly chars: string[],
  ) {}

  tokens(): Token[] {
    while (this.pos < this.chars.length) this.token(this.chars[this.pos]);
    this.out.push({ type: "eof", value: "", start: this.chars.length });
    return this.out;
  }

  /** The token that begins with `c`, at `pos`; whitespace is passed over. */
  private token(c: string): void {
    const start = this.pos;
    if (WHITESPACE.has(c)) {
      this.pos += 1;
    } else if (SINGLE[c] !== undefined) {
      this.push(SINGLE[c], c, start);
      this.pos += 1;
    } else if (isIdentifierStart(c)) {
      this.identifier(start);
    } else if (c === "[") {
      this.bracket(start);
    } else if (PAIRED[c] !== undefined) {
      this.paired(c, start);
    } else if (c === "=") {
      if (this.chars[this.pos + 1] !== "=") throw this.error("Unknown token '='", this.pos);
      this.push("eq", "==", start);
      this.pos += 2;
    } else if (isDigit(c) || c === "-") {
      this.number(c, start);
    } else if (c === '"') {
      this.quotedIdentifier(start);
    } else if (c === "'") {
      this.push("literal", this.delimited("'").replace(/\\'/g, "'"), start);
    } else if (c === "`") {
      const lexeme = this.delimited("`").replace(/\\`/g, "`");
      this.push(
        "literal",
        literal(lexeme, () => this.error(`Bad token ${lexeme}`, start)),
        start,
      );
    } else {
      throw this.error(`Unknown token ${c}`, this.pos);
    }
  }

  private error(message: string, at: number): QuerySyntaxError {
    return new QuerySyntaxError(`Bad jmespath expression: ${message}:\n${this.expression}\n${" ".repeat(at)}^`);
  }

  private push(type: TokenType, value: unknown, start: number): void {
    this.out.push({ type, value, start });
  }

  private identifier(start: number): void {
    while (isIdentifierPart(this.chars[this.pos + 1])) this.pos += 1;
    this.pos += 1;
    this.push("unquoted_identifier", this.chars.slice(start, this.pos).join(""), start);
  }

  /** `[`, `[]` or `[?`. */
  private bracket(start: number): void {
    const next = this.chars[this.pos + 1];
    const [type, text] = next === "]" ? ["flatten", "[]"] : next === "?" ? ["filter", "[?"] : ["lbracket", "["];
    this.push(type as TokenType, text, start);
    this.pos += text.length;
  }

  /** A character of PAIRED, alone or with the one that makes a longer token. */
  private paired(c: string, start: number): void {
    const [single, second, double] = PAIRED[c];
    if (this.chars[this.pos + 1] === second) {
      this.push(double, c + second, start);
      this.pos += 2;
    } else {
      this.push(single, c, start);
      this.pos += 1;
    }
  }

  /** An integer, perhaps negative, as Python's int() reads it. */
  private number(c: string, start: number): void {
    const { chars } = this;
    if (c === "-" && !isDigit(chars[this.pos + 1])) throw this.error("Unknown token '-'", this.pos);
    this.pos += 1;
    while (isDigit(chars[this.pos])) this.pos += 1;
    const digits = this.pos - start - (c === "-" ? 1 : 0);
    if (digits > MAX_DIGITS) {
      // Python's int() refuses text this long, in its own words.
      throw new QuerySyntaxError(
        `Exceeds the limit (${MAX_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
      );
    }
    this.push("number", BigInt(chars.slice(start, this.pos).join("")), start);
  }

  /** `"..."`: a name, read as a JSON string. */
  private quotedIdentifier(start: number): void {
    const lexeme = `"${this.delimited('"')}"`;
    try {
      this.push("quoted_identifier", parseJson(lexeme), start);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      throw this.error(error.message.split(":")[0], start);
    }
  }

  /** The text from the delimiter at `pos` to the next one not after a backslash (kept with its backslash). */
  private delimited(delimiter: string): string {
    const { chars } = this;
    const start = this.pos;
    let text = "";
    this.pos += 1;
    while (chars[this.pos] !== delimiter) {
      if (chars[this.pos] === "\\") {
        text += "\\";
        this.pos += 1;
      }
      if (this.pos >= chars.length) throw this.error(`Unclosed ${delimiter} delimiter`, start);
      text += chars[this.pos];
      this.pos += 1;
    }
    this.pos += 1;
    return text;
  }
}

/** A `literal`'s value: its JSON, or else (an older form) its text as a string. */
function literal(lexeme: string, bad: () => QuerySyntaxError): unknown {
  try {
    return parseJson(lexeme);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
  }
  try {
    return parseJson(`"${pyLstrip(lexeme)}"`);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw bad();
  }
}
