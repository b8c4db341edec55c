/**
 * X12 dates and times: CCYYMMDD or YYMMDD (ISA09 and versions before 004010; years 00-49 are read as 20xx, 50-99 as
 * 19xx) and HHMM[SS[D[D]]], to and from the canonical ISO forms.
 */
import { digitsValue } from './chars';
import { X12WriteError } from './errors';

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in a month of the proleptic Gregorian calendar, for any year 0000-9999. */
function daysIn(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function century(yy: number): number {
  return yy < 50 ? 2000 + yy : 1900 + yy;
}

/** The year of a CCYYMMDD or YYMMDD date, or -1 when it is not a calendar date (read by char code, no allocation). */
function calendarYear(value: string): number {
  const length = value.length;
  if (length !== 6 && length !== 8) return -1;
  const at = length - 6;
  const yy = digitsValue(value, at, 2);
  const month = digitsValue(value, at + 2, 2);
  const day = digitsValue(value, at + 4, 2);
  const cc = at === 0 ? 0 : digitsValue(value, 0, 2);
  if (yy < 0 || month < 0 || day < 0 || cc < 0) return -1;
  const year = at === 0 ? century(yy) : cc * 100 + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return -1;
  return year;
}

/** Whether `value` is a real calendar date as CCYYMMDD (8 digits) or YYMMDD (6 digits). */
export function isX12Date(value: string): boolean {
  return calendarYear(value) >= 0;
}

/** CCYYMMDD or YYMMDD as an ISO date, or undefined when it is not a calendar date. */
export function x12DateToIso(value: string): string | undefined {
  const year = calendarYear(value);
  if (year < 0) return undefined;
  const at = value.length - 6;
  const ccyy = at === 0 ? String(year) : value.slice(0, 4);
  return `${ccyy}-${value.slice(at + 2, at + 4)}-${value.slice(at + 4, at + 6)}`;
}

/** Whether `value` is HHMM, HHMMSS, HHMMSSD or HHMMSSDD with real hours, minutes and seconds. */
export function isX12Time(value: string): boolean {
  const length = value.length;
  if (length !== 4 && length !== 6 && length !== 7 && length !== 8) return false;
  const hours = digitsValue(value, 0, 2);
  const minutes = digitsValue(value, 2, 2);
  const seconds = length === 4 ? 0 : digitsValue(value, 4, 2);
  const decimals = length > 6 ? digitsValue(value, 6, length - 6) : 0;
  return hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 && seconds >= 0 && seconds <= 59 && decimals >= 0;
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
  const number = version.length >= 6 ? digitsValue(version, 0, 6) : -1;
  return number < 0 ? Number.NaN : number;
}
