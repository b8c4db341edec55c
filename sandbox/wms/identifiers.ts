/**
 * The identifiers a warehouse prints on what it ships: SSCC-18 for every carton and pallet, a UPS-style tracking
 * number for parcels, a PRO and a bill-of-lading number for LTL freight. All deterministic from counters, so tests
 * can predict them; all with valid check digits, so downstream validators (856 builders, scanners) accept them.
 */
import { gs1CheckDigit } from '../seed/distributor';

/** GS1's documented example company prefix: safe for sandbox data, and the one the seed's GTINs use. */
export const GS1_COMPANY_PREFIX = '0614141';

/** The extension digit the sandbox uses per handling-unit type (its meaning is the company's own choice). */
export const SSCC_EXTENSION = { carton: '0', pallet: '1' } as const;

/**
 * An SSCC-18: extension digit + GS1 company prefix + serial reference (17 digits in all) + GS1 mod-10 check digit.
 * `serial` must fit the serial reference (9 digits with a 7-digit prefix).
 */
export function sscc(extensionDigit: string, serial: number, companyPrefix = GS1_COMPANY_PREFIX): string {
  const serialLength = 16 - companyPrefix.length;
  const reference = String(serial).padStart(serialLength, '0');
  if (!/^\d$/.test(extensionDigit) || !/^\d+$/.test(companyPrefix) || reference.length !== serialLength) {
    throw new RangeError(`cannot build an SSCC from extension ${extensionDigit}, prefix ${companyPrefix}, serial ${serial}`);
  }
  const body = `${extensionDigit}${companyPrefix}${reference}`;
  return `${body}${gs1CheckDigit(body)}`;
}

/** True for 18 digits whose last is the GS1 check digit of the first 17. */
export function isValidSscc(value: string): boolean {
  return /^\d{18}$/.test(value) && gs1CheckDigit(value.slice(0, 17)) === value.slice(17);
}

/** UPS check digit over the 15 characters after "1Z": letters count as (code − 63) mod 10, even positions double. */
function upsCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i] as string;
    const value = /\d/.test(char) ? Number(char) : (char.charCodeAt(0) - 63) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A UPS 1Z tracking number: shipper account, service code (03 Ground), a 7-digit package reference and the check digit. */
export function upsTrackingNumber(reference: number, shipperAccount = '9W4A71', service = '03'): string {
  const body = `${shipperAccount}${service}${String(reference % 10_000_000).padStart(7, '0')}`;
  return `1Z${body}${upsCheckDigit(body)}`;
}

/** A 10-digit PRO number for an LTL shipment. */
export function proNumber(reference: number): string {
  return `7${String(reference % 1_000_000_000).padStart(9, '0')}`;
}

/** A 17-digit (VICS) bill of lading number: company prefix + serial + GS1 check digit. */
export function billOfLadingNumber(reference: number, companyPrefix = GS1_COMPANY_PREFIX): string {
  const body = `${companyPrefix}${String(reference).padStart(16 - companyPrefix.length, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}
