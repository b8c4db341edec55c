/**
 * Trading-partner profiles, resolved from configuration once: who a partner is on the envelope, its separators and
 * version, its units and item identifiers, how it is acknowledged. Everything partner-specific goes through here.
 */
import type { Ident } from '../../canonical/model';
import type { PartnerConfig } from '../../../gateway/config';
import type { Separators } from './x12';
import { DEFAULT_REPETITION, type EdiChannelConfig, type EdiPartnerProfile } from './config-schema';

export interface EdiProfile extends EdiPartnerProfile {
  /** The ERP customer its orders are placed on. */
  customerNumber: string;
  /** ISA12 of what we send it. */
  interchangeVersion: '00401' | '00501';
  /** The separators of what we send it. */
  x12Separators: Separators;
}

/** Our side of every envelope. */
export interface OurIds {
  qualifier: string;
  id: string;
  gsId: string;
}

export class EdiProfiles {
  private readonly byPartner = new Map<string, EdiProfile>();
  readonly ours: OurIds;

  constructor(config: EdiChannelConfig, partners: readonly PartnerConfig[]) {
    this.ours = { qualifier: config.isa.qualifier, id: config.isa.id, gsId: config.gsId };
    config.partners.forEach((profile, index) => {
      const customerNumber = profile.customerNumber ?? partners.find((partner) => partner.id === profile.partnerId)?.customerNumbers[0];
      if (!customerNumber) throw new TypeError(`channels.edi.partners.${index}.customerNumber: partner ${profile.partnerId} has no account (auth.partners) and the profile names none`);
      const { element, component, segment } = profile.separators;
      // 00501's ISA11 is the repetition separator (the 'U' standards identifier is gone): `^` unless the profile names one.
      const repetition = profile.separators.repetition ?? (profile.version === '005010' ? DEFAULT_REPETITION : undefined);
      this.byPartner.set(profile.partnerId, {
        ...profile,
        customerNumber,
        interchangeVersion: profile.version === '005010' ? '00501' : '00401',
        x12Separators: { element, component, segment, ...(repetition ? { repetition } : {}) },
      });
    });
  }

  forPartner(partnerId: string | undefined): EdiProfile | undefined {
    return partnerId === undefined ? undefined : this.byPartner.get(partnerId);
  }
}

/** The partner's X12 unit as ours (CA → CS with { CA: CS }). */
export function canonicalUnit(profile: EdiProfile, x12Unit: string): string {
  return profile.units[x12Unit] ?? x12Unit;
}

/** Our unit as the partner's X12 unit (CS → CA with { CA: CS }). */
export function partnerUnit(profile: EdiProfile, unit: string): string {
  return Object.entries(profile.units).find(([, ours]) => ours === unit)?.[0] ?? unit;
}

/**
 * The item ids we send the partner back: every id it sent in a scheme its profile lists, in the profile's order;
 * when it sent none of them, our material number as VENDOR_PART.
 */
export function partnerItemIds(profile: EdiProfile, ids: readonly Ident[]): Ident[] {
  const chosen = profile.itemIdentifiers.flatMap((scheme) => ids.filter((id) => id.scheme === scheme));
  if (chosen.length > 0) return chosen.map((id) => ({ ...id }));
  const material = ids.find((id) => id.scheme === 'ERP_MATERIAL');
  return material ? [{ scheme: 'VENDOR_PART', value: material.value }] : [];
}
