/**
 * The EDI channel's configuration (`channels.edi`): our own interchange ids, the duplicate window, when an outbound
 * document is overdue, and one trading-partner profile per EDI partner. A new partner is onboarded here, without code.
 */
import { z } from 'zod';

const isaQualifier = z.string().regex(/^[A-Z0-9]{2}$/, 'an ISA id qualifier (I05), e.g. ZZ, 01, 12');
const isaId = z.string().min(1).max(15).regex(/^[A-Za-z0-9 ._-]+$/, 'letters, digits, spaces and ._- only');
const gsId = z.string().min(2).max(15).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and ._- only');
const separator = z.string().length(1).regex(/^[^A-Za-z0-9 ]$/, 'one character that is neither a letter, a digit nor a space');

/** The repetition separator (ISA11) of a 005010 profile that names none. */
export const DEFAULT_REPETITION = '^';

/** An interchange id: ISA05/ISA06 (sender) or ISA07/ISA08 (receiver). */
export const interchangeIdSchema = z.object({ qualifier: isaQualifier, id: isaId }).strict();

/** One trading partner's EDI profile. */
export const ediPartnerSchema = z
  .object({
    /** The partner profile id (auth.partners[].id) whose clients exchange this partner's interchanges. */
    partnerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a partner id'),
    /** The ERP customer (sold-to) its orders are placed on. Default: the partner's first account (auth.partners[].customerNumbers). */
    customerNumber: z.string().regex(/^\d{10}$/, 'ten digits').optional(),
    /** The partner's ISA05/ISA06: its interchanges must come from it, ours go to it. */
    isa: interchangeIdSchema,
    /** The partner's GS02 (its groups) and our GS03 (ours to it). */
    gsId,
    /** X12 version of the documents we send it: 004010 (ISA12 00401) or 005010 (ISA12 00501). Default 004010. */
    version: z.enum(['004010', '005010']).default('004010'),
    /** Separators of the interchanges we send it. Default `*`, `>`, `~` (and `^` as repetition separator from 005010; a 005010 profile using `^` otherwise names its own). */
    separators: z
      .object({ element: separator.default('*'), component: separator.default('>'), segment: separator.default('~'), repetition: separator.optional() })
      .strict()
      .prefault({}),
    /** The partner's X12 unit (355) → our unit (UN/ECE Rec 20), e.g. { CA: CS }. Units not listed are the same on both sides. */
    units: z.record(z.string().regex(/^[A-Z0-9]{2}$/), z.string().regex(/^[A-Z0-9]{2,3}$/)).default({}),
    /**
     * Which of the order's item ids we send back in 855/856/810, in order of preference (canonical schemes: BUYER_PART,
     * UPC, VENDOR_PART, GTIN, SKU...). Every listed scheme the partner sent is echoed; when it sent none of them, our
     * material number goes as VENDOR_PART. Default [BUYER_PART, UPC, VENDOR_PART].
     */
    itemIdentifiers: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/)).min(1).default(['BUYER_PART', 'UPC', 'VENDOR_PART']),
    /** How its functional groups are acknowledged: a 997 per group (default) or a 999 (005010X231). */
    functionalAck: z.enum(['997', '999']).default('997'),
    /** What one 997/999 answers: a whole functional group (default, AK2 per set), or each transaction set on its own. */
    functionalAckScope: z.enum(['group', 'set']).default('group'),
    /** When a TA1 comes back: on-request (ISA14=1, or a rejected interchange; default) or always. */
    ta1: z.enum(['on-request', 'always']).default('on-request'),
    /** production: ISA15 decides; test: everything of this partner is test data (never posted to a production ERP, our ISA15=T). */
    usage: z.enum(['production', 'test']).default('production'),
    /** ISO 4217 currency of its orders when the 850 has no CUR. Default USD. */
    currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  })
  .strict();

export const ediChannelSchema = z
  .object({
    /** Our ISA07/ISA08 (what partners send to) and ISA05/ISA06 of what we send. Default ZZ / DISTGATEWAY. */
    isa: interchangeIdSchema.prefault({ qualifier: 'ZZ', id: 'DISTGATEWAY' }),
    /** Our GS03 (partners' groups) and GS02 (ours). Default DISTGATEWAY. */
    gsId: gsId.default('DISTGATEWAY'),
    /** An interchange whose sender, receiver and ISA13 were seen within this many seconds is a duplicate (TA1 025). Default 604800 (7 days). */
    duplicateWindowSeconds: z.number().int().min(60).max(31_536_000).default(604_800),
    /** An outbound 855/856/810 without the partner's 997 after this many seconds is overdue. Default 86400 (24 h). */
    overdueAfterSeconds: z.number().int().min(1).max(2_592_000).default(86_400),
    /** Largest interchange accepted, in bytes (text bodies are also capped by `server.textBodyLimitBytes`). Default 5242880. */
    maxInterchangeBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
    /** One profile per EDI trading partner. */
    partners: z.array(ediPartnerSchema).default([]),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Map<string, number>();
    config.partners.forEach((partner, index) => {
      for (const key of [`partner:${partner.partnerId}`, `isa:${partner.isa.qualifier}:${partner.isa.id}`]) {
        if (seen.has(key)) context.addIssue({ code: 'custom', path: ['partners', index], message: `${key.split(':')[0]} also used by partners.${seen.get(key)}` });
        seen.set(key, index);
      }
      if (partner.separators.repetition !== undefined && partner.version === '004010') {
        context.addIssue({ code: 'custom', path: ['partners', index, 'separators', 'repetition'], message: '004010 (ISA12 00401) has no repetition separator' });
      }
      const all = [partner.separators.element, partner.separators.component, partner.separators.segment, ...(partner.separators.repetition ? [partner.separators.repetition] : [])];
      if (new Set(all).size !== all.length) context.addIssue({ code: 'custom', path: ['partners', index, 'separators'], message: 'separators must differ' });
      else if (partner.version === '005010' && partner.separators.repetition === undefined && all.includes(DEFAULT_REPETITION)) {
        context.addIssue({ code: 'custom', path: ['partners', index, 'separators', 'repetition'], message: `005010 (ISA12 00501) needs a repetition separator and the default ${DEFAULT_REPETITION} is taken: name another` });
      }
    });
  });

export type EdiChannelConfig = z.infer<typeof ediChannelSchema>;
export type EdiPartnerProfile = z.infer<typeof ediPartnerSchema>;
