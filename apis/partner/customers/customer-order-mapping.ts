/** Maps the customer orders API's JSON to the canonical order and the process tier's record back to it. */
import type { OrderLine } from '../../canonical/model';
import type { OrderSubmission, ProcessOrder } from '../../process/orders/v2/models';
import { CHANNEL_LINE_STATUS, CHANNEL_STATUS, idOf } from './order-views';
import type { CustomerOrder, CustomerOrderRequest } from './v1/models';

/** The canonical order for a request the partner is entitled to place on `customerNumber`. */
export function toSubmission(request: CustomerOrderRequest, partnerId: string, customerNumber: string, today: string, currency: string): OrderSubmission {
  return {
    source: { channel: 'API', partnerId },
    orderNumber: request.purchaseOrderNumber,
    purpose: 'ORIGINAL',
    orderDate: request.orderDate ?? today,
    currency,
    parties: [
      { role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: customerNumber }] },
      ...(request.shipTo ? [{ role: 'SHIP_TO' as const, ids: [{ scheme: 'ERP_SHIP_TO', value: request.shipTo }] }] : []),
    ],
    ...(request.requestedDeliveryDate ? { requestedDelivery: request.requestedDeliveryDate } : {}),
    lines: request.lines.map(
      (line): OrderLine => ({
        lineNumber: line.lineNumber,
        item: { ids: [...(line.sku ? [{ scheme: 'SKU', value: line.sku }] : []), ...(line.gtin ? [{ scheme: 'GTIN', value: line.gtin }] : [])] },
        quantity: { value: line.quantity, uom: line.unit },
        ...(line.expectedUnitPrice ? { unitPrice: { amount: line.expectedUnitPrice, currency } } : {}),
      }),
    ),
  };
}

export function toCustomerOrder(order: ProcessOrder): CustomerOrder {
  const customerNumber = order.parties.find((party) => party.role === 'BUYER')?.ids.find((id) => id.scheme === 'ERP_CUSTOMER')?.value ?? '';
  const shipTo = order.parties.find((party) => party.role === 'SHIP_TO')?.ids.find((id) => id.scheme === 'ERP_SHIP_TO')?.value;
  return {
    id: order.id,
    purchaseOrderNumber: order.orderNumber,
    customerNumber,
    ...(shipTo ? { shipTo } : {}),
    status: CHANNEL_STATUS[order.status],
    ...(order.reason ? { reason: order.reason } : {}),
    ...(order.erp ? { salesOrderNumber: order.erp.salesOrderNumber } : {}),
    currency: order.currency,
    ...(order.total ? { total: order.total } : {}),
    lines: order.lines.map((line) => {
      const sku = idOf(line.item.ids, 'SKU', 'ERP_MATERIAL');
      const gtin = idOf(line.item.ids, 'GTIN');
      return {
        lineNumber: line.lineNumber,
        ...(sku ? { sku } : {}),
        ...(gtin ? { gtin } : {}),
        ...(line.item.description ? { description: line.item.description } : {}),
        quantity: line.quantity.value,
        unit: line.quantity.uom,
        ...(line.quantity.packSize ? { packSize: line.quantity.packSize } : {}),
        status: CHANNEL_LINE_STATUS[line.status],
        ...(line.reason ? { reason: line.reason } : {}),
        ...(line.unitPrice ? { unitPrice: line.unitPrice.amount } : {}),
        ...(line.partnerUnitPrice ? { expectedUnitPrice: line.partnerUnitPrice.amount } : {}),
        ...(line.priceMismatch !== undefined ? { priceDiffers: line.priceMismatch } : {}),
      };
    }),
    createdAt: order.receivedAt,
    updatedAt: order.updatedAt,
  };
}
