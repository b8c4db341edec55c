/**
 * An 850 (as the codec maps it) to the canonical order the process tier takes: the partner's profile names the
 * account, units go through its crosswalk, the envelope ids become `source.documents`, ISA15=T (or a test profile)
 * makes it a test order. What the process tier would refuse is found here first, as a reason.
 */
import type { OrderPurpose } from '../../canonical/model';
import type { OrderSubmission } from '../../process/orders/v2/models';
import { canonicalUnit, type EdiProfile } from './profiles';
import type { PurchaseOrder850 } from './x12';

export type MappedOrder = { ok: true; submission: OrderSubmission } | { ok: false; reason: string };

const LINE_NUMBER = /^[A-Za-z0-9._-]{1,20}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function purpose(order: PurchaseOrder850): OrderPurpose {
  if (order.purpose === 'CANCEL') return 'CANCEL';
  if (order.purpose === 'CHANGE' || order.purpose === 'REPLACE') return 'CHANGE';
  return 'ORIGINAL';
}

export function toSubmission(order: PurchaseOrder850, profile: EdiProfile, today: string): MappedOrder {
  if (order.orderNumber.length > 35) return { ok: false, reason: `BEG03 '${order.orderNumber}' is longer than 35 characters` };
  if (order.lines.length === 0) return { ok: false, reason: 'the 850 has no PO1 lines' };
  if (order.lines.length > 500) return { ok: false, reason: 'the 850 has more than 500 lines' };
  const seen = new Set<string>();
  const lines: OrderSubmission['lines'] = [];
  for (const [index, line] of order.lines.entries()) {
    const where = `PO1 ${index + 1}`;
    if (!line.lineNumber || !LINE_NUMBER.test(line.lineNumber)) return { ok: false, reason: `${where}: PO101 is missing or not 1-20 letters, digits, '.', '_' or '-'` };
    if (seen.has(line.lineNumber)) return { ok: false, reason: `${where}: line number ${line.lineNumber} appears twice` };
    seen.add(line.lineNumber);
    if (!line.quantity || !DECIMAL.test(line.quantity.value) || !/^[A-Z0-9]{2}$/.test(line.quantity.uom)) return { ok: false, reason: `${where}: no quantity and unit (PO102/PO103)` };
    if (line.item.ids.length === 0) return { ok: false, reason: `${where}: no item id (PO106/PO107...)` };
    lines.push({
      lineNumber: line.lineNumber,
      item: { ids: line.item.ids.map((id) => ({ ...id })), ...(line.item.description ? { description: line.item.description } : {}) },
      quantity: { value: line.quantity.value, uom: canonicalUnit(profile, line.quantity.uom) },
      ...(line.unitPrice !== undefined && DECIMAL.test(line.unitPrice) ? { unitPrice: { amount: line.unitPrice, currency: order.currency ?? profile.currency } } : {}),
      ...(line.requestedShipDate ? { requestedShipDate: line.requestedShipDate } : {}),
    });
  }
  const { source } = order;
  return {
    ok: true,
    submission: {
      source: {
        channel: 'EDI',
        partnerId: profile.partnerId,
        externalId: `${source.interchangeControlNumber}/${source.groupControlNumber}/${source.transactionSetControlNumber}`,
        test: source.test || profile.usage === 'test',
        documents: [
          { type: 'ISA13', value: source.interchangeControlNumber },
          { type: 'GS06', value: source.groupControlNumber },
          { type: 'ST02', value: source.transactionSetControlNumber },
        ],
      },
      orderNumber: order.orderNumber,
      purpose: purpose(order),
      orderDate: order.orderDate ?? today,
      currency: order.currency && /^[A-Z]{3}$/.test(order.currency) ? order.currency : profile.currency,
      parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: profile.customerNumber }] }],
      ...(order.requestedDelivery ? { requestedDelivery: order.requestedDelivery } : {}),
      lines,
    },
  };
}
