/**
 * The v1 contract → SAP request bodies and query values, and back from the targets of SAP's error answers to the
 * caller's fields. Pure functions, unit-tested on their own.
 */
import type { GoodsIssueCreate, SalesOrderCreate } from '../../v1/models';
import type { SalesOrderEntity } from './entities';
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

/** SAP's external identification of a delivery (`DeliveryDocumentBySupplier`, LIKP-LIFEX) holds 35 characters. */
export const EXTERNAL_DELIVERY_ID_LENGTH = 35;

/**
 * The WMS shipments as the delivery's external identification: all of them, comma-separated, when they fit in
 * SAP's 35 characters; else the first one (the others are not kept in the ERP); '' when even that does not fit.
 */
export function externalDeliveryId(shipmentIds: readonly string[]): string {
  const unique = [...new Set(shipmentIds)];
  const all = unique.join(',');
  if (all.length <= EXTERNAL_DELIVERY_ID_LENGTH) return all;
  const first = unique[0] ?? '';
  return first.length <= EXTERNAL_DELIVERY_ID_LENGTH ? first : '';
}

/**
 * The deep insert of `A_OutbDeliveryHeader` with reference to a sales order: one delivery item per order item, with
 * the ordered quantity and unit (the WMS shipped the whole order), the shipments as external identification, and
 * the goods issue day when the caller names one.
 */
export function toDeliveryBody(order: SalesOrderEntity, request: GoodsIssueCreate): Record<string, unknown> {
  const external = externalDeliveryId(request.shipmentIds);
  return {
    ...(external ? { DeliveryDocumentBySupplier: external } : {}),
    ...(request.goodsIssueDate ? { ActualGoodsMovementDate: isoDateToOData(request.goodsIssueDate) } : {}),
    to_DeliveryDocumentItem: {
      results: (order.to_Item ?? []).map((item) => ({
        ReferenceSDDocument: order.SalesOrder,
        ReferenceSDDocumentItem: item.SalesOrderItem,
        ActualDeliveryQuantity: item.RequestedQuantity,
        DeliveryQuantityUnit: item.RequestedQuantityUnit,
      })),
    },
  };
}

/** The v1 field an OData error target of a delivery create names; items are the ERP's own order, so none. */
export function deliveryFieldOf(target: string): string | undefined {
  const path = target.replace(/^\//, '');
  if (path === 'ActualGoodsMovementDate') return 'body.goodsIssueDate';
  if (path === 'DeliveryDocumentBySupplier') return 'body.shipmentIds';
  return undefined;
}

/** A document number as the ERP may hold it: as given, and zero-padded to SAP's 10 digits (`1000001`, `0001000001`). */
export function documentNumberForms(number: string): string[] {
  return /^\d{1,9}$/.test(number) ? [number, number.padStart(10, '0')] : [number];
}
