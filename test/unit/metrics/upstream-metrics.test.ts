/**
 * Upstream metrics through the real platform client and a real HTTP server: each attempt (retries included) is
 * observed once, with the platform's own answer, and only the platform's failures count as errors.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlatformClient } from '../../../gateway/http/platform-client';
import { createMetricsRegistry, type MetricsRegistry } from '../../../gateway/metrics/registry';
import { createUpstreamMetrics, outcomeOf } from '../../../gateway/metrics/upstream-metrics';

async function scriptedServer(statuses: number[]) {
  let calls = 0;
  const server = http.createServer((_request, response) => {
    const status = statuses[Math.min(calls, statuses.length - 1)]!;
    calls += 1;
    response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function sample(registry: MetricsRegistry, name: string, labels: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('upstream metrics', () => {
  it('observes every attempt once: a 503 then a 200 is one server error and one success', async () => {
    const server = await scriptedServer([503, 200]);
    const registry = createMetricsRegistry();
    try {
      const client = createPlatformClient({ name: 'ERP', baseURL: server.url, timeoutMs: 1000, retries: 2, retryBaseDelayMs: 1, instrument: createUpstreamMetrics(registry) });
      await client.get('/x');
      assert.equal(server.calls(), 2);
      assert.equal(await sample(registry, 'gateway_upstream_request_duration_seconds_count', 'platform="ERP",method="GET",outcome="server_error"'), 1);
      assert.equal(await sample(registry, 'gateway_upstream_request_duration_seconds_count', 'platform="ERP",method="GET",outcome="success"'), 1);
      assert.equal(await sample(registry, 'gateway_upstream_errors_total', 'platform="ERP",method="GET",outcome="server_error"'), 1);
      assert.equal(await sample(registry, 'gateway_upstream_errors_total', 'platform="ERP",method="GET",outcome="success"'), undefined);
    } finally {
      await server.close();
    }
  });

  it('records a 404 as the platform answering (client_error), not as an error', async () => {
    const server = await scriptedServer([404]);
    const registry = createMetricsRegistry();
    try {
      const client = createPlatformClient({ name: 'WMS', baseURL: server.url, timeoutMs: 1000, retries: 2, retryBaseDelayMs: 1, instrument: createUpstreamMetrics(registry) });
      await assert.rejects(client.post('/orders', {}));
      assert.equal(await sample(registry, 'gateway_upstream_request_duration_seconds_count', 'platform="WMS",method="POST",outcome="client_error"'), 1);
      assert.doesNotMatch(await registry.metrics(), /^gateway_upstream_errors_total\{/m);
    } finally {
      await server.close();
    }
  });

  it('counts a refused connection as a network error, per attempt', async () => {
    const server = await scriptedServer([200]);
    const url = server.url;
    await server.close();
    const registry = createMetricsRegistry();
    const client = createPlatformClient({ name: 'ERP', baseURL: url, timeoutMs: 500, retries: 1, retryBaseDelayMs: 1, instrument: createUpstreamMetrics(registry) });
    await assert.rejects(client.get('/x'));
    assert.equal(await sample(registry, 'gateway_upstream_errors_total', 'platform="ERP",method="GET",outcome="network_error"'), 2);
  });

  it('classifies statuses', () => {
    assert.deepEqual([200, 304, 404, 429, 500, 503].map(outcomeOf), ['success', 'success', 'client_error', 'throttled', 'server_error', 'server_error']);
  });
});
