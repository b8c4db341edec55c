/**
 * Crosswalks between X12 qualifiers and canonical terms: product id qualifiers (235) and identifier schemes, entity
 * codes (98) and party roles, party id qualifiers (66) and schemes. A qualifier without a canonical scheme is kept as
 * `X12_<qualifier>`, so nothing is lost and it writes back as sent.
 */
import type { Ident, PartyRole } from '../../../canonical/model';

/** 235 Product/Service ID Qualifier → canonical scheme. */
export const PRODUCT_ID_SCHEMES: Readonly<Record<string, string>> = {
  UP: 'UPC',
  UI: 'UPC',
  UA: 'UPC_CASE',
  EN: 'GTIN',
  UK: 'GTIN',
  BP: 'BUYER_PART',
  VP: 'VENDOR_PART',
  VN: 'VENDOR_ITEM',
  VA: 'VENDOR_STYLE',
  SK: 'SKU',
  IN: 'BUYER_ITEM',
  CB: 'BUYER_CATALOG',
  VC: 'VENDOR_CATALOG',
  MG: 'MANUFACTURER_PART',
  IB: 'ISBN',
};

/** Canonical scheme → the qualifier written for it (GTIN-14 is written UK, other GTINs EN). */
const PRODUCT_QUALIFIERS: Readonly<Record<string, string>> = {
  UPC: 'UP',
  UPC_CASE: 'UA',
  GTIN: 'EN',
  BUYER_PART: 'BP',
  VENDOR_PART: 'VP',
  VENDOR_ITEM: 'VN',
  VENDOR_STYLE: 'VA',
  SKU: 'SK',
  BUYER_ITEM: 'IN',
  BUYER_CATALOG: 'CB',
  VENDOR_CATALOG: 'VC',
  MANUFACTURER_PART: 'MG',
  ISBN: 'IB',
};

/** 98 Entity Identifier Code → party role. */
export const PARTY_ROLES: Readonly<Record<string, PartyRole>> = {
  BY: 'BUYER',
  SE: 'SELLER',
  VN: 'SELLER',
  SU: 'SELLER',
  ST: 'SHIP_TO',
  BT: 'BILL_TO',
  SF: 'SHIP_FROM',
  SH: 'SHIP_FROM',
  Z7: 'MARK_FOR',
  MA: 'MARK_FOR',
  RE: 'REMIT_TO',
  RI: 'REMIT_TO',
};

const ROLE_CODES: Readonly<Record<PartyRole, string>> = {
  BUYER: 'BY',
  SELLER: 'SE',
  SHIP_TO: 'ST',
  BILL_TO: 'BT',
  SHIP_FROM: 'SF',
  MARK_FOR: 'Z7',
  REMIT_TO: 'RE',
};

/** 66 Identification Code Qualifier → canonical scheme. */
export const PARTY_ID_SCHEMES: Readonly<Record<string, string>> = {
  '1': 'DUNS',
  '9': 'DUNS_PLUS_4',
  UL: 'GLN',
  '15': 'SAN',
  '91': 'SELLER_ASSIGNED',
  '92': 'BUYER_ASSIGNED',
};

const PARTY_QUALIFIERS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(PARTY_ID_SCHEMES).map(([qualifier, scheme]) => [scheme, qualifier]));

const PASS_THROUGH = /^X12_([A-Z0-9]{1,3})$/;

/**
 * The tables above as maps, which is how they are looked up: a partner's or caller's value is never read as a property
 * name ('constructor' would find Object.prototype's), and a map finds a string read from a file faster.
 */
const lookup = <T>(table: Readonly<Record<string, T>>): ReadonlyMap<string, T> => new Map(Object.entries(table));
const PRODUCT_SCHEME_OF = lookup(PRODUCT_ID_SCHEMES);
const PRODUCT_QUALIFIER_OF = lookup(PRODUCT_QUALIFIERS);
const PARTY_ROLE_OF = lookup(PARTY_ROLES);
const PARTY_SCHEME_OF = lookup(PARTY_ID_SCHEMES);
const PARTY_QUALIFIER_OF = lookup(PARTY_QUALIFIERS);

export function productScheme(qualifier: string): string {
  return PRODUCT_SCHEME_OF.get(qualifier) ?? `X12_${qualifier}`;
}

/** The qualifier to write an item id with; undefined for a scheme X12 has no qualifier for (ERP_MATERIAL, ASIN...). */
export function productQualifier(id: Ident): string | undefined {
  if (id.scheme === 'GTIN') return id.value.length === 14 ? 'UK' : 'EN';
  return PRODUCT_QUALIFIER_OF.get(id.scheme) ?? PASS_THROUGH.exec(id.scheme)?.[1];
}

export function partyRole(entityCode: string): PartyRole | undefined {
  return PARTY_ROLE_OF.get(entityCode);
}

export function entityCode(role: PartyRole): string {
  return ROLE_CODES[role];
}

export function partyScheme(qualifier: string): string {
  return PARTY_SCHEME_OF.get(qualifier) ?? `X12_${qualifier}`;
}

export function partyQualifier(id: Ident): string | undefined {
  return PARTY_QUALIFIER_OF.get(id.scheme) ?? PASS_THROUGH.exec(id.scheme)?.[1];
}
