/**
 * Maps an 850 to a plain typed purchase order in canonical terms: decimal strings, ids as {scheme, value} lists,
 * the line number (PO101) and unit (PO103) as sent, ISO dates; the ISA/GS/ST control numbers and the sender and
 * receiver ids kept as the source reference. Returns a result, never throws.
 */
import type { Decimal, Ident, IsoDate, PartyRole } from '../../../canonical/model';
import { isDigits } from './chars';
import { x12DateToIso } from './dates';
import { normalizeDecimal } from './numbers';
import { partyRole, partyScheme, productScheme } from './qualifiers';
import type { TransactionSet, X12Segment } from './types';

/** Where the order came from, as the envelope says. Partner, receive time and payload hash are the channel's to add. */
export interface X12SourceReference {
  channel: 'EDI';
  /** ISA13, GS06, ST02, verbatim. */
  interchangeControlNumber: string;
  groupControlNumber: string;
  transactionSetControlNumber: string;
  /** ISA05/ISA06 and ISA07/ISA08, ids without their padding. */
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** GS02, GS03. */
  groupSenderCode: string;
  groupReceiverCode: string;
  /** ISA12, GS08, ST03. */
  interchangeVersion: string;
  groupVersion: string;
  implementationReference?: string;
  /** ISA15 = T: test data never posts to a production ERP. */
  test: boolean;
}

export type OrderPurpose850 = 'ORIGINAL' | 'CANCEL' | 'CHANGE' | 'REPLACE' | 'CONFIRMATION' | 'DUPLICATE' | 'OTHER';

export interface Party850 {
  /** Undefined when N101 names a role the canonical model has no word for (roleCode keeps it). */
  role?: PartyRole;
  /** N101 as sent. */
  roleCode: string;
  name?: string;
  ids: Ident[];
  address?: { lines: string[]; city?: string; region?: string; postalCode?: string; country?: string };
}

export interface PurchaseOrder850Line {
  /** PO101 verbatim (absent when the partner sent none). */
  lineNumber?: string;
  /** PO102 as a decimal string and PO103 as sent. */
  quantity?: { value: Decimal; uom: string };
  /** PO104 as a decimal string, PO105 as sent. */
  unitPrice?: Decimal;
  priceBasis?: string;
  item: { ids: Ident[]; description?: string };
  /** Line-level DTM*010 (requested ship). */
  requestedShipDate?: IsoDate;
  references: { qualifier: string; value: string; description?: string }[];
}

export interface PurchaseOrder850 {
  source: X12SourceReference;
  purpose: OrderPurpose850;
  /** BEG01 as sent. */
  purposeCode: string;
  /** BEG02 as sent (SA stand-alone, DS drop ship, NE new order...). */
  orderType: string;
  /** BEG03. */
  orderNumber: string;
  /** BEG04. */
  releaseNumber?: string;
  /** BEG05. */
  orderDate?: IsoDate;
  /** BEG06. */
  contractNumber?: string;
  /** CUR02 (ISO 4217). */
  currency?: string;
  references: { qualifier: string; value: string; description?: string }[];
  dates: { qualifier: string; date?: IsoDate; time?: string }[];
  /** DTM*002, DTM*010, DTM*001. */
  requestedDelivery?: IsoDate;
  requestedShip?: IsoDate;
  cancelAfter?: IsoDate;
  parties: Party850[];
  lines: PurchaseOrder850Line[];
  /** CTT01 (number of lines) and CTT02 (hash total) as sent. */
  totals?: { lineCount: string; hashTotal?: string };
  /** Inconsistencies worth a look that are not X12 syntax errors (CTT01 disagreeing with the lines...). */
  warnings: string[];
  /** Segment ids present but not mapped (ITD, TD5, PO4...). */
  ignoredSegments: string[];
}

export type Map850Result = { ok: true; order: PurchaseOrder850 } | { ok: false; errors: string[] };

/** BEG01 → purpose; a map, so a BEG01 such as 'constructor' is no purpose rather than Object.prototype's. */
const PURPOSES: ReadonlyMap<string, OrderPurpose850> = new Map([
  ['00', 'ORIGINAL'],
  ['01', 'CANCEL'],
  ['04', 'CHANGE'],
  ['05', 'REPLACE'],
  ['06', 'CONFIRMATION'],
  ['07', 'DUPLICATE'],
]);

/** Segments an N1 loop at heading level can hold: any other segment after them closes the loop. */
const N1_LOOP_SEGMENTS = new Set(['N2', 'N3', 'N4', 'NX2', 'PER', 'SI', 'FOB', 'TD1', 'TD5', 'TD3', 'TD4', 'PKG']);

const element = (segment: X12Segment, position: number): string => segment.elements[position - 1] ?? '';
const optional = (value: string): string | undefined => (value === '' ? undefined : value);

function itemIds(segment: X12Segment, from: number, pairs: number): Ident[] {
  const ids: Ident[] = [];
  // Pairs past the last element sent are empty.
  const last = Math.min(pairs, Math.floor((segment.elements.length - from + 1) / 2));
  for (let i = 0; i < last; i += 1) {
    const qualifier = element(segment, from + 2 * i);
    const value = element(segment, from + 2 * i + 1);
    if (qualifier !== '' && value !== '') ids.push({ scheme: productScheme(qualifier), value });
  }
  return ids;
}

export function sourceReference(set: TransactionSet): X12SourceReference {
  const { interchange, group } = set;
  const source: X12SourceReference = {
    channel: 'EDI',
    interchangeControlNumber: interchange.controlNumber,
    groupControlNumber: group.controlNumber,
    transactionSetControlNumber: set.controlNumber,
    senderQualifier: interchange.senderQualifier,
    senderId: interchange.senderId.trim(),
    receiverQualifier: interchange.receiverQualifier,
    receiverId: interchange.receiverId.trim(),
    groupSenderCode: group.senderCode,
    groupReceiverCode: group.receiverCode,
    interchangeVersion: interchange.version,
    groupVersion: group.version,
  } as X12SourceReference;
  // Properties are added in the order the type lists them, so the JSON reads the same whatever is present.
  if (set.implementationReference) source.implementationReference = set.implementationReference;
  source.test = interchange.usage === 'T';
  return source;
}

/**
 * What the mapping of one set found worth a look. map850 is called for every set received, so it is written without
 * closures or object spreads (they made it a quarter of the reader's time).
 */
class Findings {
  readonly warnings: string[] = [];
  private ignored: Set<string> | undefined;

  date(value: string, what: string): IsoDate | undefined {
    if (value === '') return undefined;
    const iso = x12DateToIso(value);
    if (!iso) this.warnings.push(`${what} '${value}' is not a date`);
    return iso;
  }

  decimal(value: string, what: string): Decimal | undefined {
    if (value === '') return undefined;
    const normalized = normalizeDecimal(value);
    if (normalized === undefined) this.warnings.push(`${what} '${value}' is not a number`);
    return normalized;
  }

  ignore(segmentId: string): void {
    (this.ignored ??= new Set()).add(segmentId);
  }

  ignoredSegments(): string[] {
    return this.ignored ? [...this.ignored] : [];
  }
}

type Reference = PurchaseOrder850['references'][number];

function reference(segment: X12Segment): Reference {
  const result: Reference = { qualifier: element(segment, 1), value: element(segment, 2) };
  const description = element(segment, 3);
  if (description !== '') result.description = description;
  return result;
}

function party850(segment: X12Segment): Party850 {
  const roleCode = element(segment, 1);
  const role = partyRole(roleCode);
  const name = element(segment, 2);
  const qualifier = element(segment, 3);
  const id = element(segment, 4);
  const party = {} as Party850;
  if (role) party.role = role;
  party.roleCode = roleCode;
  if (name !== '') party.name = name;
  party.ids = qualifier !== '' && id !== '' ? [{ scheme: partyScheme(qualifier), value: id }] : [];
  return party;
}

function line850(segment: X12Segment, findings: Findings): PurchaseOrder850Line {
  const lineNumber = element(segment, 1);
  const quantity = findings.decimal(element(segment, 2), 'PO102');
  const unitPrice = findings.decimal(element(segment, 4), 'PO104');
  const priceBasis = element(segment, 5);
  const line = {} as PurchaseOrder850Line;
  if (lineNumber !== '') line.lineNumber = lineNumber;
  if (quantity !== undefined) line.quantity = { value: quantity, uom: element(segment, 3) };
  if (unitPrice !== undefined) line.unitPrice = unitPrice;
  if (priceBasis !== '') line.priceBasis = priceBasis;
  line.item = { ids: itemIds(segment, 6, 10) };
  line.references = [];
  return line;
}

/** N4 into an address: each part that is sent replaces what an earlier N4 said. */
function addAddress(address: NonNullable<Party850['address']>, segment: X12Segment): void {
  const city = element(segment, 1);
  const region = element(segment, 2);
  const postalCode = element(segment, 3);
  const country = element(segment, 4);
  if (city !== '') address.city = city;
  if (region !== '') address.region = region;
  if (postalCode !== '') address.postalCode = postalCode;
  if (country !== '') address.country = country;
}

export function map850(set: TransactionSet): Map850Result {
  if (set.id !== '850') return { ok: false, errors: [`transaction set ${set.id} is not an 850`] };
  if (set.segments.length === 0) return { ok: false, errors: ['the set was read without its segments (retainSegments: false)'] };
  let beg: X12Segment | undefined;
  for (const segment of set.segments) {
    if (segment.id === 'BEG') {
      beg = segment;
      break;
    }
  }
  if (!beg || element(beg, 3) === '') return { ok: false, errors: ['the 850 has no BEG with a purchase order number'] };
  const findings = new Findings();
  const { warnings } = findings;
  const purposeCode = element(beg, 1);
  const order: PurchaseOrder850 = {
    source: sourceReference(set),
    purpose: PURPOSES.get(purposeCode) ?? 'OTHER',
    purposeCode,
    orderType: element(beg, 2),
    orderNumber: element(beg, 3),
    references: [],
    dates: [],
    parties: [],
    lines: [],
    warnings,
    ignoredSegments: [],
  };
  const releaseNumber = optional(element(beg, 4));
  if (releaseNumber) order.releaseNumber = releaseNumber;
  const orderDate = findings.date(element(beg, 5), 'BEG05');
  if (orderDate) order.orderDate = orderDate;
  const contractNumber = optional(element(beg, 6));
  if (contractNumber) order.contractNumber = contractNumber;

  let line: PurchaseOrder850Line | undefined;
  let party: Party850 | undefined;
  for (const segment of set.segments) {
    switch (segment.id) {
      case 'ST':
      case 'SE':
      case 'BEG':
        break;
      case 'CUR':
        if (!line && optional(element(segment, 2))) order.currency = element(segment, 2);
        else findings.ignore('CUR');
        break;
      case 'REF':
        if (party) findings.ignore('REF');
        else if (line) line.references.push(reference(segment));
        else order.references.push(reference(segment));
        break;
      case 'DTM': {
        const qualifier = element(segment, 1);
        const value = findings.date(element(segment, 2), `DTM*${qualifier}`);
        if (line) {
          if (qualifier === '010' && value) line.requestedShipDate = value;
          else findings.ignore('DTM');
          break;
        }
        if (party) {
          findings.ignore('DTM');
          break;
        }
        const entry: PurchaseOrder850['dates'][number] = { qualifier };
        if (value) entry.date = value;
        const time = element(segment, 3);
        if (time !== '') entry.time = time;
        order.dates.push(entry);
        if (qualifier === '002' && value) order.requestedDelivery = value;
        if (qualifier === '010' && value) order.requestedShip = value;
        if (qualifier === '001' && value) order.cancelAfter = value;
        break;
      }
      case 'N1':
        if (line) {
          findings.ignore('N1');
          party = undefined;
          break;
        }
        party = party850(segment);
        order.parties.push(party);
        break;
      case 'N2':
        if (party && !party.name) party.name = joinPresent(element(segment, 1), element(segment, 2), ' ');
        else findings.ignore('N2');
        break;
      case 'N3':
        if (party) {
          const { lines } = (party.address ??= { lines: [] });
          if (element(segment, 1) !== '') lines.push(element(segment, 1));
          if (element(segment, 2) !== '') lines.push(element(segment, 2));
        } else findings.ignore('N3');
        break;
      case 'N4':
        if (party) addAddress((party.address ??= { lines: [] }), segment);
        else findings.ignore('N4');
        break;
      case 'PO1':
        party = undefined;
        line = line850(segment, findings);
        order.lines.push(line);
        break;
      case 'PID':
        if (line && element(segment, 1) === 'F' && optional(element(segment, 5))) {
          line.item.description = line.item.description ? `${line.item.description} ${element(segment, 5)}` : element(segment, 5);
        } else findings.ignore('PID');
        break;
      case 'CTT': {
        line = undefined;
        party = undefined;
        const totals: NonNullable<PurchaseOrder850['totals']> = { lineCount: element(segment, 1) };
        if (element(segment, 2) !== '') totals.hashTotal = element(segment, 2);
        order.totals = totals;
        break;
      }
      default:
        // Any other segment closes an open N1 loop at heading level only if it cannot belong to it.
        if (!line && party && !N1_LOOP_SEGMENTS.has(segment.id)) party = undefined;
        findings.ignore(segment.id);
    }
  }
  if (order.lines.length === 0) warnings.push('the 850 has no PO1 lines');
  if (order.totals && isDigits(order.totals.lineCount) && Number(order.totals.lineCount) !== order.lines.length) {
    warnings.push(`CTT01 says ${order.totals.lineCount} lines, ${order.lines.length} PO1 segments received`);
  }
  order.ignoredSegments = findings.ignoredSegments();
  return { ok: true, order };
}

/** The two values that are not empty, joined. */
function joinPresent(first: string, second: string, separator: string): string {
  if (first === '') return second;
  return second === '' ? first : `${first}${separator}${second}`;
}
