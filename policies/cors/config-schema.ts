/**
 * The `server.cors` configuration section and its defaults: zod only, so gateway/config/schema.ts can include it
 * without importing the policy (or the configuration loader back).
 */
import { z } from 'zod';

export const DEFAULTS = {
  allowedOrigins: [] as string[],
  allowedMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id', 'traceparent'],
  exposedHeaders: ['Location', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Deprecation', 'Sunset', 'Link', 'X-Correlation-Id', 'Idempotent-Replayed'],
  maxAgeSeconds: 600,
};

/** An origin exactly as a browser sends it: lower-case scheme and host, a port only when not the default, no path. */
const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value && !value.includes('*');
  } catch {
    return false;
  }
}, 'an exact origin such as https://app.example.com (scheme, host and port; no path, no wildcard)');
const token = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP token');

/** The `server.cors` configuration section. */
export const corsSchema = z
  .object({
    allowedOrigins: z.array(origin).default(DEFAULTS.allowedOrigins),
    allowedMethods: z.array(token.regex(/^[A-Z]+$/, 'an upper-case method')).min(1).default(DEFAULTS.allowedMethods),
    allowedHeaders: z.array(token).default(DEFAULTS.allowedHeaders),
    exposedHeaders: z.array(token).default(DEFAULTS.exposedHeaders),
    maxAgeSeconds: z.number().int().min(0).max(86_400).default(DEFAULTS.maxAgeSeconds),
  })
  .strict();
