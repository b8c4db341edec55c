/**
 * A whole gateway for integration tests: real HTTP server on a free port, the real sandbox ERP and WMS on free
 * ports, the built-in authorization server issuing real tokens, tier clients calling back into the same process
 * over HTTP, its own data directory (signing key, audit log) removed on stop. Its application log is kept in memory
 * so tests can follow a correlation id through every hop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { DEV_CLIENT_SECRETS } from '../../gateway/auth/dev-secrets';
import { loadConfig, mergeConfig } from '../../gateway/config';
import { createLogger } from '../../gateway/logger';
import { startGateway, type RunningGateway } from '../../gateway/runtime';
import type { CatalogEntry } from '../../openapi/catalog';

export interface TestGateway extends RunningGateway {
  dataDir: string;
  /** Stops the gateway and removes its data directory, unless asked to keep it (to read its audit log). */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
  /** Every application log line written so far, parsed. */
  logLines(): Array<Record<string, unknown>>;
  /** A token of a demo client from the gateway's token endpoint (cached per client and scope). */
  token(clientId: string, scope?: string): Promise<string>;
  /** A supertest agent on this gateway that sends the client's token with every request. */
  as(clientId: string, scope?: string): Promise<ReturnType<typeof request.agent>>;
}

/** Fetches a client-credentials token with a demo client's development secret from `tokenUrl`. */
export async function fetchToken(tokenUrl: string, clientId: string, scope?: string): Promise<string> {
  const secret = DEV_CLIENT_SECRETS[clientId];
  if (!secret) throw new Error(`no development secret for ${clientId}`);
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` },
    body,
  });
  const json = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !json.access_token) throw new Error(`token for ${clientId} refused: ${response.status} ${json.error ?? ''}`);
  return json.access_token;
}

export async function startTestGateway(overrides: Record<string, unknown> = {}, startOptions: { catalog?: CatalogEntry[] } = {}): Promise<TestGateway> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dg-gateway-'));
  const config = loadConfig({
    env: {},
    overrides: mergeConfig(
      {
        server: { port: 0, dataDir },
        sandbox: { enabled: true, erpPort: 0, wmsPort: 0 },
        // Fast failure in tests of platform outages; the defaults are for production.
        platforms: { erp: { timeoutMs: 2000, retries: 1, retryBaseDelayMs: 10 }, wms: { timeoutMs: 2000, retries: 1, retryBaseDelayMs: 10 } },
      },
      overrides,
    ),
  });
  const gateway = await startGateway(config, { logger: createLogger({ level: 'info', redactKeys: config.log.redactKeys, stream }), env: {}, ...startOptions });
  const tokens = new Map<string, Promise<string>>();
  const tokenUrl = config.auth.issuer ? undefined : `${gateway.url}/oauth/token`;
  const token = (clientId: string, scope?: string): Promise<string> => {
    const key = `${clientId} ${scope ?? ''}`;
    if (!tokens.has(key)) {
      if (!tokenUrl) throw new Error('this gateway uses an external issuer: fetch tokens there');
      tokens.set(key, fetchToken(tokenUrl, clientId, scope));
    }
    return tokens.get(key) as Promise<string>;
  };
  return {
    ...gateway,
    dataDir,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    token,
    as: async (clientId, scope) => request.agent(gateway.url).set('Authorization', `Bearer ${await token(clientId, scope)}`),
    async stop(options = {}) {
      await gateway.stop();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
