/**
 * Security headers on every response, by helmet: the API's (JSON, problem+json, X12, the token endpoint, health)
 * get a Content-Security-Policy that allows nothing (`default-src 'none'; frame-ancestors 'none'`), since no API
 * response is ever a document to render; the portal's pages get one that lets Swagger UI run from this origin only
 * (its scripts and stylesheet from 'self', the portal's inline styles by hash, try-it and the Authorize dialog
 * calling this gateway and, when one is configured, the external token endpoint). Both carry nosniff,
 * `Referrer-Policy: no-referrer`, `Cross-Origin-Resource-Policy: same-origin`, `X-Frame-Options: DENY` and HSTS
 * when configured; helmet also removes `X-Powered-By`.
 */
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { cspHash, portalInlineStyles } from './portal-styles';
import { parseSecurityHeadersOptions, type SecurityHeadersConfiguration, type SecurityHeadersOptions } from './schema';

export { DEFAULTS, hstsSchema, type HstsOptions, type SecurityHeadersOptions } from './schema';

/** The API's policy: nothing may load, run or frame. */
export const API_CSP = Object.freeze({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });

/** The portal's policy, for its inline styles' hashes and the token endpoint (if external). */
export function portalCsp(styleHashes: readonly string[], tokenSource: string | undefined): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", ...styleHashes],
    // swagger-ui.css draws its icons as data: SVGs.
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(tokenSource ? [tokenSource] : [])],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
}

function helmetOptions(directives: Record<string, readonly string[]>, config: SecurityHeadersConfiguration): HelmetOptions {
  const { hsts } = config;
  return {
    contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(directives).map(([name, value]) => [name, [...value]])) },
    strictTransportSecurity: hsts.enabled ? { maxAge: hsts.maxAgeSeconds, includeSubDomains: hsts.includeSubDomains, preload: hsts.preload } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  };
}

export function createSecurityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const config = parseSecurityHeadersOptions(options);
  const styleHashes = (config.inlineStyles ?? portalInlineStyles()).map(cspHash);
  const api = helmet(helmetOptions(API_CSP, config));
  const portal = helmet(helmetOptions(portalCsp(styleHashes, config.tokenSource), config));
  const { portalPath } = config;
  return (request, response, next) => {
    const isPortal = request.path === portalPath || request.path.startsWith(`${portalPath}/`);
    (isPortal ? portal : api)(request, response, next);
  };
}
