/**
 * An HTTP client for calling another tier of this gateway: the platform client's timeouts, retries and trace
 * headers, plus the gateway's own access token and the original caller's identity (so the next tier can audit and
 * isolate by who really asked).
 */
import type { AxiosInstance } from 'axios';
import { principalOf } from '../auth/caller';
import type { ServiceTokenProvider } from '../auth/service-token';
import { currentRequestContext } from '../request-context';
import { formatOnBehalfOf, ON_BEHALF_OF_HEADER } from '../../policies/authentication';
import { createPlatformClient, type PlatformClientOptions } from './platform-client';

export interface TierClientOptions extends PlatformClientOptions {
  tokens: ServiceTokenProvider;
}

export function createTierClient(options: TierClientOptions): AxiosInstance {
  const client = createPlatformClient({
    ...options,
    // The next tier refused our token (its issuer rotated keys, or it expired early): fetch a new one, once.
    renewCredentials: async () => {
      options.tokens.invalidate();
      return true;
    },
  });
  client.interceptors.request.use(async (config) => {
    config.headers.set('Authorization', `Bearer ${await options.tokens.token()}`);
    const caller = currentRequestContext()?.caller;
    if (caller) config.headers.set(ON_BEHALF_OF_HEADER, formatOnBehalfOf(principalOf(caller)));
    return config;
  });
  return client;
}
