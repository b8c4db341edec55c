/**
 * The demo clients' development secrets. They are public on purpose (the README lists them, config/default.yaml
 * holds their hashes), so a production start that still uses any of them is refused.
 */
import type { AuthConfig } from '../config/auth-schema';
import { ConfigError } from '../config';
import { verifySecret } from './client-secrets';

/** Client id → its development secret, as the README gives them. */
export const DEV_CLIENT_SECRETS: Readonly<Record<string, string>> = Object.freeze({
  'acme-edi': 'dev-secret-acme-edi-4Qm9',
  'shopco-market': 'dev-secret-shopco-market-8Wd2',
  'globex-dev': 'dev-secret-globex-dev-2Rk7',
  'initech-dev': 'dev-secret-initech-dev-5Tn3',
  'internal-crm': 'dev-secret-internal-crm-9Lp4',
  architect: 'dev-secret-architect-3Vb6',
  'gateway-tiers': 'dev-secret-gateway-tiers-7Hc2',
});

/**
 * Under NODE_ENV=production, throws a `ConfigError` naming every client still using a development secret, and the
 * service client's secret when it is one. Checked: each client whose id is a demo id, against that id's secret
 * (one scrypt verification each, so at most seven at start-up), and any client sharing a flagged client's hash
 * (a copied line). A client with a new id is not verified against every development secret: that would cost
 * seven scrypt verifications per client at every start. Client hashes are only checked while the built-in
 * authorization server is on (no auth.issuer): with an external issuer they are unused.
 */
export async function assertNoDevSecretsInProduction(auth: AuthConfig, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.NODE_ENV !== 'production') return;
  const offending: string[] = [];

  if (!auth.issuer) {
    const usesDevSecret = await Promise.all(
      auth.clients.map(async (client) => {
        const devSecret = Object.hasOwn(DEV_CLIENT_SECRETS, client.id) ? DEV_CLIENT_SECRETS[client.id] : undefined;
        return Boolean(devSecret && client.secretHash && (await verifySecret(devSecret, client.secretHash)));
      }),
    );
    const devHashes = new Set(auth.clients.filter((_client, index) => usesDevSecret[index]).map((client) => client.secretHash));
    auth.clients.forEach((client, index) => {
      if (usesDevSecret[index] || (client.secretHash && devHashes.has(client.secretHash))) {
        offending.push(`auth.clients.${index}.secretHash (client ${client.id})`);
      }
    });
  }

  if (Object.values(DEV_CLIENT_SECRETS).includes(auth.serviceClient.secret)) {
    offending.push(`auth.serviceClient.secret (env OAUTH_CLIENT_SECRET, client ${auth.serviceClient.id})`);
  }

  if (offending.length > 0) {
    throw new ConfigError(
      `refusing to start under NODE_ENV=production with the public development secrets of:\n  ${offending.join('\n  ')}\n` +
        'Choose a new secret for each (at least 16 random characters), put the output of `npm run hash-secret -- SECRET` in ' +
        "the client's secretHash, and give the gateway's own client its new secret in OAUTH_CLIENT_SECRET (its hash goes in that client's secretHash).",
    );
  }
}
