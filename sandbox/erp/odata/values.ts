/** OData V2 JSON values: `/Date(ms)/` both ways, calendar days, and the far end of time SAP periods close with. */

const ODATA_DATE = /^\/Date\((-?\d{1,15})(?:([+-])(\d{4}))?\)\/$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** 9999-12-31T23:59:59Z: SAP's "open-ended" period end. */
export const END_OF_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** `1764288000000` → `/Date(1764288000000)/`. */
export function formatODataDate(ms: number): string {
  return `/Date(${ms})/`;
}

/**
 * An Edm.DateTime as a client may send it: `/Date(ms)/` (an offset suffix is accepted; the milliseconds are UTC
 * either way) or an ISO 8601 date/date-time, which SAP Gateway also reads. Undefined for anything else.
 */
export function parseODataDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ODATA_DATE.exec(value);
  if (match) return Number(match[1]);
  if (ISO_DATE_TIME.test(value)) {
    // A date-time without a zone is UTC in OData V2 (Edm.DateTime carries no offset).
    const text = value.length === 10 ? `${value}T00:00:00Z` : /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** Midnight UTC of the day holding `ms`: how SAP carries a calendar date in an Edm.DateTime. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}
