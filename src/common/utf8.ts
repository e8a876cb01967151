// Strict UTF-8, as Python's codec reads it: bytes that are not UTF-8 throw, and
// a byte-order mark is kept as text. One decoder, made when first needed, so
// that a run that decodes no file makes none.
let decoder: { decode(bytes: Uint8Array): string } | undefined;

/** The text of `bytes`; throws (a TypeError) when they are not UTF-8. */
export function strictUtf8(bytes: Uint8Array): string {
  decoder ??= new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  return decoder.decode(bytes);
}

/**
 * UTF-8's table: for the first byte of a multi-byte sequence, how many bytes
 * follow it and the range of the second (no overlong forms, no encoded
 * surrogates, nothing past U+10FFFF); undefined for a byte that starts none.
 * The others that follow are each 0x80..0xBF.
 */
export function utf8SequenceOf(first: number): [follow: number, low: number, high: number] | undefined {
  if (first >= 0xc2 && first <= 0xdf) return [1, 0x80, 0xbf];
  if (first === 0xe0) return [2, 0xa0, 0xbf];
  if (first === 0xed) return [2, 0x80, 0x9f];
  if (first >= 0xe1 && first <= 0xef) return [2, 0x80, 0xbf];
  if (first === 0xf0) return [3, 0x90, 0xbf];
  if (first === 0xf4) return [3, 0x80, 0x8f];
  if (first >= 0xf1 && first <= 0xf3) return [3, 0x80, 0xbf];
  return undefined;
}

/**
 * Whether `text` holds a lone surrogate (U+D800..U+DFFF not half of a pair):
 * String.prototype.isWellFormed, from ES2024, on every Node.js this runs on,
 * rather than the Unicode property Cs, whose tables V8 builds on first use.
 */
export const hasLoneSurrogate = (text: string): boolean =>
  !(text as string & { isWellFormed(): boolean }).isWellFormed();
