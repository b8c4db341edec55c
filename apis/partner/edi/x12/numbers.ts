/**
 * Numbers as X12 writes them and the canonical model reads them: control numbers compared as numbers (zero padding
 * ignored), R/N values turned into canonical decimal strings, and implied-decimal (N2) scaling done on strings.
 */
import { X12WriteError } from './errors';

const DIGITS = /^\d+$/;
const X12_DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;
const CANONICAL_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function stripZeros(digits: string): string {
  const stripped = digits.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

/** Control numbers and counts: equal as numbers when both are digit strings ("000005" = "5"), else verbatim. */
export function sameNumber(a: string, b: string): boolean {
  if (DIGITS.test(a) && DIGITS.test(b)) return stripZeros(a) === stripZeros(b);
  return a === b;
}

/** Whether `value` is a digit string equal to `count`. */
export function isCount(value: string | undefined, count: number): boolean {
  return value !== undefined && DIGITS.test(value) && stripZeros(value) === String(count);
}

/**
 * An X12 R or N0 value ("0008", "-.5", "7.50") as a canonical decimal string ("8", "-0.5", "7.50"): leading zeros
 * dropped, the fraction kept as sent. Undefined when it is not a number.
 */
export function normalizeDecimal(value: string): string | undefined {
  const match = X12_DECIMAL.exec(value);
  if (!match) return undefined;
  const [, sign, whole = '', fraction] = match;
  if (whole === '' && (fraction === undefined || fraction === '')) return undefined;
  const body = fraction === undefined || fraction === '' ? stripZeros(whole) : `${stripZeros(whole)}.${fraction}`;
  const zero = /^[0.]*$/.test(body);
  return sign && !zero ? `-${body}` : body;
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
