/** Pieces the document writers share: required values, item id pairs, N1 loops, REF segments. */
import type { Ident, Party } from '../../../../canonical/model';
import { X12WriteError } from '../errors';
import { entityCode, partyQualifier, productQualifier } from '../qualifiers';
import type { SegmentInput } from '../writer';

/** A reference number of a document (REF01/REF02/REF03). */
export interface Reference {
  /** REF01 qualifier as X12 has it: BM bill of lading, CN carrier reference, IA vendor number, DP department... */
  qualifier: string;
  value: string;
  description?: string;
}

export function required(value: string | undefined, path: string, maxLength?: number): string {
  if (value === undefined || value === '') throw new X12WriteError('ERR_X12_INVALID_VALUE', 'is required', path);
  if (maxLength !== undefined && value.length > maxLength) throw new X12WriteError('ERR_X12_VALUE_TOO_LONG', `'${value}' is longer than ${maxLength}`, path);
  return value;
}

/** Qualifier/value pairs for PO106.., IT106.., LIN02..: ids X12 has no qualifier for are left out. */
export function itemIdElements(ids: readonly Ident[], maxPairs: number, path: string): string[] {
  const pairs: string[] = [];
  for (const id of ids) {
    const qualifier = productQualifier(id);
    if (qualifier === undefined) continue;
    if (pairs.length / 2 >= maxPairs) throw new X12WriteError('ERR_X12_VALUE_TOO_LONG', `more than ${maxPairs} item ids`, path);
    pairs.push(qualifier, required(id.value, `${path}.value`, 48));
  }
  return pairs;
}

/** The N1 loop of a party: N1 (with its first id X12 has a qualifier for), N3 (two lines per N3), N4. */
export function partySegments(party: Party, path: string): SegmentInput[] {
  const id = party.ids.find((candidate) => partyQualifier(candidate) !== undefined);
  const segments: SegmentInput[] = [
    { id: 'N1', elements: [entityCode(party.role), party.name, ...(id ? [partyQualifier(id), id.value] : [])] },
  ];
  if (!party.name && !id) throw new X12WriteError('ERR_X12_INVALID_VALUE', 'a party needs a name or an id X12 can qualify', path);
  const address = party.address;
  if (address) {
    for (let line = 0; line < address.lines.length && line < 4; line += 2) {
      segments.push({ id: 'N3', elements: [address.lines[line], address.lines[line + 1]] });
    }
    segments.push({ id: 'N4', elements: [address.city, address.region, address.postalCode, address.country] });
  }
  return segments;
}

export function referenceSegments(references: readonly Reference[] | undefined): SegmentInput[] {
  return (references ?? []).map((reference) => ({ id: 'REF', elements: [reference.qualifier, reference.value, reference.description] }));
}
