/**
 * v1 shows the workflow's record in its own terms: v1 ended at POSTED, so every later status reads as POSTED;
 * ALLOCATED (a step v1 did not have) reads as PRICED; backordered lines are accepted lines (they are in the ERP's
 * sales order); an order parked in the exceptions queue reads as FAILED until it reaches the ERP, POSTED after.
 */
import type { ProcessOrder as RecordView, OrderStatus } from '../v2/models';
import type { OrderHistoryEntry, ProcessOrder, ProcessOrderStatus } from './models';

function statusV1(status: OrderStatus, posted: boolean): ProcessOrderStatus {
  switch (status) {
    case 'RECEIVED':
    case 'VALIDATED':
    case 'PRICED':
    case 'REJECTED':
      return status;
    case 'ALLOCATED':
      return 'PRICED';
    case 'EXCEPTION':
      return posted ? 'POSTED' : 'FAILED';
    default:
      return 'POSTED';
  }
}

/** Whether a v1 caller has its answer: the order reached the ERP, was rejected, or failed. */
export function isSettledForV1(order: RecordView): boolean {
  return ['POSTED', 'REJECTED', 'FAILED'].includes(statusV1(order.status, order.erp !== undefined));
}

export function toV1(order: RecordView): ProcessOrder {
  const posted = order.erp !== undefined;
  const history: OrderHistoryEntry[] = [];
  for (const entry of order.history) {
    const status = statusV1(entry.status, posted && entry.status !== 'EXCEPTION');
    if (history.at(-1)?.status !== status) history.push({ status, at: entry.at, ...(entry.detail ? { detail: entry.detail } : {}) });
  }
  return {
    id: order.id,
    source: order.source,
    orderNumber: order.orderNumber,
    purpose: order.purpose,
    orderDate: order.orderDate,
    currency: order.currency,
    parties: order.parties,
    ...(order.requestedDelivery ? { requestedDelivery: order.requestedDelivery } : {}),
    status: statusV1(order.status, posted),
    ...(order.reason ? { reason: order.reason } : {}),
    lines: order.lines.map((line) => ({
      lineNumber: line.lineNumber,
      item: line.item,
      quantity: line.quantity,
      status: line.status === 'REJECTED' ? 'REJECTED' : 'ACCEPTED',
      ...(line.reason && line.status === 'REJECTED' ? { reason: line.reason } : {}),
      ...(line.unitPrice ? { unitPrice: line.unitPrice } : {}),
      ...(line.partnerUnitPrice ? { partnerUnitPrice: line.partnerUnitPrice } : {}),
      ...(line.priceMismatch !== undefined ? { priceMismatch: line.priceMismatch } : {}),
      ...(line.erpItemNumber ? { erpItemNumber: line.erpItemNumber } : {}),
    })),
    ...(order.erp ? { erp: { salesOrderNumber: order.erp.salesOrderNumber, netAmount: order.erp.netAmount, alreadyPosted: order.erp.alreadyPosted } } : {}),
    correlationId: order.correlationId,
    receivedAt: order.receivedAt,
    updatedAt: order.updatedAt,
    history,
    ...(order.total !== undefined ? { total: order.total } : {}),
  };
}
