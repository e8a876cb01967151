// Objects built from what a user typed hold any key, `__proto__` too, as a
// key of their own. Assignment is linear over many keys where defining every
// key is not (each definition can copy the object's layout), so only the one
// key that assignment would mistake for the prototype is defined.

/**
 * The order keys were set in, kept (hidden) on an object once it has a key
 * that looks like an array index: JavaScript lists those first, in numeric
 * order, where Python keeps every key in the order it came.
 */
const KEY_ORDER = Symbol("keyOrder");
type Ordered = Record<string, unknown> & { [KEY_ORDER]?: string[] };

/** A key JavaScript lists before the others: a canonical array index. */
const isIndexLike = (key: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * Sets `key` on `target` as its own enumerable property, whatever the key,
 * and keeps the order keys are set in (ownKeys gives it back).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  const ordered = target as Ordered;
  const order = ordered[KEY_ORDER];
  if (!Object.hasOwn(target, key)) {
    if (order !== undefined) order.push(key);
    else if (isIndexLike(key)) {
      // No index-like key so far: the keys are listed in the order they came.
      Object.defineProperty(target, KEY_ORDER, { value: [...Object.keys(target), key], configurable: true });
    }
  }
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** An object's own keys in the order they were set (with setOwn), as Python keeps them. */
export function ownKeys(value: object): string[] {
  return (value as Ordered)[KEY_ORDER] ?? Object.keys(value);
}

/** An object's own entries in the order their keys were set. */
export function ownEntries(value: object): Array<[string, unknown]> {
  return ownKeys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
}

/**
 * The most levels of lists and objects a value may nest (JSON, YAML or
 * shorthand): deeper input is refused as it is read, so that nothing after
 * (validation, messages) recurses deeper than this.
 */
export const MAX_NESTING = 1000;

/** Thrown by a parser when input nests deeper than MAX_NESTING. */
export class NestingTooDeep extends Error {
  constructor() {
    super(`nesting too deep (more than ${MAX_NESTING} levels)`);
    this.name = "NestingTooDeep";
  }
}
