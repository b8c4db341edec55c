/**
 * The writer's coded error: a value that cannot be written as X12 (a separator inside the data, a field too long,
 * an impossible date). The reader never throws; everything it finds becomes a TA1 or 997 finding instead.
 */

export const X12_WRITE_ERROR_CODES = {
  /** The separators are not single, distinct characters usable as X12 delimiters. */
  ERR_X12_INVALID_SEPARATORS: 'Invalid separators',
  /** A value contains a separator or a control character; X12 has no escape, so it cannot be sent as is. */
  ERR_X12_SEPARATOR_IN_DATA: 'Value contains a separator',
  /** A value is longer than its field. */
  ERR_X12_VALUE_TOO_LONG: 'Value too long',
  /** A value is missing or malformed for its field (a date, a decimal, a control number, an SSCC...). */
  ERR_X12_INVALID_VALUE: 'Invalid value',
} as const;

export type X12WriteErrorCode = keyof typeof X12_WRITE_ERROR_CODES;

export class X12WriteError extends Error {
  override name = 'X12WriteError';

  constructor(
    readonly code: X12WriteErrorCode,
    message: string,
    /** Dotted path of the offending input field, e.g. `lines.0.quantity`. */
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}
