/**
 * CORS, closed unless origins are configured. A browser's preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) is answered here, 204 with no body, and never reaches authentication or a route:
 * with the allow headers for a configured origin, without them for any other, which the browser treats as a
 * refusal (Fetch, CORS check). An actual request from a configured origin gets `Access-Control-Allow-Origin` (the
 * origin itself, never `*`) and the exposed headers. No `Access-Control-Allow-Credentials`: the API authenticates
 * with bearer tokens, never cookies.
 */
import type { RequestHandler } from 'express';
import { parseCorsOptions, type CorsOptions } from './schema';

export { corsSchema, DEFAULTS, type CorsOptions } from './schema';

export function createCors(options: CorsOptions): RequestHandler {
  const config = parseCorsOptions(options);
  const open = config.allowedOrigins.size > 0;
  return (request, response, next) => {
    const origin = request.headers.origin;
    const preflight = request.method === 'OPTIONS' && origin !== undefined && request.headers['access-control-request-method'] !== undefined;
    // Caches must not hand one origin's answer to another (only when an answer can depend on the origin).
    if (open) response.vary('Origin');
    const allowed = open && origin !== undefined && config.allowedOrigins.has(origin);
    if (preflight) {
      if (allowed) {
        response.vary('Access-Control-Request-Headers');
        response.setHeader('Access-Control-Allow-Origin', origin);
        response.setHeader('Access-Control-Allow-Methods', config.allowedMethods);
        if (config.allowedHeaders) response.setHeader('Access-Control-Allow-Headers', config.allowedHeaders);
        response.setHeader('Access-Control-Max-Age', String(config.maxAgeSeconds));
      }
      response.status(204).end();
      return;
    }
    if (allowed) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      if (config.exposedHeaders) response.setHeader('Access-Control-Expose-Headers', config.exposedHeaders);
    }
    next();
  };
}
