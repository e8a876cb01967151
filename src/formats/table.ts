// --output table: the result as the AWS CLI draws it. A titled box holds one
// section per object; an object's scalar members make a header row and a value
// row (a single member makes a key/value row), each nested member a section
// indented inside it; a list of objects shares one header row. Every section
// stretches to the width of the widest, its columns scaled in proportion.
import { OPERATION, PyFloat, failed } from "../common";
import { isNested, isObject, type Json, sortedKeys, unprintable } from "../output";
import { pyStr } from "../common";
import { textWidth } from "./text-width";

const isScalar = (v: Json): boolean => !isNested(v);
/** What Python counts as false: nothing to draw. */
const isEmpty = (v: Json): boolean =>
  v === null ||
  v === undefined ||
  v === false ||
  v === 0 ||
  (v instanceof PyFloat && v.value === 0) ||
  v === "" ||
  (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

interface Section {
  /** null: a section without a title line (it still counts "None" for its width). */
  title: string | null;
  indent: number;
  headers: string[];
  rows: string[][];
  columns?: number;
  widths: number[];
}

/** The sections of the table for `result`; none when there is nothing to draw. */
function buildSections(result: Json, title: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;

  const open = (title: string | null, indent: number): void => {
    current = { title, indent, headers: [], rows: [], widths: [] };
    sections.push(current);
  };
  const measure = (cells: string[]): void => {
    const section = current as Section;
    cells.forEach((cell, i) => {
      section.widths[i] = Math.max(section.widths[i] ?? 0, textWidth(cell));
    });
  };
  const header = (keys: string[]): void => {
    (current as Section).headers = keys;
    measure(keys);
  };
  const row = (values: Json[]): void => {
    const section = current;
    if (!section) throw unprintable("table", "a list that mixes objects with other values");
    if (section.columns !== undefined && values.length !== section.columns) {
      throw failed(`Row should have ${section.columns} elements, instead it has ${values.length}`);
    }
    section.columns ??= values.length;
    const cells = values.map(pyStr);
    section.rows.push(cells);
    measure(cells);
  };

  /** Adds `value` under `title` (undefined: into the section in progress); false when there is nothing to draw. */
  function add(title: string | null | undefined, value: Json, indent = 0): boolean {
    if (isEmpty(value)) return false;
    if (title !== undefined) open(title, indent);
    if (Array.isArray(value)) {
      if (isObject(value[0])) addObjects(value, indent, title ?? null);
      else {
        for (const item of value) {
          if (isScalar(item)) row([item]);
          // The AWS CLI takes an object among scalars for a row of its keys.
          else if (isObject(item)) row(Object.keys(item));
          else if ((item as Json[]).every(isScalar)) row(item as Json[]);
          else add(undefined, item);
        }
      }
    } else if (isObject(value)) {
      addObject(value, indent);
    }
    return true;
  }

  function addObject(value: Record<string, Json>, indent: number): void {
    const keys = sortedKeys(Object.keys(value));
    const scalars = keys.filter((k) => isScalar(value[k]));
    if (scalars.length === 1) row([scalars[0], value[scalars[0]]]);
    else if (scalars.length > 1) {
      header(scalars);
      row(scalars.map((k) => value[k]));
    }
    for (const key of keys.filter((k) => !isScalar(value[k]))) add(key, value[key], indent + 1);
  }

  function addObjects(list: Json[], indent: number, title: string | null): void {
    if (!list.every(isObject)) throw unprintable("table", "a list that mixes objects with other values");
    const objects = list as Array<Record<string, Json>>;
    const scalarKeys = new Set<string>();
    const nestedKeys = new Set<string>();
    for (const item of objects)
      for (const [k, v] of Object.entries(item)) (isScalar(v) ? scalarKeys : nestedKeys).add(k);
    const headers = sortedKeys(scalarKeys);
    const nested = sortedKeys(nestedKeys);
    header(headers);
    objects.forEach((item, i) => {
      if (i > 0 && nested.length > 0) {
        open(title, indent);
        header(headers);
      }
      row(headers.map((k) => (k in item ? item[k] : "")));
      for (const key of nested) if (key in item) add(key, item[key], indent + 1);
    });
  }

  return add(title, result) ? sections : [];
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const PADDING = 4;

function sectionWidth(section: Section): number {
  const columns = section.widths.reduce((sum, w) => sum + w + PADDING, 0) + 2 + 2 * section.indent;
  const title = textWidth(section.title ?? "None") + 2 + 2 * section.indent;
  return Math.max(columns, title);
}

/** The section's column widths stretched or shrunk to add up to `total`. */
function columnWidths(section: Section, total: number): number[] {
  const natural = section.widths.map((w) => w + PADDING);
  if (natural.length === 0) return [];
  const scale = total / natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((w) => roundHalfEven(scale * w));
  let over = widths.reduce((a, b) => a + b, 0) - total;
  while (over !== 0) {
    const order = widths.map((_, i) => i);
    if (over < 0) order.reverse();
    for (const i of order) {
      widths[i] += over > 0 ? -1 : 1;
      over += over > 0 ? -1 : 1;
      if (over === 0) break;
    }
  }
  return widths;
}

export interface Style {
  cell: (text: string) => string;
  indent: string;
}

const PLAIN: Style = { cell: (text) => text, indent: "|" };
const COLORED: Style = { cell: (text) => `\x1b[1m\x1b[34m${text}\x1b[0m`, indent: "\x1b[2m\x1b[33m|\x1b[0m" };

function centred(text: string, width: number, left: string): string {
  const start = Math.floor(width / 2) - Math.floor(textWidth(text) / 2) - 1;
  const used = left.length + start + textWidth(text);
  return `${left}${" ".repeat(start)}${text}${" ".repeat(width - 1 - used)}|`;
}

function leftAligned(text: string, shown: string, width: number, left: string): string {
  const pad = width - (textWidth(text) + 2 + left.length + 1) >= 0 ? 2 : 0;
  const used = left.length + pad + textWidth(text);
  return `${left}${" ".repeat(pad)}${shown}${" ".repeat(width - used - 1)}|`;
}

function ruler(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${"-".repeat(w - 2)}+` : `${"-".repeat(w - 1)}+`)).join("");
}

/**
 * A table wider than the terminal turns each one-row section with headers
 * into rows of header and value.
 */
function fitTo(sections: Section[], terminalWidth: number): void {
  if (Math.max(...sections.map(sectionWidth)) <= terminalWidth) return;
  for (const section of sections) {
    if (section.headers.length === 0 || section.rows.length !== 1) continue;
    const [row] = section.rows;
    section.rows = section.headers.map((header, i) => [header, row[i]]);
    section.headers = [];
    section.columns = 2;
    section.widths = [0, 1].map((i) => Math.max(...section.rows.map((r) => textWidth(r[i]))));
  }
}

function draw(sections: Section[], style: Style, terminalWidth: number): string[] {
  fitTo(sections, terminalWidth);
  const total = Math.max(...sections.map(sectionWidth));
  const lines = [{ indent: 0, text: "-".repeat(total) }];
  for (const section of sections) {
    const width = total - 2 * section.indent;
    const push = (text: string): void => {
      lines.push({ indent: section.indent, text });
    };
    if (section.title) {
      push(centred(section.title, width, "|"));
      if (section.headers.length === 0 && section.rows.length === 0) push(`+${"-".repeat(width - 2)}+`);
    }
    const widths = columnWidths(section, width);
    if (section.headers.length > 0) {
      push(ruler(widths));
      push(section.headers.map((h, i) => centred(h, widths[i], i === 0 ? "|" : "")).join(""));
    }
    if (section.rows.length > 0 && widths.length > 0) {
      push(ruler(widths));
      for (const row of section.rows) {
        push(row.map((cell, i) => leftAligned(cell, style.cell(cell), widths[i], i === 0 ? "|" : "")).join(""));
      }
      push(ruler(widths));
    }
  }
  return lines.map(({ indent, text }) => style.indent.repeat(indent) + text + style.indent.repeat(indent));
}

/**
 * The table as the AWS CLI's table writer lays it out, before its terminal
 * layer; `colored` styles cells and borders as --color on does.
 */
export function tableLines(result: Json, colored = false, terminalWidth = 80, title = OPERATION): string[] {
  const sections = buildSections(result, title);
  if (sections.length === 0) return [];
  return draw(sections, colored ? COLORED : PLAIN, terminalWidth);
}

/**
 * --output table of a result. With color, the AWS CLI's terminal layer resets
 * the style around each line's borders and at the end; so do we.
 */
/** `title`: the outer section's, the operation's name for a response ("error" for an error). */
export function renderTable(result: Json, colored: boolean, terminalWidth = 80, title = OPERATION): string {
  const lines = tableLines(result, colored, terminalWidth, title);
  if (lines.length === 0) return "";
  if (!colored) return lines.map((line) => `${line}\n`).join("");
  const reset = "\x1b[0m";
  const bar = COLORED.indent;
  const [first, ...rest] = lines;
  const wrapped = rest.map((line) => {
    let depth = 0;
    while (line.startsWith(bar, depth * bar.length)) depth += 1;
    const borders = bar.repeat(depth);
    const inner = line.slice(borders.length, line.length - borders.length);
    return `${reset}${borders}${reset}${inner}${reset}${borders}${reset}\n`;
  });
  return `${first}\n${wrapped.join("")}${reset}`;
}
