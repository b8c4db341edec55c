/**
 * X12 dates and times: CCYYMMDD or YYMMDD (ISA09 and versions before 004010; years 00-49 are read as 20xx, 50-99 as
 * 19xx) and HHMM[SS[D[D]]], to and from the canonical ISO forms.
 */
import { X12WriteError } from './errors';

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function century(yy: number): number {
  return yy < 50 ? 2000 + yy : 1900 + yy;
}

/** Whether `value` is a real calendar date as CCYYMMDD (8 digits) or YYMMDD (6 digits). */
export function isX12Date(value: string): boolean {
  return x12DateToIso(value) !== undefined;
}

/** CCYYMMDD or YYMMDD as an ISO date, or undefined when it is not a calendar date. */
export function x12DateToIso(value: string): string | undefined {
  const match = /^(\d{2})?(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match || (value.length !== 6 && value.length !== 8)) return undefined;
  const [, cc, yy = '', mm = '', dd = ''] = match;
  const year = cc === undefined ? century(Number(yy)) : Number(cc + yy);
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${mm}-${dd}`;
}

/** Whether `value` is HHMM, HHMMSS, HHMMSSD or HHMMSSDD with real hours, minutes and seconds. */
export function isX12Time(value: string): boolean {
  const match = /^(\d{2})(\d{2})(?:(\d{2})(\d{1,2})?)?$/.exec(value);
  if (!match) return false;
  const [, hh = '', mm = '', ss] = match;
  return Number(hh) <= 23 && Number(mm) <= 59 && (ss === undefined || Number(ss) <= 59);
}

/** An ISO date (YYYY-MM-DD) as CCYYMMDD (or YYMMDD with `digits` 6). */
export function isoToX12Date(iso: string, path?: string, digits: 6 | 8 = 8): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const compact = match ? `${match[1]}${match[2]}${match[3]}` : '';
  if (!match || x12DateToIso(compact) !== iso) {
    throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${iso}' is not a calendar date (YYYY-MM-DD)`, path);
  }
  return digits === 8 ? compact : compact.slice(2);
}

/** A time as HH:MM, HH:MM:SS, HHMM or HHMMSS, written HHMM or HHMMSS. */
export function isoToX12Time(time: string, path?: string): string {
  const compact = time.replace(/:/g, '');
  if (!/^\d{4}(\d{2})?$/.test(compact) || !isX12Time(compact)) {
    throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${time}' is not a time (HH:MM or HH:MM:SS)`, path);
  }
  return compact;
}

/** GS08 / ST03-style version as a number: '004010VICS' → 4010, '005010X231' → 5010; NaN when it is not one. */
export function groupVersionNumber(version: string): number {
  return /^\d{6}/.test(version) ? Number(version.slice(0, 6)) : Number.NaN;
}
