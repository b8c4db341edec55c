/**
 * The v1 contract → SAP request bodies and query values, and back from the targets of SAP's error answers to the
 * caller's fields. Pure functions, unit-tested on their own.
 */
import type { SalesOrderCreate } from '../../v1/models';
import { PARTNER_FUNCTION, type SalesArea } from './mappers';
import { isoDateToOData } from './odata-values';

/** SAP's standard order type for a customer order. */
export const SALES_ORDER_TYPE = 'OR';

/** The ERP item numbers of an order's lines: 10, 20, 30… (SAP's default increment). */
export function itemNumbersOf(order: SalesOrderCreate): string[] {
  return order.lines.map((_line, index) => String((index + 1) * 10));
}

/** The deep insert of `A_SalesOrder`: header, ship-to partner, items keeping the customer's line numbers. */
export function toSalesOrderBody(order: SalesOrderCreate, area: SalesArea, itemNumbers = itemNumbersOf(order)): Record<string, unknown> {
  return {
    SalesOrderType: SALES_ORDER_TYPE,
    SalesOrganization: area.salesOrganization,
    DistributionChannel: area.distributionChannel,
    OrganizationDivision: area.division,
    SoldToParty: order.customerNumber,
    PurchaseOrderByCustomer: order.purchaseOrderNumber,
    ...(order.purchaseOrderDate ? { CustomerPurchaseOrderDate: isoDateToOData(order.purchaseOrderDate) } : {}),
    ...(order.requestedDeliveryDate ? { RequestedDeliveryDate: isoDateToOData(order.requestedDeliveryDate) } : {}),
    ...(order.shipTo ? { to_Partner: [{ PartnerFunction: PARTNER_FUNCTION.shipTo, Customer: order.shipTo }] } : {}),
    to_Item: order.lines.map((line, index) => ({
      SalesOrderItem: itemNumbers[index],
      Material: line.material,
      RequestedQuantity: line.quantity.value,
      RequestedQuantityUnit: line.quantity.uom,
      UnderlyingPurchaseOrderItem: line.lineNumber,
      ...(line.plant ? { ProductionPlant: line.plant } : {}),
    })),
  };
}

/**
 * Every way a GTIN may be written: GS1 GTIN-8/12/13/14 are the same number left-padded with zeros, and partners
 * send whichever their system holds (an EDI 850 carries a 12-digit UPC or a 14-digit GTIN for the same each).
 */
export function gtinForms(gtin: string): string[] {
  const digits = gtin.replace(/^0+/, '');
  const forms = new Set<string>([gtin]);
  for (const length of [8, 12, 13, 14]) if (digits.length <= length && digits.length > 0) forms.add(digits.padStart(length, '0'));
  return [...forms];
}

/** The v1 field an OData error target of a sales order create names (`to_Item(2)/Material` → `body.lines.1.material`). */
export function salesOrderFieldOf(order: SalesOrderCreate, itemNumbers: readonly string[]): (target: string) => string | undefined {
  const header: Record<string, string> = {
    SoldToParty: 'body.customerNumber',
    PurchaseOrderByCustomer: 'body.purchaseOrderNumber',
    CustomerPurchaseOrderDate: 'body.purchaseOrderDate',
    RequestedDeliveryDate: 'body.requestedDeliveryDate',
  };
  const item: Record<string, string> = {
    Material: 'material',
    RequestedQuantity: 'quantity.value',
    RequestedQuantityUnit: 'quantity.uom',
    ProductionPlant: 'plant',
    UnderlyingPurchaseOrderItem: 'lineNumber',
  };
  return (target) => {
    const path = target.replace(/^\//, '');
    if (header[path]) return header[path];
    if (/^to_Partner(\(.*\))?(\/Customer)?$/.test(path)) return 'body.shipTo';
    const match = /^to_Item\(([^)]*)\)(?:\/(\w+))?$/.exec(path);
    if (!match) return undefined;
    // A quoted key (`'20'`, `SalesOrderItem='20'`) is the ERP item number; a bare number is a 1-based position.
    const key = (match[1] ?? '').replace(/^SalesOrderItem=/, '');
    const quoted = /^'(.*)'$/.exec(key);
    const index = quoted ? itemNumbers.indexOf(quoted[1] ?? '') : /^\d+$/.test(key) ? Number(key) - 1 : -1;
    if (index < 0 || index >= order.lines.length) return undefined;
    const property = match[2] === undefined ? undefined : item[match[2]];
    return property === undefined ? `body.lines.${index}` : `body.lines.${index}.${property}`;
  };
}
