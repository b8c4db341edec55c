/** The UTC calendar day of the daily quotas: every client's count starts again at 00:00 UTC, on every instance. */

/** `2025-06-30`: the UTC day of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The next 00:00:00.000 UTC after `ms`, in milliseconds. */
export function nextUtcMidnight(ms: number): number {
  const at = new Date(ms);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
}
