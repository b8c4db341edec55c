/**
 * Options of the security-headers policy, checked once at creation: a mistake stops the start with a `ConfigError`
 * naming the option, and the result is frozen.
 */
import { z } from 'zod';
import { ConfigError } from '../../gateway/config';
import { hstsSchema } from './config-schema';

export { DEFAULTS, hstsSchema } from './config-schema';

export interface HstsOptions {
  /** Send `Strict-Transport-Security`. Default false: see `server.hsts` in gateway/config/schema.ts for why. */
  enabled: boolean;
  /** How long browsers remember to use HTTPS only, in seconds. Default 31536000 (one year). */
  maxAgeSeconds: number;
  /** Also for every subdomain. Default false: the gateway does not own its parent domain's other hosts. */
  includeSubDomains: boolean;
  /** Ask for the browsers' preload list (needs `includeSubDomains` and a year). Default false. */
  preload: boolean;
}

export interface SecurityHeadersOptions {
  hsts: HstsOptions;
  /** Where the developer portal is mounted (`/portal`): its pages get the CSP that lets Swagger UI run. */
  portalPath: string;
  /**
   * An external identity provider's token endpoint, which the portal's Authorize dialog calls from the browser
   * (added to the portal's `connect-src`). Absent with the built-in authorization server, which is `'self'`.
   */
  tokenUrl?: string;
  /**
   * The exact contents of the portal's inline `<style>` elements, allowed by their SHA-256 hash (no
   * `'unsafe-inline'`). Default: the portal's own (see portal-styles.ts).
   */
  inlineStyles?: readonly string[];
}

export interface SecurityHeadersConfiguration {
  readonly hsts: Readonly<HstsOptions>;
  readonly portalPath: string;
  /** The token endpoint as a CSP source (scheme, host, port and path: no query), or undefined. */
  readonly tokenSource: string | undefined;
  readonly inlineStyles: readonly string[] | undefined;
}

const optionsSchema = z
  .object({
    hsts: hstsSchema,
    portalPath: z.string().regex(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, 'a path like /portal'),
    tokenUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
    inlineStyles: z.array(z.string()).optional(),
  })
  .strict();

export function parseSecurityHeadersOptions(options: SecurityHeadersOptions): SecurityHeadersConfiguration {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new ConfigError(`invalid security-headers options:\n  ${lines.join('\n  ')}`);
  }
  const { hsts, portalPath, tokenUrl, inlineStyles } = result.data;
  const token = tokenUrl ? new URL(tokenUrl) : undefined;
  return Object.freeze({
    hsts: Object.freeze(hsts),
    portalPath,
    tokenSource: token ? `${token.origin}${token.pathname}` : undefined,
    inlineStyles: inlineStyles ? Object.freeze([...inlineStyles]) : undefined,
  });
}
