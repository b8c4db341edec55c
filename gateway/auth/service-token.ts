/**
 * The gateway's own access token, for calls between its tiers: fetched with client credentials from the token
 * endpoint (the built-in server's or the external issuer's), cached, and renewed before it expires. Concurrent
 * callers share one fetch.
 */
import axios, { type AxiosInstance } from 'axios';
import { GatewayError } from '../errors';
import { IDENTITY_PROVIDER_MAX_BYTES } from './identity-provider-answers';

export interface ServiceTokenOptions {
  /** The token endpoint, or a function giving it once known (the built-in server's URL is known after listen). */
  tokenUrl: string | (() => Promise<string>);
  clientId: string;
  /** @secret */
  clientSecret: string;
  scopes: readonly string[];
  /** RFC 8707 resource indicator, when the issuer wants one. */
  resource?: string;
  /** Renew this long before expiry, in seconds. Default 60. */
  renewBeforeSeconds?: number;
  timeoutMs?: number;
  clock?: () => number;
  http?: AxiosInstance;
}

export interface ServiceTokenProvider {
  token(): Promise<string>;
  /** Forget the cached token (after the next tier answered 401 to it). */
  invalidate(): void;
}

interface TokenResponse {
  access_token: string;
  expires_in?: number;
  token_type: string;
}

interface ObtainedToken {
  token: string;
  lifetimeMs: number;
}

/** Caches a token and renews it `renewBeforeMs` before it expires; concurrent callers share one renewal. */
function cachedTokens(obtain: () => Promise<ObtainedToken>, renewBeforeMs: number, clock: () => number): ServiceTokenProvider {
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const renew = async (): Promise<string> => {
    const requestedAt = clock();
    const { token, lifetimeMs } = await obtain();
    cached = { token, renewAt: requestedAt + Math.max(lifetimeMs - renewBeforeMs, lifetimeMs / 2) };
    return token;
  };
  return {
    async token() {
      if (cached && clock() < cached.renewAt) return cached.token;
      inFlight ??= renew().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** The gateway's token from an authorization server's token endpoint (an external identity provider's). */
export function createServiceTokenProvider(options: ServiceTokenOptions): ServiceTokenProvider {
  const http = options.http ?? axios.create({ timeout: options.timeoutMs ?? 5000, maxRedirects: 0, maxContentLength: IDENTITY_PROVIDER_MAX_BYTES });
  return cachedTokens(
    async () => {
      const url = typeof options.tokenUrl === 'string' ? options.tokenUrl : await options.tokenUrl();
      let response;
      try {
        const form = new URLSearchParams({ grant_type: 'client_credentials', scope: options.scopes.join(' '), ...(options.resource ? { resource: options.resource } : {}) });
        response = await http.post<TokenResponse>(url, form.toString(), {
          auth: { username: encodeURIComponent(options.clientId), password: encodeURIComponent(options.clientSecret) },
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        });
      } catch (error) {
        const status = axios.isAxiosError(error) ? error.response?.status : undefined;
        // 4xx: our own credentials are wrong (a configuration mistake); otherwise the issuer is unreachable.
        throw status !== undefined && status < 500
          ? new GatewayError('ERR_INTERNAL', `the token endpoint refused the gateway's own client (${status})`, { cause: error })
          : new GatewayError('ERR_AUTH_UNAVAILABLE', 'The token issuer cannot be reached for a call between tiers', { cause: error });
      }
      return { token: response.data.access_token, lifetimeMs: (response.data.expires_in ?? 300) * 1000 };
    },
    (options.renewBeforeSeconds ?? 60) * 1000,
    options.clock ?? Date.now,
  );
}

/**
 * The gateway's token from its own built-in authorization server, issued in-process: no HTTP round trip through a
 * load balancer, no scrypt, and no dependence on another instance being up.
 */
export function createLocalServiceTokens(options: { issue: () => Promise<string>; lifetimeSeconds: number; renewBeforeSeconds?: number; clock?: () => number }): ServiceTokenProvider {
  return cachedTokens(async () => ({ token: await options.issue(), lifetimeMs: options.lifetimeSeconds * 1000 }), (options.renewBeforeSeconds ?? 60) * 1000, options.clock ?? Date.now);
}
