// Python's whitespace, as str.isspace() has it (Unicode's White_Space and
// U+001C..U+001F; a byte-order mark is not), and str.strip(), lstrip() and
// rstrip() with it: the AWS CLI strips config lines, parameter values, query
// literals and its messages so. Character by character, so that the cost
// stays linear in the text however its whitespace falls.

/** Whether the UTF-16 code unit `code` is whitespace to Python (all of it is in the BMP). */
function isPySpaceCode(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** `text` without the whitespace it starts with (str.lstrip()). */
export function pyLstrip(text: string): string {
  let start = 0;
  while (start < text.length && isPySpaceCode(text.charCodeAt(start))) start += 1;
  return start === 0 ? text : text.slice(start);
}

/** `text` without the whitespace it ends with (str.rstrip()). */
export function pyRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPySpaceCode(text.charCodeAt(end - 1))) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without whitespace at either end (str.strip()). */
export const pyStrip = (text: string): string => pyRstrip(pyLstrip(text));
