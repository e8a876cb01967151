// A compact map from usernames to small numbers (a line number, a status), so
// that a bulk run over a million users stays within a flat memory budget: each
// username is kept as a 64-bit fingerprint (two independent 32-bit hashes) in
// typed arrays, about 24 bytes a user, instead of as a string in a Map. Two
// different usernames would have to share all 64 bits to be confused: for a
// million users, a chance of about 1 in 30 million.

export interface UsernameIndex {
  get(username: string): number | undefined;
  /** `value` must be at least 1. */
  set(username: string, value: number): void;
  /** Rewrites every value (to one of at least 1). */
  rewrite(change: (value: number) => number): void;
  readonly size: number;
}

function fingerprint(text: string): [number, number] {
  // FNV-1a and a multiply-rotate hash with another seed, over UTF-16 code units.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b = (b << 13) | (b >>> 19);
  }
  a ^= text.length;
  b = Math.imul(b ^ (b >>> 15), 0x27d4eb2d) ^ text.length;
  return [a >>> 0, b >>> 0];
}

/** An open-addressing table of fingerprints: slot i holds `first[i]`, `second[i]` and its value (0: empty). */
interface Table {
  readonly first: Uint32Array;
  readonly second: Uint32Array;
  readonly values: Uint32Array;
  /** A power of two. */
  readonly capacity: number;
}

function newTable(capacity: number): Table {
  return {
    first: new Uint32Array(capacity),
    second: new Uint32Array(capacity),
    values: new Uint32Array(capacity),
    capacity,
  };
}

/** The slot that holds the fingerprint (a, b), or the empty one where it would go. */
function slotOf(table: Table, a: number, b: number): number {
  const { first, second, values, capacity } = table;
  let slot = (a ^ Math.imul(b, 0x9e3779b1)) & (capacity - 1);
  while (values[slot] !== 0 && (first[slot] !== a || second[slot] !== b)) slot = (slot + 1) & (capacity - 1);
  return slot;
}

export function createUsernameIndex(initialCapacity = 1024): UsernameIndex {
  let table = newTable(initialCapacity);
  let size = 0;

  function grow(): void {
    const old = table;
    table = newTable(old.capacity * 2);
    const { first, second, values } = table;
    for (let i = 0; i < old.capacity; i += 1) {
      if (old.values[i] === 0) continue;
      const slot = slotOf(table, old.first[i], old.second[i]);
      first[slot] = old.first[i];
      second[slot] = old.second[i];
      values[slot] = old.values[i];
    }
  }

  return {
    get(username) {
      const [a, b] = fingerprint(username);
      const value = table.values[slotOf(table, a, b)];
      return value === 0 ? undefined : value;
    },
    set(username, value) {
      if ((size + 1) * 2 > table.capacity) grow();
      const [a, b] = fingerprint(username);
      const slot = slotOf(table, a, b);
      if (table.values[slot] === 0) size += 1;
      table.first[slot] = a;
      table.second[slot] = b;
      table.values[slot] = value;
    },
    rewrite(change) {
      const { values, capacity } = table;
      for (let i = 0; i < capacity; i += 1) if (values[i] !== 0) values[i] = change(values[i]);
    },
    get size() {
      return size;
    },
  };
}
