/**
 * OData V2 JSON values to and from the v1 contract's: `/Date(ms)/` ↔ ISO dates, and `Edm.Decimal` strings kept exact
 * (decimal arithmetic on scaled BigInts, never JS numbers, as the canonical model requires).
 */

const ODATA_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * The instant an OData V2 `Edm.DateTime` (`/Date(1764288000000)/`) or `Edm.DateTimeOffset` (`/Date(…+0060)/`) names.
 * The epoch milliseconds are UTC in both forms; the offset only says where the value was entered.
 * Throws a `TypeError` for anything else.
 */
export function parseODataDate(value: string): Date {
  const match = ODATA_DATE.exec(value);
  if (!match) throw new TypeError(`not an OData date: ${JSON.stringify(value)}`);
  return new Date(Number(match[1]));
}

/** `/Date(ms)/` → `2026-11-28` (the UTC calendar date, which is how SAP sends `Edm.DateTime` dates). Empty → undefined. */
export function odataDateToIsoDate(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return parseODataDate(value).toISOString().slice(0, 10);
}

/** `/Date(ms)/` → `2026-11-28T09:30:00.000Z`. Empty → undefined. */
export function odataDateToIsoDateTime(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return parseODataDate(value).toISOString();
}

/** `2026-12-01` → `/Date(1796083200000)/` (midnight UTC, SAP's convention for a date in an `Edm.DateTime`). */
export function isoDateToOData(value: string): string {
  const match = ISO_DATE.exec(value);
  if (!match) throw new TypeError(`not an ISO date: ${JSON.stringify(value)}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const date = new Date(ms);
  if (date.toISOString().slice(0, 10) !== value) throw new TypeError(`not a calendar date: ${value}`);
  return `/Date(${ms})/`;
}

/** An exact decimal: `units / 10^scale`. */
interface ScaledDecimal {
  units: bigint;
  scale: number;
}

function parseDecimal(value: string | number): ScaledDecimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new TypeError(`not a decimal: ${JSON.stringify(value)}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2] || '0'}${fraction}`);
  return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function formatDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const integer = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative && units !== 0n ? '-' : ''}${integer}${fraction}`;
}

/**
 * A quantity as the contract shows it: no trailing fractional zeros (`"2.000"` → `"2"`, `"1.500"` → `"1.5"`).
 * SAP sends quantities at the scale of their field (three places), which says nothing about the quantity.
 */
export function normaliseQuantity(value: string | number): string {
  const decimal = parseDecimal(value);
  let { units, scale } = decimal;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return formatDecimal(units, scale);
}

/** An amount with at least two decimal places, none dropped (`"246.6"` → `"246.60"`, `"0.125"` stays). */
export function normaliseAmount(value: string | number): string {
  const decimal = parseDecimal(value);
  const scale = Math.max(2, decimal.scale);
  return formatDecimal(rescale(decimal, scale), scale);
}

/** Exact sum of two decimal strings, at the larger of their scales. */
export function addDecimals(left: string, right: string): string {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  const scale = Math.max(a.scale, b.scale);
  return formatDecimal(rescale(a, scale) + rescale(b, scale), scale);
}

/**
 * `numerator / denominator`, exact when it terminates within `maxScale` places, else rounded half-up there;
 * trailing zeros dropped. Used for pack sizes (`QuantityNumerator / QuantityDenominator`).
 */
export function divideDecimals(numerator: string, denominator: string, maxScale = 6): string {
  const a = parseDecimal(numerator);
  const b = parseDecimal(denominator);
  if (b.units === 0n) throw new RangeError('division by zero');
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale): divide the magnitudes at maxScale + 1 places, round half-up.
  const negative = (a.units < 0n) !== (b.units < 0n);
  const dividend = abs(a.units) * 10n ** BigInt(maxScale + 1 + b.scale);
  const divisor = abs(b.units) * 10n ** BigInt(a.scale);
  const rounded = (dividend / divisor + 5n) / 10n;
  const quotient = negative ? -rounded : rounded;
  return normaliseQuantity(formatDecimal(quotient, maxScale));
}

/** Whether two decimal strings name the same number (`"12"` and `"12.000"`). */
export function decimalsEqual(left: string, right: string): boolean {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale) === rescale(b, scale);
}

/** Strips the leading zeros SAP keeps in NUMC keys (`"000010"` → `"10"`); all zeros stay `"0"`. */
export function stripLeadingZeros(value: string): string {
  return /^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : value;
}
