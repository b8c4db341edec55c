/** Prices a sales line with the seed's one rule (`netPrice()`), in integer cents so totals add up exactly. */
import { netPrice, type DistributorSeed, type SeedItem } from '../seed/distributor';
import type { SalesUnit } from './store';

/** Eaches in one unit of the material: 1 for EA, the case size for CS. */
export function eachesPerUnit(item: SeedItem, unit: SalesUnit): number {
  return unit === 'CS' ? item.caseSize : 1;
}

/** `"12.33"` → 1233. */
export function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

/** 24660 → `"246.60"`: Edm.Decimal with 2 places. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

export interface LinePrice {
  /** Net price per each, in cents. */
  unitPriceCents: number;
  /** Unit price × eaches, in cents. */
  netCents: number;
}

/** The customer's net price per each × the quantity in eaches; undefined when customer or material is unknown. */
export function priceLine(seed: DistributorSeed, customer: string, material: string, eaches: number): LinePrice | undefined {
  const price = netPrice(seed, customer, material);
  if (price === undefined) return undefined;
  const unitPriceCents = toCents(price);
  return { unitPriceCents, netCents: unitPriceCents * eaches };
}
