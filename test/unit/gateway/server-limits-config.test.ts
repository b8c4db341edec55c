/** The HTTP server's limits in configuration (server.* in gateway/config/schema.ts): documented defaults, checked at boot. */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../gateway/config';
import { createHttpServer } from '../../../gateway/http/server';

describe('server limits configuration', () => {
  it('states its defaults: 16 KiB heads, 100 header fields, 10 s for headers, 30 s for a request, 65 s keep-alive', () => {
    const { server } = loadConfig({ env: {} });
    assert.deepEqual(
      { maxHeaderSizeBytes: server.maxHeaderSizeBytes, maxHeadersCount: server.maxHeadersCount, headersTimeoutMs: server.headersTimeoutMs, requestTimeoutMs: server.requestTimeoutMs, keepAliveTimeoutMs: server.keepAliveTimeoutMs },
      { maxHeaderSizeBytes: 16_384, maxHeadersCount: 100, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 },
    );
  });

  it('refuses a headers timeout longer than the request timeout, naming the key', () => {
    assert.throws(() => loadConfig({ env: {}, overrides: { server: { headersTimeoutMs: 40_000, requestTimeoutMs: 30_000 } } }), (error: unknown) => error instanceof ConfigError && /server\.headersTimeoutMs/.test(error.message));
  });

  it('applies every limit to the server it creates', () => {
    const server = createHttpServer({ maxHeaderSizeBytes: 4096, maxHeadersCount: 40, headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 600 });
    assert.deepEqual([server.maxHeadersCount, server.headersTimeout, server.requestTimeout, server.keepAliveTimeout], [40, 1000, 2000, 600]);
    server.close();
  });
});
