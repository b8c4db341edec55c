/**
 * Calendar checks the schema cannot make: `IsoDate` only says YYYY-MM-DD, so 2026-02-30 passes validation. Every
 * API that takes dates calls this where input enters, so an impossible date is the caller's 400, never a failure
 * deep in an adapter.
 */
import { GatewayError, type FieldError } from '../../gateway/errors';

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Throws a 400 naming every field (`body.orderDate`...) whose date does not exist. Absent dates are fine. */
export function assertCalendarDates(fields: ReadonlyArray<readonly [name: string, value: string | undefined]>): void {
  const wrong: FieldError[] = fields
    .filter(([, value]) => value !== undefined && !isCalendarDate(value))
    .map(([name, value]) => ({ name, message: 'not a calendar date', value }));
  if (wrong.length > 0) {
    throw new GatewayError('ERR_VALIDATION', `Invalid request: ${wrong.map((field) => field.name).join(', ')}`, { fields: wrong });
  }
}
