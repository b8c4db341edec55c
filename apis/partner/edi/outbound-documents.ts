/**
 * The 855, 856 and 810 of an order's business events, in the partner's terms: its line numbers echoed, quantities in
 * its units, its own item ids (from the ids it sent on the order). Pure: the order and the event in, a set out.
 */
import { divide, isWhole, trimDecimal } from '../../canonical/decimal';
import type { Ident, Invoice, Qty, Shipment } from '../../canonical/model';
import type { OrderAcknowledgement, ProcessOrder } from '../../process/orders/v2/models';
import { partnerItemIds, partnerUnit, type EdiProfile } from './profiles';
import { invoice810Set, orderAck855Set, shipNotice856Set, type ShipNotice856Pack, type TransactionSetInput } from './x12';

/** The partner's ids of an order line's item (those it sent, as its profile prefers), by line number. */
function itemIdsOf(profile: EdiProfile, order: ProcessOrder, lineNumber: string, fallback: readonly Ident[] = []): Ident[] {
  const line = order.lines.find((candidate) => candidate.lineNumber === lineNumber);
  return partnerItemIds(profile, line?.item.ids ?? fallback);
}

export function acknowledgement855(profile: EdiProfile, order: ProcessOrder, ack: OrderAcknowledgement, controlNumber: number): TransactionSetInput {
  return orderAck855Set(
    {
      type: ack.type,
      orderNumber: order.orderNumber,
      orderDate: order.orderDate,
      ...(order.erp?.salesOrderNumber ? { sellerOrderNumber: order.erp.salesOrderNumber } : {}),
      ackDate: ack.ackDate,
      currency: order.currency,
      lines: ack.lines.map((ackLine) => {
        const line = order.lines.find((candidate) => candidate.lineNumber === ackLine.lineNumber);
        const ordered = line?.quantity ?? ackLine.quantity;
        const price = line?.partnerUnitPrice ?? line?.unitPrice;
        return {
          lineNumber: ackLine.lineNumber,
          ordered: { quantity: ordered.value, uom: partnerUnit(profile, ordered.uom), ...(price ? { unitPrice: price.amount, priceBasis: 'PE' } : {}) },
          item: { ids: itemIdsOf(profile, order, ackLine.lineNumber) },
          status: ackLine.status,
          quantity: ackLine.quantity.value,
          uom: partnerUnit(profile, ackLine.quantity.uom),
          ...(ackLine.scheduledShipDate ? { scheduledShipDate: ackLine.scheduledShipDate } : {}),
        };
      }),
    },
    controlNumber,
  );
}

export function shipNotice856(profile: EdiProfile, order: ProcessOrder, shipment: Shipment, at: Date, controlNumber: number): TransactionSetInput {
  const packs: ShipNotice856Pack[] = shipment.handlingUnits
    .filter((unit) => unit.sscc !== undefined && unit.contents.length > 0)
    .map((unit) => ({
      sscc: unit.sscc!,
      ...(unit.trackingNumber ? { trackingNumber: unit.trackingNumber } : {}),
      items: unit.contents.map((content) => {
        const packed = inOrderedUnit(order, content.lineNumber, content.quantity);
        return {
          lineNumber: content.lineNumber,
          ids: itemIdsOf(profile, order, content.lineNumber, content.item.ids),
          quantity: packed.value,
          uom: partnerUnit(profile, packed.uom),
        };
      }),
    }));
  const scac = shipment.carrier.scac;
  return shipNotice856Set(
    {
      shipmentNumber: shipment.shipmentNumber,
      noticeDate: at.toISOString().slice(0, 10),
      noticeTime: at.toISOString().slice(11, 16),
      shipDate: shipment.shipDate,
      ...(scac && /^[A-Z]{2,4}$/.test(scac)
        ? {
            carrier: {
              scac,
              ...(shipment.carrier.bolNumber ? { bolNumber: shipment.carrier.bolNumber } : {}),
              ...(shipment.carrier.proNumber ? { proNumber: shipment.carrier.proNumber } : {}),
            },
          }
        : {}),
      parties: [],
      orders: [{ orderNumber: order.orderNumber, orderDate: order.orderDate, packs }],
    },
    controlNumber,
  );
}

export function invoice810(profile: EdiProfile, order: ProcessOrder, invoice: Invoice, controlNumber: number): TransactionSetInput {
  return invoice810Set(
    {
      invoiceNumber: invoice.invoiceNumber,
      invoiceDate: invoice.invoiceDate,
      orderNumber: order.orderNumber,
      orderDate: order.orderDate,
      currency: invoice.currency,
      ...(invoice.terms ? { terms: { description: invoice.terms } } : {}),
      lines: invoice.lines.map((line) => ({
        lineNumber: line.lineNumber,
        quantity: line.quantity.value,
        uom: partnerUnit(profile, line.quantity.uom),
        unitPrice: line.unitPrice.amount,
        priceBasis: 'PE',
        ids: itemIdsOf(profile, order, line.lineNumber, line.item.ids),
      })),
      totals: { total: invoice.totals.total.amount },
    },
    controlNumber,
  );
}

/**
 * A pack's quantity in the unit the partner ordered the line in, when it holds whole ones (2 CS rather than 20 EA,
 * so the 856 speaks the partner's unit like the 855 and 810); as the warehouse counted it otherwise.
 */
function inOrderedUnit(order: ProcessOrder, lineNumber: string, packed: Qty): Qty {
  const ordered = order.lines.find((line) => line.lineNumber === lineNumber)?.quantity;
  if (!ordered || ordered.uom === packed.uom || packed.uom !== 'EA' || !ordered.packSize) return packed;
  const units = divide(packed.value, ordered.packSize);
  return isWhole(units) ? { value: trimDecimal(units), uom: ordered.uom } : packed;
}
