/**
 * Exact arithmetic on the canonical model's decimal strings. Amounts never pass through JS numbers: "0.10" × 3
 * must be "0.30", not 0.30000000000000004. Values are held as BigInt at a fixed scale of 6 places.
 */

const SCALE = 6;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
}

function toScaled(value: string): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new DecimalFormatError(`'${value}' is not a decimal number`);
  const [, sign, whole, fraction = ''] = match as unknown as [string, string | undefined, string, string | undefined];
  if (fraction.length > SCALE) throw new DecimalFormatError(`'${value}' has more than ${SCALE} decimal places`);
  const scaled = BigInt(whole) * FACTOR + BigInt((fraction ?? '').padEnd(SCALE, '0'));
  return sign ? -scaled : scaled;
}

/** Rounds half away from zero to `places` and formats with exactly that many places. */
function fromScaled(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  let magnitude = negative ? -scaled : scaled;
  const drop = 10n ** BigInt(SCALE - places);
  magnitude = (magnitude + drop / 2n) / drop;
  const text = magnitude.toString().padStart(places + 1, '0');
  const body = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative && magnitude !== 0n ? `-${body}` : body;
}

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/** A decimal this module computes with exactly: at most 6 decimal places. */
export function isSupportedDecimal(value: string): boolean {
  const match = DECIMAL.exec(value.trim());
  return match !== null && (match[3] ?? '').length <= SCALE;
}

export function multiply(a: string, b: string, places = 2): string {
  return fromScaled((toScaled(a) * toScaled(b)) / FACTOR, places);
}

export function add(values: readonly string[], places = 2): string {
  return fromScaled(values.reduce((sum, value) => sum + toScaled(value), 0n), places);
}

/** -1, 0 or 1. */
export function compare(a: string, b: string): number {
  const difference = toScaled(a) - toScaled(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export function isPositive(value: string): boolean {
  return toScaled(value) > 0n;
}

export function isWhole(value: string): boolean {
  return toScaled(value) % FACTOR === 0n;
}

/** |a − b| as a percentage of |b|; Infinity when b is zero and a is not. */
export function percentDifference(a: string, b: string): number {
  const base = toScaled(b);
  const difference = toScaled(a) - base;
  if (base === 0n) return difference === 0n ? 0 : Number.POSITIVE_INFINITY;
  const magnitude = (difference < 0n ? -difference : difference) * 100n * FACTOR;
  return Number(magnitude / (base < 0n ? -base : base)) / Number(FACTOR);
}

/** a ÷ b, rounded half away from zero to `places`. Throws for b = 0. */
export function divide(a: string, b: string, places = 6): string {
  const divisor = toScaled(b);
  if (divisor === 0n) throw new RangeError('division by zero');
  // One extra digit of precision, so fromScaled rounds rather than truncates.
  return fromScaled((toScaled(a) * FACTOR) / divisor, places);
}

/** The shortest spelling of a decimal: no trailing fractional zeros ("12.500" → "12.5", "3.000" → "3"). */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}
