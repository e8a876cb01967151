// The bytes of a `fileb://` file given to --cli-input-json or --cli-input-yaml,
// read as text as the AWS CLI reads them (measured with AWS CLI 2.36.7):
// - JSON: the encoding is found as RFC 4627 describes: a byte-order mark
//   (UTF-8, UTF-16 or UTF-32, either order), else where the first four bytes
//   are zero (UTF-16/32 without a mark), else UTF-8. One mark is taken off.
//   A lone surrogate passes (as an escape would give it); any other byte
//   sequence that is not the encoding's refuses the file ("Invalid JSON").
// - YAML: a UTF-16 mark (either order) reads UTF-16, else UTF-8; a mark is
//   left for the YAML reader to take off (so a second one stays text). Bytes
//   that are not the encoding's, lone surrogates included, refuse the file.
import { hasLoneSurrogate, strictUtf8 } from "../common";

/** Thrown for bytes that are not text in the encoding found. */
export class UndecodableBytes extends Error {
  constructor() {
    super("undecodable bytes");
    this.name = "UndecodableBytes";
  }
}

export type JsonEncoding =
  | "utf-8"
  | "utf-8-sig"
  | "utf-16"
  | "utf-16-le"
  | "utf-16-be"
  | "utf-32"
  | "utf-32-le"
  | "utf-32-be";

/** The encoding a JSON file's bytes are read in ("utf-16"/"utf-32": by the mark they start with). */
export function jsonEncoding(bytes: Uint8Array): JsonEncoding {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return "utf-8-sig";
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return "utf-32";
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return "utf-16";
  if (bytes.length >= 4) {
    if (b0 === 0) return b1 !== 0 ? "utf-16-be" : "utf-32-be";
    if (b1 === 0) return b2 !== 0 || b3 !== 0 ? "utf-16-le" : "utf-32-le";
  } else if (bytes.length === 2) {
    if (b0 === 0) return "utf-16-be";
    if (b1 === 0) return "utf-16-le";
  }
  return "utf-8";
}

/** The text of a JSON file's bytes; UndecodableBytes if they are not. */
export function decodeJsonBytes(bytes: Uint8Array): string {
  const encoding = jsonEncoding(bytes);
  switch (encoding) {
    case "utf-8":
      return utf8PassingSurrogates(bytes);
    case "utf-8-sig":
      return utf8PassingSurrogates(bytes.subarray(3));
    case "utf-16":
      return utf16(bytes.subarray(2), bytes[0] === 0xff, true);
    case "utf-16-le":
    case "utf-16-be":
      return utf16(bytes, encoding === "utf-16-le", true);
    case "utf-32":
      return utf32(bytes.subarray(4), bytes[0] === 0xff);
    default:
      return utf32(bytes, encoding === "utf-32-le");
  }
}

/** The text of a YAML file's bytes, any byte-order mark kept; UndecodableBytes if they are not text. */
export function decodeYamlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, true, false);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, false, false);
  try {
    return strictUtf8(bytes);
  } catch {
    throw new UndecodableBytes();
  }
}

/** A surrogate written as UTF-8 (ED A0..BF 80..BF), which UTF-8 itself forbids. */
const ENCODED_SURROGATE = /\xed[\xa0-\xbf][\x80-\xbf]/g;

/** Strict UTF-8, but that a surrogate written in it reads as that (lone) surrogate. */
function utf8PassingSurrogates(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const pieces: string[] = [];
  let from = 0;
  const decode = (end: number): void => {
    try {
      pieces.push(strictUtf8(bytes.subarray(from, end)));
    } catch {
      throw new UndecodableBytes();
    }
  };
  for (const match of latin1.matchAll(ENCODED_SURROGATE)) {
    decode(match.index);
    const [, b1, b2] = Array.from(match[0], (ch) => ch.charCodeAt(0));
    pieces.push(String.fromCharCode(0xd000 | ((b1 & 0x3f) << 6) | (b2 & 0x3f)));
    from = match.index + 3;
  }
  decode(bytes.length);
  return pieces.join("");
}

/** UTF-16 code units, each as it is; `lonePass`: a lone surrogate is kept, else refused. */
function utf16(bytes: Uint8Array, littleEndian: boolean, lonePass: boolean): string {
  if (bytes.length % 2 !== 0) throw new UndecodableBytes();
  const copy = Buffer.from(bytes);
  const text = (littleEndian ? copy : copy.swap16()).toString("utf16le");
  if (!lonePass && hasLoneSurrogate(text)) throw new UndecodableBytes();
  return text;
}

/** UTF-32 code points, surrogates among them passed as lone surrogates. */
function utf32(bytes: Uint8Array, littleEndian: boolean): string {
  if (bytes.length % 4 !== 0) throw new UndecodableBytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const point = view.getUint32(i, littleEndian);
    if (point > 0x10ffff) throw new UndecodableBytes();
    points.push(String.fromCodePoint(point));
  }
  return points.join("");
}
