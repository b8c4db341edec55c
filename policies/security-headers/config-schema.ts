/**
 * The `server.hsts` configuration section and its defaults: zod only, so gateway/config/schema.ts can include it
 * without importing the policy (or the configuration loader back).
 */
import { z } from 'zod';

export const DEFAULTS = {
  hsts: { enabled: false, maxAgeSeconds: 31_536_000, includeSubDomains: false, preload: false },
} as const;

export const hstsSchema = z
  .object({
    enabled: z.boolean().default(DEFAULTS.hsts.enabled),
    maxAgeSeconds: z.number().int().min(0).max(63_072_000).default(DEFAULTS.hsts.maxAgeSeconds),
    includeSubDomains: z.boolean().default(DEFAULTS.hsts.includeSubDomains),
    preload: z.boolean().default(DEFAULTS.hsts.preload),
  })
  .strict()
  .refine((hsts) => !hsts.preload || (hsts.includeSubDomains && hsts.maxAgeSeconds >= 31_536_000), {
    message: 'preload needs includeSubDomains and maxAgeSeconds of at least 31536000',
    path: ['preload'],
  });
