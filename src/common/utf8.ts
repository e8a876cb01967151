// Strict UTF-8, as Python's codec reads it: bytes that are not UTF-8 throw, and
// a byte-order mark is kept as text. One decoder, made when first needed, so
// that a run that decodes no file makes none.
let decoder: { decode(bytes: Uint8Array): string } | undefined;

/** The text of `bytes`; throws (a TypeError) when they are not UTF-8. */
export function strictUtf8(bytes: Uint8Array): string {
  decoder ??= new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  return decoder.decode(bytes);
}
