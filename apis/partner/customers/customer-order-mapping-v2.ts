/**
 * Maps the customer orders API v2's JSON to the canonical order and the process tier's record back to it. The
 * canonical order is the same whichever version placed it, so v1 and v2 read each other's orders.
 */
import type { OrderLine } from '../../canonical/model';
import { GatewayError, type FieldError } from '../../../gateway/errors';
import { assertCalendarDates } from '../../canonical/dates';
import type { OrderSubmission, ProcessOrder } from '../../process/orders/v2/models';
import { CHANNEL_LINE_STATUS, CHANNEL_STATUS, idOf } from './order-views';
import type { Placement } from './customer-order-service';
import type { Order, OrderProblem, OrderRequest } from './v2/models';

/** Where v2 is served: the base of `Location` and `links.self`. */
export const CUSTOMER_ORDERS_V2_PATH = '/partner/customers/v2';

export function orderPathV2(orderId: string): string {
  return `${CUSTOMER_ORDERS_V2_PATH}/orders/${encodeURIComponent(orderId)}`;
}

/** What the schema cannot say about a v2 body; every failing field at once, named as the caller wrote it. */
function checkRequest(request: OrderRequest, currency: string): void {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  request.items.forEach((item, index) => {
    if (!item.sku && !item.gtin) fields.push({ name: `body.items.${index}`, message: 'give sku, gtin, or both' });
    // Unique line numbers are the process tier's rule too; checked here so the caller hears it as its own 400.
    if (seen.has(item.lineNumber)) fields.push({ name: `body.items.${index}.lineNumber`, message: 'line numbers must be unique within the order', value: item.lineNumber });
    seen.add(item.lineNumber);
    if (item.expectedUnitPrice && item.expectedUnitPrice.currency !== currency) {
      fields.push({ name: `body.items.${index}.expectedUnitPrice.currency`, message: `we sell to you in ${currency}`, value: item.expectedUnitPrice.currency });
    }
  });
  if (fields.length > 0) throw new GatewayError('ERR_VALIDATION', `Invalid request: ${fields.map((field) => field.name).join(', ')}`, { fields });
}

/** The canonical order for a v2 body the partner is entitled to place (see `CustomerOrderService.submitOrder`). */
export function toSubmissionV2(request: OrderRequest, placement: Placement): OrderSubmission {
  checkRequest(request, placement.currency);
  assertCalendarDates([
    ['body.orderDate', request.orderDate],
    ['body.requestedDeliveryDate', request.requestedDeliveryDate],
  ]);
  return {
    source: { channel: 'API', partnerId: placement.partnerId },
    orderNumber: request.customerReference,
    purpose: 'ORIGINAL',
    orderDate: request.orderDate ?? placement.today,
    currency: placement.currency,
    parties: [
      { role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: placement.customerNumber }] },
      ...(request.shipTo ? [{ role: 'SHIP_TO' as const, ids: [{ scheme: 'ERP_SHIP_TO', value: request.shipTo.id }] }] : []),
    ],
    ...(request.requestedDeliveryDate ? { requestedDelivery: request.requestedDeliveryDate } : {}),
    lines: request.items.map(
      (item): OrderLine => ({
        lineNumber: item.lineNumber,
        item: { ids: [...(item.sku ? [{ scheme: 'SKU', value: item.sku }] : []), ...(item.gtin ? [{ scheme: 'GTIN', value: item.gtin }] : [])] },
        quantity: { value: item.quantity.value, uom: item.quantity.unit },
        ...(item.expectedUnitPrice ? { unitPrice: { amount: item.expectedUnitPrice.amount, currency: item.expectedUnitPrice.currency } } : {}),
      }),
    ),
  };
}

function problems(reason: string | undefined): OrderProblem[] {
  return reason ? [{ message: reason }] : [];
}

/** The order as v2 shows it, whichever version placed it. */
export function toOrderV2(order: ProcessOrder): Order {
  const customerNumber = order.parties.find((party) => party.role === 'BUYER')?.ids.find((id) => id.scheme === 'ERP_CUSTOMER')?.value ?? '';
  const shipTo = order.parties.find((party) => party.role === 'SHIP_TO')?.ids.find((id) => id.scheme === 'ERP_SHIP_TO')?.value;
  return {
    id: order.id,
    customerReference: order.orderNumber,
    customerNumber,
    ...(shipTo ? { shipTo: { id: shipTo } } : {}),
    status: CHANNEL_STATUS[order.status],
    problems: problems(order.reason),
    ...(order.erp ? { salesOrderNumber: order.erp.salesOrderNumber } : {}),
    currency: order.currency,
    ...(order.total ? { total: { amount: order.total, currency: order.currency } } : {}),
    items: order.lines.map((line) => {
      const sku = idOf(line.item.ids, 'SKU', 'ERP_MATERIAL');
      const gtin = idOf(line.item.ids, 'GTIN');
      return {
        lineNumber: line.lineNumber,
        ...(sku ? { sku } : {}),
        ...(gtin ? { gtin } : {}),
        ...(line.item.description ? { description: line.item.description } : {}),
        quantity: { value: line.quantity.value, unit: line.quantity.uom, ...(line.quantity.packSize ? { packSize: line.quantity.packSize } : {}) },
        status: CHANNEL_LINE_STATUS[line.status],
        problems: problems(line.reason),
        ...(line.unitPrice ? { unitPrice: { amount: line.unitPrice.amount, currency: line.unitPrice.currency } } : {}),
        ...(line.partnerUnitPrice ? { expectedUnitPrice: { amount: line.partnerUnitPrice.amount, currency: line.partnerUnitPrice.currency } } : {}),
        ...(line.priceMismatch !== undefined ? { priceDiffers: line.priceMismatch } : {}),
      };
    }),
    createdAt: order.receivedAt,
    updatedAt: order.updatedAt,
    links: { self: orderPathV2(order.id) },
  };
}
