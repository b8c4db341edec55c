/**
 * Onboarding partners in integration tests by configuration only: their `auth.partners`, `auth.clients` and
 * `channels.edi.partners` entries added to (or replacing, by id) those of config/default.yaml, and agents for
 * clients whose secret is the test's own rather than a demo client's.
 */
import request from 'supertest';
import { hashSecret } from '../../gateway/auth/client-secrets';
import { loadConfig } from '../../gateway/config';

type Entry = Record<string, unknown>;

/** The part of the gateway configuration that onboards a partner (as a partner's profile.yaml holds it). */
export interface PartnerConfigFragment {
  auth?: { partners?: Entry[]; clients?: Entry[] };
  channels?: { edi?: { partners?: Entry[] } };
}

/** A client the test signs in as, with its secret (never in configuration; only its hash is). */
export interface TestClient {
  id: string;
  secret: string;
}

function mergeById(base: readonly Entry[], additions: readonly Entry[], key: string): Entry[] {
  const merged = new Map<unknown, Entry>(base.map((entry) => [entry[key], entry]));
  for (const entry of additions) merged.set(entry[key], entry);
  return [...merged.values()];
}

/**
 * Configuration overrides with every fragment's entries merged by id into the default configuration's lists (a plain
 * override would replace a list). A fragment's client without `secretHash` gets the hash of its test secret.
 */
export async function onboardingOverrides(fragments: readonly PartnerConfigFragment[], clients: readonly TestClient[] = []): Promise<Record<string, unknown>> {
  const defaults = loadConfig({ env: {} });
  const hashed = await Promise.all(
    fragments.flatMap((fragment) => fragment.auth?.clients ?? []).map(async (client) => {
      if (client.secretHash !== undefined) return client;
      const secret = clients.find((candidate) => candidate.id === client.id)?.secret;
      if (!secret) throw new Error(`client ${String(client.id)} has no secretHash and the test knows no secret for it`);
      return { ...client, secretHash: await hashSecret(secret) };
    }),
  );
  return {
    auth: {
      partners: mergeById(defaults.auth.partners as unknown as Entry[], fragments.flatMap((fragment) => fragment.auth?.partners ?? []), 'id'),
      clients: mergeById(defaults.auth.clients as unknown as Entry[], hashed, 'id'),
    },
    channels: {
      edi: { partners: mergeById(defaults.channels.edi.partners as unknown as Entry[], fragments.flatMap((fragment) => fragment.channels?.edi?.partners ?? []), 'partnerId') },
    },
  };
}

/** A supertest agent on `gatewayUrl` with a client-credentials token of `client` from the gateway's own token endpoint. */
export async function agentFor(gatewayUrl: string, client: TestClient): Promise<ReturnType<typeof request.agent>> {
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const json = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !json.access_token) throw new Error(`token for ${client.id} refused: ${response.status} ${json.error ?? ''}`);
  return request.agent(gatewayUrl).set('Authorization', `Bearer ${json.access_token}`);
}
