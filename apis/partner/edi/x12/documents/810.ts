/**
 * The 810 Invoice: BIG, CUR, REF, N1 loops, ITD terms, DTM*011, per line IT1 (the partner's line number verbatim)
 * and PID, then TDS with its amounts in implied 2 decimals (scaled exactly, never rounded), SAC, CTT.
 */
import type { Decimal, Ident, IsoDate, Party } from '../../../../canonical/model';
import { isoToX12Date } from '../dates';
import { toImpliedDecimal, toX12Decimal } from '../numbers';
import type { SegmentInput, TransactionSetInput } from '../writer';
import { itemIdElements, partySegments, referenceSegments, required, type Reference } from './common';

export interface Invoice810Line {
  /** IT101: the partner's order line number, verbatim. */
  lineNumber: string;
  /** IT102/IT103. */
  quantity: Decimal;
  uom: string;
  /** IT104, IT105 (price basis, e.g. PE per each). */
  unitPrice: Decimal;
  priceBasis?: string;
  /** IT106..: item ids (those X12 has a qualifier for). */
  ids: readonly Ident[];
  description?: string;
}

export interface Invoice810Terms {
  /** ITD01, default 01 (basic). */
  typeCode?: string;
  /** ITD02, default 3 (invoice date). */
  basisDateCode?: string;
  /** ITD03, ITD04, ITD05: discount percent, discount due date, discount days. */
  discountPercent?: Decimal;
  discountDueDate?: IsoDate;
  discountDays?: number;
  /** ITD06, ITD07: net due date, net days. */
  netDueDate?: IsoDate;
  netDays?: number;
  /** ITD12. */
  description?: string;
}

export interface Invoice810Input {
  /** BIG02 / BIG01. */
  invoiceNumber: string;
  invoiceDate: IsoDate;
  /** BIG04 / BIG03: the buyer's purchase order. */
  orderNumber?: string;
  orderDate?: IsoDate;
  /** CUR*SE. */
  currency?: string;
  references?: readonly Reference[];
  /** N1 loops: REMIT_TO, BILL_TO, SHIP_TO, SELLER... */
  parties?: readonly Party[];
  terms?: Invoice810Terms;
  /** DTM*011. */
  shipDate?: IsoDate;
  lines: readonly Invoice810Line[];
  /** TDS01 total invoice amount, TDS02 amount subject to terms discount: decimals with at most 2 places. */
  totals: { total: Decimal; subjectToDiscount?: Decimal };
  /** SAC: allowances and charges, amounts with at most 2 places. */
  allowancesCharges?: readonly { type: 'ALLOWANCE' | 'CHARGE'; code: string; amount: Decimal; description?: string }[];
}

export function invoice810Segments(input: Invoice810Input): SegmentInput[] {
  const segments: SegmentInput[] = [
    {
      id: 'BIG',
      elements: [
        isoToX12Date(input.invoiceDate, 'invoiceDate'),
        required(input.invoiceNumber, 'invoiceNumber', 22),
        input.orderDate === undefined ? undefined : isoToX12Date(input.orderDate, 'orderDate'),
        input.orderNumber,
      ],
    },
  ];
  if (input.currency) segments.push({ id: 'CUR', elements: ['SE', input.currency] });
  segments.push(...referenceSegments(input.references));
  (input.parties ?? []).forEach((party, index) => segments.push(...partySegments(party, `parties.${index}`)));
  const terms = input.terms;
  if (terms) {
    segments.push({
      id: 'ITD',
      elements: [
        terms.typeCode ?? '01',
        terms.basisDateCode ?? '3',
        terms.discountPercent === undefined ? undefined : toX12Decimal(terms.discountPercent, 'terms.discountPercent'),
        terms.discountDueDate === undefined ? undefined : isoToX12Date(terms.discountDueDate, 'terms.discountDueDate'),
        terms.discountDays?.toString(),
        terms.netDueDate === undefined ? undefined : isoToX12Date(terms.netDueDate, 'terms.netDueDate'),
        terms.netDays?.toString(),
        undefined,
        undefined,
        undefined,
        undefined,
        terms.description,
      ],
    });
  }
  if (input.shipDate) segments.push({ id: 'DTM', elements: ['011', isoToX12Date(input.shipDate, 'shipDate')] });
  input.lines.forEach((line, index) => {
    const path = `lines.${index}`;
    segments.push({
      id: 'IT1',
      elements: [
        required(line.lineNumber, `${path}.lineNumber`, 20),
        toX12Decimal(line.quantity, `${path}.quantity`),
        required(line.uom, `${path}.uom`, 2),
        toX12Decimal(line.unitPrice, `${path}.unitPrice`),
        line.priceBasis,
        ...itemIdElements(line.ids, 10, `${path}.ids`),
      ],
    });
    if (line.description) segments.push({ id: 'PID', elements: ['F', undefined, undefined, undefined, line.description] });
  });
  segments.push({
    id: 'TDS',
    elements: [
      toImpliedDecimal(input.totals.total, 2, 'totals.total'),
      input.totals.subjectToDiscount === undefined ? undefined : toImpliedDecimal(input.totals.subjectToDiscount, 2, 'totals.subjectToDiscount'),
    ],
  });
  (input.allowancesCharges ?? []).forEach((item, index) => {
    const path = `allowancesCharges.${index}`;
    segments.push({
      id: 'SAC',
      elements: [
        item.type === 'ALLOWANCE' ? 'A' : 'C',
        required(item.code, `${path}.code`, 4),
        undefined,
        undefined,
        toImpliedDecimal(item.amount, 2, `${path}.amount`),
        ...Array.from({ length: 9 }, () => undefined),
        item.description,
      ],
    });
  });
  segments.push({ id: 'CTT', elements: [String(input.lines.length)] });
  return segments;
}

export function invoice810Set(input: Invoice810Input, controlNumber: string | number): TransactionSetInput {
  return { id: '810', controlNumber, segments: invoice810Segments(input) };
}
