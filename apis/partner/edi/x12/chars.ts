/**
 * Character classes by char code. The reader asks these of every element, control number and count it reads, so they
 * are loops over char codes: a regular expression per value cost the reader a fifth of its time.
 */

const ZERO = 48;
const NINE = 57;

/** Whether `code` is an ASCII digit (what `\d` means without the u flag). */
export function isDigitCode(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** Whether `value` is one or more ASCII digits (`/^\d+$/`). */
export function isDigits(value: string): boolean {
  const length = value.length;
  if (length === 0) return false;
  for (let i = 0; i < length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < ZERO || code > NINE) return false;
  }
  return true;
}

/** Whether `value` is exactly `count` ASCII digits (`/^\d{count}$/`). */
export function isDigitsOfLength(value: string, count: number): boolean {
  return value.length === count && isDigits(value);
}

/** The number the `count` digits of `value` at `from` write, or -1 when one of them is not a digit. */
export function digitsValue(value: string, from: number, count: number): number {
  let result = 0;
  for (let i = from; i < from + count; i += 1) {
    const code = value.charCodeAt(i);
    if (!(code >= ZERO && code <= NINE)) return -1;
    result = result * 10 + (code - ZERO);
  }
  return result;
}

/** Whether `value` holds a C0 control character or DEL (`/[\u0000-\u001f\u007f]/`). */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Whether `code` is an ASCII letter or digit. */
export function isAlphanumericCode(code: number): boolean {
  return (code >= ZERO && code <= NINE) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
