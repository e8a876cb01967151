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

export function createUsernameIndex(initialCapacity = 1024): UsernameIndex {
  let capacity = initialCapacity;
  let first = new Uint32Array(capacity);
  let second = new Uint32Array(capacity);
  let values = new Uint32Array(capacity); // 0: empty slot
  let size = 0;

  const slotOf = (
    a: number,
    b: number,
    firstArr: Uint32Array,
    secondArr: Uint32Array,
    valueArr: Uint32Array,
    cap: number,
  ): number => {
    let slot = (a ^ Math.imul(b, 0x9e3779b1)) & (cap - 1);
    while (valueArr[slot] !== 0 && (firstArr[slot] !== a || secondArr[slot] !== b)) slot = (slot + 1) & (cap - 1);
    return slot;
  };

  function grow(): void {
    const [oldFirst, oldSecond, oldValues, oldCapacity] = [first, second, values, capacity];
    capacity *= 2;
    first = new Uint32Array(capacity);
    second = new Uint32Array(capacity);
    values = new Uint32Array(capacity);
    for (let i = 0; i < oldCapacity; i += 1) {
      if (oldValues[i] === 0) continue;
      const slot = slotOf(oldFirst[i], oldSecond[i], first, second, values, capacity);
      first[slot] = oldFirst[i];
      second[slot] = oldSecond[i];
      values[slot] = oldValues[i];
    }
  }

  return {
    get(username) {
      const [a, b] = fingerprint(username);
      const value = values[slotOf(a, b, first, second, values, capacity)];
      return value === 0 ? undefined : value;
    },
    set(username, value) {
      if ((size + 1) * 2 > capacity) grow();
      const [a, b] = fingerprint(username);
      const slot = slotOf(a, b, first, second, values, capacity);
      if (values[slot] === 0) size += 1;
      first[slot] = a;
      second[slot] = b;
      values[slot] = value;
    },
    rewrite(change) {
      for (let i = 0; i < capacity; i += 1) if (values[i] !== 0) values[i] = change(values[i]);
    },
    get size() {
      return size;
    },
  };
}
