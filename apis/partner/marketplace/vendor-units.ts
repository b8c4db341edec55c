/**
 * Amazon's quantities and costs ↔ the canonical ones. Cases of `unitSize` eaches are our CS with that pack size,
 * Eaches are EA. Amazon prices per each (`netCost`, also when ordering cases); the canonical unit price is per
 * ordered unit, so a case's price is the each's times the pack size, and back.
 */
import type { Ident, Money as CanonicalMoney, Qty } from '../../canonical/model';
import { divide, multiply, trimDecimal } from '../../canonical/decimal';
import type { ItemQuantity, Money } from './v1/models';

/** The canonical quantity of an Amazon quantity the intake has checked (Cases carry a unitSize). */
export function toQty(quantity: ItemQuantity): Qty {
  return quantity.unitOfMeasure === 'Cases'
    ? { value: String(quantity.amount), uom: 'CS', packSize: String(quantity.unitSize) }
    : { value: String(quantity.amount), uom: 'EA' };
}

/** `value` units of the line's unit in Amazon's terms: CS → Cases with its pack size, anything else counts eaches. */
export function toItemQuantity(ordered: Qty, value: string = ordered.value): ItemQuantity {
  const amount = Number(trimDecimal(value));
  if (ordered.uom === 'CS') return { amount, unitOfMeasure: 'Cases', ...(ordered.packSize ? { unitSize: Number(trimDecimal(ordered.packSize)) } : {}) };
  return { amount, unitOfMeasure: 'Eaches' };
}

/** A quantity `counted` by the warehouse (in any unit) in the line's ordered unit. */
export function inOrderedUnits(counted: Qty, ordered: Qty): string {
  if (counted.uom === ordered.uom) return counted.value;
  const eaches = counted.uom === 'EA' ? counted.value : multiply(counted.value, counted.packSize ?? '1', 6);
  return ordered.uom === 'EA' ? eaches : divide(eaches, ordered.packSize ?? '1');
}

/** The canonical price per ordered unit of Amazon's per-each `netCost`. */
export function unitPriceOf(netCost: Money, quantity: Qty): CanonicalMoney {
  return { amount: multiply(netCost.amount, quantity.packSize ?? '1', 4), currency: netCost.currencyCode };
}

/** Amazon's per-each cost of a canonical price per ordered unit, with 2 to 4 decimal places. */
export function netCostOf(price: CanonicalMoney, quantity: Qty): Money {
  const each = divide(price.amount, quantity.uom === 'EA' ? '1' : (quantity.packSize ?? '1'), 4);
  return { currencyCode: price.currency, amount: each.replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1') };
}

/** The value of the first of `schemes` the ids carry. */
export function idOf(ids: readonly Ident[], ...schemes: string[]): string | undefined {
  for (const scheme of schemes) {
    const found = ids.find((id) => id.scheme === scheme);
    if (found) return found.value;
  }
  return undefined;
}

/** The item ids Amazon's answers carry: the ASIN as sent, and our product id (the SKU as sent, else our material). */
export function productIdsOf(ids: readonly Ident[]): { amazonProductIdentifier?: string; vendorProductIdentifier?: string } {
  const asin = idOf(ids, 'ASIN');
  const vendor = idOf(ids, 'SKU', 'ERP_MATERIAL');
  return { ...(asin ? { amazonProductIdentifier: asin } : {}), ...(vendor ? { vendorProductIdentifier: vendor } : {}) };
}
