// --output text: tab-separated lines, as the AWS CLI prints them. An object's
// scalar members make one line, in sorted key order; each nested member
// follows under its key in upper case; a list of objects shares one set of
// columns, the union of their scalar keys.
import { pyStr } from "../common";
import { isNested, isObject, type Json, sortedKeys, unprintable } from "../output";

function writeObject(
  lines: string[],
  value: Record<string, Json>,
  label: string | undefined,
  columns: string[] | undefined,
): void {
  const row: string[] = [];
  const nested: Array<[string, Json]> = [];
  if (columns === undefined) {
    for (const key of sortedKeys(Object.keys(value))) {
      if (isNested(value[key])) nested.push([key, value[key]]);
      else row.push(pyStr(value[key]));
    }
  } else {
    for (const key of columns) row.push(key in value ? pyStr(value[key]) : "");
    const rest = sortedKeys(Object.keys(value).filter((key) => !columns.includes(key)));
    for (const key of rest) nested.push([key, value[key]]);
  }
  if (row.length > 0) lines.push([...(label === undefined ? [] : [label.toUpperCase()]), ...row].join("\t"));
  for (const [key, child] of nested) write(lines, child, key);
}

function writeScalars(lines: string[], items: Json[], label: string | undefined): void {
  if (label === undefined) lines.push(items.map(pyStr).join("\t"));
  else for (const item of items) lines.push(`${label.toUpperCase()}\t${pyStr(item)}`);
}

function write(lines: string[], value: Json, label?: string, columns?: string[]): void {
  if (isObject(value)) {
    writeObject(lines, value, label, columns);
    return;
  }
  if (!Array.isArray(value)) {
    lines.push(pyStr(value));
    return;
  }
  if (value.length === 0) return;
  if (value.some(isObject)) {
    const other = value.find((item) => !isObject(item));
    if (other !== undefined) throw unprintable("text", "a list that mixes objects with other values");
    const keys = new Set<string>();
    for (const item of value as Array<Record<string, Json>>)
      for (const [k, v] of Object.entries(item)) if (!isNested(v)) keys.add(k);
    const shared = sortedKeys(keys);
    for (const item of value) write(lines, item, label, shared);
    return;
  }
  if (value.some(Array.isArray)) {
    const scalars = value.filter((item) => !Array.isArray(item));
    if (scalars.length > 0) writeScalars(lines, scalars, label);
    for (const item of value.filter(Array.isArray)) write(lines, item, label);
    return;
  }
  writeScalars(lines, value, label);
}

/** --output text of a result; an empty object prints nothing. */
export function renderText(result: Json): string {
  const lines: string[] = [];
  write(lines, result);
  return lines.map((line) => `${line}\n`).join("");
}
