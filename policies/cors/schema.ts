/**
 * Options of the CORS policy (`server.cors`), checked once at creation: a mistake stops the start with a
 * `ConfigError` naming the option, and the result is frozen.
 */
import { ConfigError } from '../../gateway/config';
import { corsSchema } from './config-schema';

export { corsSchema, DEFAULTS } from './config-schema';

export interface CorsOptions {
  /**
   * Browser origins (`https://app.example.com`, scheme, host and port only) allowed to call the gateway across
   * origins. Exact matches, no wildcards and no `null`. Default []: CORS is closed, no response carries
   * `Access-Control-*` headers.
   */
  allowedOrigins: readonly string[];
  /** Methods an allowed origin may use. Default GET, HEAD, POST, PUT, PATCH, DELETE. */
  allowedMethods?: readonly string[];
  /** Request headers an allowed origin may send. Default Authorization, Content-Type, Idempotency-Key, X-Correlation-Id, traceparent. */
  allowedHeaders?: readonly string[];
  /** Response headers an allowed origin's scripts may read. Default Location, RateLimit, RateLimit-Policy, Retry-After, Deprecation, Sunset, Link, X-Correlation-Id, Idempotent-Replayed. */
  exposedHeaders?: readonly string[];
  /** How long a browser may cache a preflight's answer, in seconds. Default 600 (Chromium's cap is 7200). */
  maxAgeSeconds?: number;
}

export interface CorsConfiguration {
  readonly allowedOrigins: ReadonlySet<string>;
  readonly allowedMethods: string;
  readonly allowedHeaders: string;
  readonly exposedHeaders: string;
  readonly maxAgeSeconds: number;
}

export function parseCorsOptions(options: CorsOptions): CorsConfiguration {
  const result = corsSchema.safeParse(options);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new ConfigError(`invalid cors options:\n  ${lines.join('\n  ')}`);
  }
  const { allowedOrigins, allowedMethods, allowedHeaders, exposedHeaders, maxAgeSeconds } = result.data;
  return Object.freeze({
    allowedOrigins: new Set(allowedOrigins),
    allowedMethods: allowedMethods.join(', '),
    allowedHeaders: allowedHeaders.join(', '),
    exposedHeaders: exposedHeaders.join(', '),
    maxAgeSeconds,
  });
}
