/**
 * The 856 Ship Notice/Manifest in the standard pack structure (BSN05 0001): shipment (TD1, TD5, REF*BM, REF*CN,
 * DTM, N1 loops), then per order (PRF), per pack (MAN*GM with the SSCC-18) and per item (LIN with the partner's line
 * number, SN1, PID); HL numbering and parents computed; CTT counts the HL segments.
 */
import type { Decimal, Ident, IsoDate, Party } from '../../../../canonical/model';
import { isoToX12Date, isoToX12Time } from '../dates';
import { X12WriteError } from '../errors';
import { toX12Decimal } from '../numbers';
import type { SegmentInput, TransactionSetInput } from '../writer';
import { itemIdElements, partySegments, referenceSegments, required, type Reference } from './common';

export interface ShipNotice856Item {
  /** LIN01: the partner's order line number, verbatim. */
  lineNumber: string;
  /** LIN02..: item ids (those X12 has a qualifier for). */
  ids: readonly Ident[];
  /** SN102/SN103: quantity shipped in this pack and its unit. */
  quantity: Decimal;
  uom: string;
  description?: string;
}

export interface ShipNotice856Pack {
  /** The pack's SSCC-18 (18 digits, GS1 check digit). */
  sscc: string;
  /** MAN*CP: the carrier's package (tracking) number. */
  trackingNumber?: string;
  items: readonly ShipNotice856Item[];
}

export interface ShipNotice856Order {
  /** PRF01: the buyer's purchase order number. */
  orderNumber: string;
  /** PRF04. */
  orderDate?: IsoDate;
  packs: readonly ShipNotice856Pack[];
}

export interface ShipNotice856Input {
  /** BSN01: ORIGINAL 00, REPLACE 05. Default ORIGINAL. */
  purpose?: 'ORIGINAL' | 'REPLACE';
  /** BSN02: our shipment identification. */
  shipmentNumber: string;
  /** BSN03/BSN04: when the notice was made (time HH:MM or HH:MM:SS). */
  noticeDate: IsoDate;
  noticeTime: string;
  /** DTM*011. */
  shipDate: IsoDate;
  /** DTM*017 (estimated delivery). */
  deliveryDate?: IsoDate;
  /** TD1: packaging code (default CTN25), lading quantity (default the number of packs), gross weight. */
  packaging?: { code?: string; ladingQuantity?: number; grossWeight?: { value: Decimal; uom: string } };
  /** TD5 (SCAC, transport method, service), REF*BM (bill of lading), REF*CN (PRO number). */
  carrier?: { scac: string; transportMethod?: string; service?: string; bolNumber?: string; proNumber?: string };
  references?: readonly Reference[];
  /** N1 loops at shipment level: SHIP_FROM, SHIP_TO... */
  parties: readonly Party[];
  orders: readonly ShipNotice856Order[];
  /** MAN*GM value: 'WITH_AI' writes "00" + SSCC (20 digits, SSCC-18 with its application identifier), 'SSCC' the 18 digits. Default WITH_AI. */
  ssccFormat?: 'WITH_AI' | 'SSCC';
}

/** Whether `value` is an SSCC-18: 18 digits whose last is the GS1 mod-10 check digit. */
export function isSscc(value: string): boolean {
  if (!/^\d{18}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(value[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(value[17]);
}

export function shipNotice856Segments(input: ShipNotice856Input): SegmentInput[] {
  const segments: SegmentInput[] = [
    {
      id: 'BSN',
      elements: [
        input.purpose === 'REPLACE' ? '05' : '00',
        required(input.shipmentNumber, 'shipmentNumber', 30),
        isoToX12Date(input.noticeDate, 'noticeDate'),
        isoToX12Time(input.noticeTime, 'noticeTime'),
        '0001',
      ],
    },
  ];
  let hl = 0;
  const level = (parent: number | undefined, code: 'S' | 'O' | 'P' | 'I', hasChildren: boolean): number => {
    hl += 1;
    segments.push({ id: 'HL', elements: [String(hl), parent === undefined ? undefined : String(parent), code, hasChildren ? '1' : '0'] });
    return hl;
  };
  const shipment = level(undefined, 'S', input.orders.length > 0);
  const packCount = input.orders.reduce((sum, order) => sum + order.packs.length, 0);
  const packaging = input.packaging ?? {};
  const weight = packaging.grossWeight;
  segments.push({
    id: 'TD1',
    elements: [
      packaging.code ?? 'CTN25',
      String(packaging.ladingQuantity ?? packCount),
      undefined,
      undefined,
      undefined,
      weight ? 'G' : undefined,
      weight ? toX12Decimal(weight.value, 'packaging.grossWeight.value') : undefined,
      weight ? required(weight.uom, 'packaging.grossWeight.uom', 2) : undefined,
    ],
  });
  const carrier = input.carrier;
  if (carrier) {
    segments.push({ id: 'TD5', elements: ['B', '2', required(carrier.scac, 'carrier.scac', 4), carrier.transportMethod ?? 'M', carrier.service] });
    if (carrier.bolNumber) segments.push({ id: 'REF', elements: ['BM', carrier.bolNumber] });
    if (carrier.proNumber) segments.push({ id: 'REF', elements: ['CN', carrier.proNumber] });
  }
  segments.push(...referenceSegments(input.references));
  segments.push({ id: 'DTM', elements: ['011', isoToX12Date(input.shipDate, 'shipDate')] });
  if (input.deliveryDate) segments.push({ id: 'DTM', elements: ['017', isoToX12Date(input.deliveryDate, 'deliveryDate')] });
  input.parties.forEach((party, index) => segments.push(...partySegments(party, `parties.${index}`)));
  input.orders.forEach((order, orderIndex) => {
    const orderPath = `orders.${orderIndex}`;
    const orderLevel = level(shipment, 'O', order.packs.length > 0);
    segments.push({
      id: 'PRF',
      elements: [required(order.orderNumber, `${orderPath}.orderNumber`, 22), undefined, undefined, order.orderDate === undefined ? undefined : isoToX12Date(order.orderDate, `${orderPath}.orderDate`)],
    });
    order.packs.forEach((pack, packIndex) => {
      const packPath = `${orderPath}.packs.${packIndex}`;
      if (!isSscc(pack.sscc)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${pack.sscc}' is not an SSCC-18 (18 digits, GS1 check digit)`, `${packPath}.sscc`);
      const packLevel = level(orderLevel, 'P', pack.items.length > 0);
      segments.push({ id: 'MAN', elements: ['GM', (input.ssccFormat ?? 'WITH_AI') === 'WITH_AI' ? `00${pack.sscc}` : pack.sscc] });
      if (pack.trackingNumber) segments.push({ id: 'MAN', elements: ['CP', pack.trackingNumber] });
      pack.items.forEach((item, itemIndex) => {
        const itemPath = `${packPath}.items.${itemIndex}`;
        level(packLevel, 'I', false);
        segments.push({ id: 'LIN', elements: [required(item.lineNumber, `${itemPath}.lineNumber`, 20), ...itemIdElements(item.ids, 15, `${itemPath}.ids`)] });
        segments.push({ id: 'SN1', elements: [undefined, toX12Decimal(item.quantity, `${itemPath}.quantity`), required(item.uom, `${itemPath}.uom`, 2)] });
        if (item.description) segments.push({ id: 'PID', elements: ['F', undefined, undefined, undefined, item.description] });
      });
    });
  });
  segments.push({ id: 'CTT', elements: [String(hl)] });
  return segments;
}

export function shipNotice856Set(input: ShipNotice856Input, controlNumber: string | number): TransactionSetInput {
  return { id: '856', controlNumber, segments: shipNotice856Segments(input) };
}
