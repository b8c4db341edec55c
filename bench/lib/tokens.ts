/** Real access tokens from a built-in authorization server, with the demo clients' development secrets. */
import { DEV_CLIENT_SECRETS } from '../../gateway/auth/dev-secrets';

export async function fetchToken(tokenUrl: string, clientId: string): Promise<string> {
  const secret = DEV_CLIENT_SECRETS[clientId];
  if (!secret) throw new Error(`no development secret for ${clientId}`);
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const json = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !json.access_token) throw new Error(`token for ${clientId} refused: ${response.status} ${json.error ?? ''}`);
  return json.access_token;
}
