/**
 * The marketplace channel's configuration (`channels.marketplace`): one profile per partner that pushes purchase orders
 * in a marketplace's vendor shape (Amazon Retail Procurement), saying who we are to it and which of its parties are
 * which of our ERP accounts. A new marketplace partner is onboarded here, without code.
 */
import { z } from 'zod';

const tenDigits = z.string().regex(/^\d{10}$/, 'ten digits');
/** A marketplace party id (Amazon: a vendor code, a fulfilment centre code such as ABE8). */
const marketplacePartyId = z.string().min(1).max(35).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and ._- only');

/** One partner's marketplace profile. */
export const marketplacePartnerSchema = z
  .object({
    /** The partner profile id (auth.partners[].id) whose clients push this marketplace's orders. */
    partnerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a partner id'),
    /** Our party id at the marketplace (Amazon: our vendor code), sent as `sellingParty.partyId`. Default DISTRIBUTOR. */
    sellingParty: marketplacePartyId.default('DISTRIBUTOR'),
    /** The ERP customer (sold-to) an order is placed on when its buying party is not in `buyingParties`. Default: the partner's first account (auth.partners[].customerNumbers). */
    customerNumber: tenDigits.optional(),
    /** The marketplace's `buyingParty.partyId` → the ERP customer its orders are placed on; each must be one of the partner's accounts. Default {}. */
    buyingParties: z.record(marketplacePartyId, tenDigits).default({}),
    /** The marketplace's `shipToParty.partyId` (a fulfilment centre) → our ERP ship-to. A ship-to not listed ships to the account's default ship-to. Default {}. */
    shipToParties: z.record(marketplacePartyId, tenDigits).default({}),
    /** ISO 4217 currency the partner buys in: a `netCost` in another currency refuses the item. Default USD. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code').default('USD'),
  })
  .strict();

export const marketplaceChannelSchema = z
  .object({
    /** One profile per marketplace partner. */
    partners: z.array(marketplacePartnerSchema).default([]),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Map<string, number>();
    config.partners.forEach((partner, index) => {
      if (seen.has(partner.partnerId)) context.addIssue({ code: 'custom', path: ['partners', index, 'partnerId'], message: `also used by partners.${seen.get(partner.partnerId)}` });
      seen.set(partner.partnerId, index);
    });
  });

export type MarketplaceChannelConfig = z.infer<typeof marketplaceChannelSchema>;
export type MarketplacePartnerProfile = z.infer<typeof marketplacePartnerSchema>;
