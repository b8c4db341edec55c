/**
 * The 855 Purchase Order Acknowledgment from a canonical order acknowledgment: BAK, CUR, REF, N1 loops, then per
 * line PO1 (the partner's line number verbatim, the ordered quantity, unit, price and item ids), PID and ACK, CTT.
 */
import type { Decimal, Ident, IsoDate, Party } from '../../../../canonical/model';
import { isoToX12Date } from '../dates';
import { toX12Decimal } from '../numbers';
import type { SegmentInput, TransactionSetInput } from '../writer';
import { itemIdElements, partySegments, referenceSegments, required, type Reference } from './common';

export type OrderAckType = 'ACCEPT' | 'ACCEPT_WITH_CHANGES' | 'REJECT';
export type OrderAckLineStatus = 'ACCEPTED' | 'BACKORDERED' | 'REJECTED' | 'QTY_CHANGED' | 'PRICE_CHANGED' | 'DATE_CHANGED';

export interface OrderAck855Line {
  /** PO101: the partner's line number, verbatim. */
  lineNumber: string;
  /** PO102..PO105: what the partner ordered. */
  ordered: { quantity: Decimal; uom: string; unitPrice?: Decimal; priceBasis?: string };
  /** PO106..: item ids (those X12 has a qualifier for), PID description. */
  item: { ids: readonly Ident[]; description?: string };
  /** ACK01. */
  status: OrderAckLineStatus;
  /** ACK02/ACK03: the quantity acknowledged, in `uom` (default: the ordered unit). */
  quantity: Decimal;
  uom?: string;
  /** ACK04=068 / ACK05: when the line is now scheduled to ship. */
  scheduledShipDate?: IsoDate;
}

export interface OrderAck855Input {
  /** BAK01: ORIGINAL 00, CHANGE 04, CANCEL 01. Default ORIGINAL. */
  purpose?: 'ORIGINAL' | 'CHANGE' | 'CANCEL';
  /** BAK02: AD (with detail, no change), AC (with detail and change), RD (reject with detail). */
  type: OrderAckType;
  /** BAK03: the buyer's purchase order number (850 BEG03). */
  orderNumber: string;
  /** BAK04: the purchase order date. */
  orderDate: IsoDate;
  /** BAK08: our sales order number. */
  sellerOrderNumber?: string;
  /** BAK09: the acknowledgment date. */
  ackDate?: IsoDate;
  /** CUR*SE: ISO 4217 currency of the prices. */
  currency?: string;
  references?: readonly Reference[];
  parties?: readonly Party[];
  lines: readonly OrderAck855Line[];
}

const PURPOSE = { ORIGINAL: '00', CHANGE: '04', CANCEL: '01' } as const;
const TYPE = { ACCEPT: 'AD', ACCEPT_WITH_CHANGES: 'AC', REJECT: 'RD' } as const;
const LINE_STATUS = { ACCEPTED: 'IA', BACKORDERED: 'IB', REJECTED: 'IR', QTY_CHANGED: 'IQ', PRICE_CHANGED: 'IP', DATE_CHANGED: 'DR' } as const;

export function orderAck855Segments(input: OrderAck855Input): SegmentInput[] {
  const segments: SegmentInput[] = [
    {
      id: 'BAK',
      elements: [
        PURPOSE[input.purpose ?? 'ORIGINAL'],
        TYPE[input.type],
        required(input.orderNumber, 'orderNumber', 22),
        isoToX12Date(input.orderDate, 'orderDate'),
        undefined,
        undefined,
        undefined,
        input.sellerOrderNumber,
        input.ackDate === undefined ? undefined : isoToX12Date(input.ackDate, 'ackDate'),
      ],
    },
  ];
  if (input.currency) segments.push({ id: 'CUR', elements: ['SE', input.currency] });
  segments.push(...referenceSegments(input.references));
  (input.parties ?? []).forEach((party, index) => segments.push(...partySegments(party, `parties.${index}`)));
  input.lines.forEach((line, index) => {
    const path = `lines.${index}`;
    segments.push({
      id: 'PO1',
      elements: [
        required(line.lineNumber, `${path}.lineNumber`, 20),
        toX12Decimal(line.ordered.quantity, `${path}.ordered.quantity`),
        required(line.ordered.uom, `${path}.ordered.uom`, 2),
        line.ordered.unitPrice === undefined ? undefined : toX12Decimal(line.ordered.unitPrice, `${path}.ordered.unitPrice`),
        line.ordered.priceBasis,
        ...itemIdElements(line.item.ids, 10, `${path}.item.ids`),
      ],
    });
    if (line.item.description) segments.push({ id: 'PID', elements: ['F', undefined, undefined, undefined, line.item.description] });
    segments.push({
      id: 'ACK',
      elements: [
        LINE_STATUS[line.status],
        toX12Decimal(line.quantity, `${path}.quantity`),
        line.uom ?? line.ordered.uom,
        ...(line.scheduledShipDate === undefined ? [] : ['068', isoToX12Date(line.scheduledShipDate, `${path}.scheduledShipDate`)]),
      ],
    });
  });
  segments.push({ id: 'CTT', elements: [String(input.lines.length)] });
  return segments;
}

export function orderAck855Set(input: OrderAck855Input, controlNumber: string | number): TransactionSetInput {
  return { id: '855', controlNumber, segments: orderAck855Segments(input) };
}
