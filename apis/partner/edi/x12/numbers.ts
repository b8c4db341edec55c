/**
 * Numbers as X12 writes them and the canonical model reads them: control numbers compared as numbers (zero padding
 * ignored), R/N values turned into canonical decimal strings, and implied-decimal (N2) scaling done on strings.
 */
import { isDigitCode, isDigits } from './chars';
import { X12WriteError } from './errors';

const CANONICAL_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A digit string without its leading zeros ('0' when nothing is left). */
export function stripZeros(digits: string): string {
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 48) first += 1;
  if (first === digits.length) return '0';
  return first === 0 ? digits : digits.slice(first);
}

/** Control numbers and counts: equal as numbers when both are digit strings ("000005" = "5"), else verbatim. */
export function sameNumber(a: string, b: string): boolean {
  if (isDigits(a) && isDigits(b)) return stripZeros(a) === stripZeros(b);
  return a === b;
}

/** Whether `value` is a digit string equal to `count`. */
export function isCount(value: string | undefined, count: number): boolean {
  return value !== undefined && isDigits(value) && stripZeros(value) === String(count);
}

/** Whether `value[from, to)` is digits only. */
function allDigits(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isDigitCode(value.charCodeAt(i))) return false;
  return true;
}

/**
 * An X12 R or N0 value ("0008", "-.5", "7.50") as a canonical decimal string ("8", "-0.5", "7.50"): leading zeros
 * dropped, the fraction kept as sent. Undefined when it is not a number. Read by char code (map850 calls it twice per
 * line), and a value that is already canonical comes back as the same string.
 */
export function normalizeDecimal(value: string): string | undefined {
  const length = value.length;
  const negative = length > 0 && value.charCodeAt(0) === 45;
  const wholeStart = negative ? 1 : 0;
  let point = value.indexOf('.', wholeStart);
  if (point === -1) point = length;
  if (!allDigits(value, wholeStart, point) || !allDigits(value, point + 1, length)) return undefined;
  const hasFraction = point + 1 < length;
  if (point === wholeStart && !hasFraction) return undefined;
  let first = wholeStart;
  while (first < point - 1 && value.charCodeAt(first) === 48) first += 1;
  let body: string;
  if (first === wholeStart && point > wholeStart) {
    // No leading zero to drop: the text itself (the whole of it for an unsigned value with a fraction or no point).
    body = hasFraction ? value.slice(wholeStart) : value.slice(wholeStart, point);
  } else {
    const whole = first === point ? '0' : value.slice(first, point);
    body = hasFraction ? `${whole}.${value.slice(point + 1)}` : whole;
  }
  if (!negative) return body;
  // Minus zero is zero.
  let zero = true;
  for (let i = 0; i < body.length && zero; i += 1) zero = body.charCodeAt(i) === 48 || body.charCodeAt(i) === 46;
  return zero ? body : `-${body}`;
}

/** Whether `value` is a canonical decimal string ("12.50", "-3", "0.1"). */
export function isCanonicalDecimal(value: string): boolean {
  return CANONICAL_DECIMAL.test(value);
}

/**
 * A canonical decimal written with `places` implied decimals (810 TDS01: "2554.38" → "255438"). Never rounds: a
 * value with more significant places than the field has is refused.
 */
export function toImpliedDecimal(value: string, places: number, path?: string): string {
  const match = CANONICAL_DECIMAL.exec(value);
  if (!match) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${value}' is not a decimal number`, path);
  const [, sign, whole = '', fraction = ''] = match;
  const extra = fraction.slice(places);
  if (/[1-9]/.test(extra)) {
    throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${value}' has more than ${places} decimal places`, path);
  }
  const digits = stripZeros(whole + fraction.slice(0, places).padEnd(places, '0'));
  return sign && digits !== '0' ? `-${digits}` : digits;
}

/** An implied-decimal value read back as a canonical decimal ("255438", 2 → "2554.38"). */
export function fromImpliedDecimal(value: string, places: number): string | undefined {
  const match = /^(-)?(\d+)$/.exec(value);
  if (!match) return undefined;
  const [, sign, digits = ''] = match;
  const padded = digits.padStart(places + 1, '0');
  const whole = stripZeros(padded.slice(0, padded.length - places));
  const body = places === 0 ? whole : `${whole}.${padded.slice(padded.length - places)}`;
  return sign && /[1-9]/.test(digits) ? `-${body}` : body;
}

/** A canonical decimal as an X12 R value: checked, sent as is ("12.50" keeps its precision). */
export function toX12Decimal(value: string, path?: string): string {
  if (!CANONICAL_DECIMAL.test(value)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${value}' is not a decimal number`, path);
  return value;
}
