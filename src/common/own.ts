// Objects built from what a user typed hold any key, `__proto__` too, as a
// key of their own. Assignment is linear over many keys where defining every
// key is not (each definition can copy the object's layout), so only the one
// key that assignment would mistake for the prototype is defined.

/** Sets `key` on `target` as its own enumerable property, whatever the key. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
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
