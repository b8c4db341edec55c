/**
 * Finds an external issuer's token endpoint from its published metadata: RFC 8414 first, then OpenID Connect
 * Discovery (what most identity providers publish).
 */
import axios from 'axios';
import { IDENTITY_PROVIDER_MAX_BYTES } from './identity-provider-answers';

export async function discoverTokenEndpoint(issuer: string, timeoutMs = 5000): Promise<string> {
  const base = issuer.replace(/\/$/, '');
  const candidates = [`${base}/.well-known/oauth-authorization-server`, `${base}/.well-known/openid-configuration`];
  for (const url of candidates) {
    try {
      const { data } = await axios.get<{ issuer?: string; token_endpoint?: string }>(url, { timeout: timeoutMs, maxRedirects: 0, maxContentLength: IDENTITY_PROVIDER_MAX_BYTES });
      if (typeof data.token_endpoint === 'string' && data.issuer?.replace(/\/$/, '') === base) return data.token_endpoint;
    } catch {
      // try the next well-known location
    }
  }
  throw new Error(`no token endpoint published by ${issuer} (looked at ${candidates.join(', ')}); set auth.tokenUrl`);
}
