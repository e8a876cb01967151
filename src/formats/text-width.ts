// How many columns the AWS CLI's table gives a text: two for each character
// whose East Asian Width is wide, full-width or ambiguous, one for the rest.
import { WIDE_RANGES } from "./text-width-table";

function isWide(code: number): boolean {
  let low = 0;
  let high = WIDE_RANGES.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (code < WIDE_RANGES[mid * 2]) high = mid - 1;
    else if (code > WIDE_RANGES[mid * 2 + 1]) low = mid + 1;
    else return true;
  }
  return false;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) as number) ? 2 : 1;
  return width;
}
