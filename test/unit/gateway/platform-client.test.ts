import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError } from '../../../gateway/errors';
import { createPlatformClient, PlatformResponseError } from '../../../gateway/http/platform-client';
import { runWithRequestContext } from '../../../gateway/request-context';

/** A real HTTP server whose answers a test scripts, one per request, recording what it received. */
async function scriptedServer(script: Array<{ status: number; delayMs?: number; body?: unknown; headers?: Record<string, string> }>) {
  const received: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    received.push(request.headers);
    const step = script[Math.min(received.length - 1, script.length - 1)]!;
    setTimeout(() => {
      response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      response.end(JSON.stringify(step.body ?? {}));
    }, step.delayMs ?? 0);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const options = { name: 'ERP', timeoutMs: 300, retries: 2, retryBaseDelayMs: 1 };

describe('platform HTTP client', () => {
  it('retries an idempotent call through transient failures and returns the answer', async () => {
    const server = await scriptedServer([{ status: 503 }, { status: 502 }, { status: 200, body: { ok: true } }]);
    try {
      const response = await createPlatformClient({ ...options, baseURL: server.url }).get('/thing');
      assert.deepEqual(response.data, { ok: true });
      assert.equal(server.received.length, 3);
    } finally {
      await server.close();
    }
  });

  it('gives up after the configured retries with a coded problem: 500 → 502, 503 → 503 with Retry-After', async () => {
    const failing = await scriptedServer([{ status: 500 }]);
    const unavailable = await scriptedServer([{ status: 503, headers: { 'retry-after': '30' } }]);
    try {
      await assert.rejects(createPlatformClient({ ...options, baseURL: failing.url }).get('/x'), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.code, 'ERR_PLATFORM_BAD_GATEWAY');
        return true;
      });
      assert.equal(failing.received.length, 3, 'first attempt + 2 retries');
      await assert.rejects(createPlatformClient({ ...options, baseURL: unavailable.url }).get('/x'), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.code, 'ERR_PLATFORM_UNAVAILABLE');
        assert.equal(error.headers['Retry-After'], '30');
        return true;
      });
      assert.equal(unavailable.received.length, 1, 'a long Retry-After is relayed to the caller, not waited out');
    } finally {
      await failing.close();
      await unavailable.close();
    }
  });

  it('does not resend a POST that the platform may have received', async () => {
    const server = await scriptedServer([{ status: 503 }, { status: 201 }]);
    try {
      await assert.rejects(createPlatformClient({ ...options, baseURL: server.url }).post('/orders', { a: 1 }), GatewayError);
      assert.equal(server.received.length, 1);
    } finally {
      await server.close();
    }
  });

  it('maps a timeout to 504 and a refused connection to 503', async () => {
    const slow = await scriptedServer([{ status: 200, delayMs: 1000 }]);
    try {
      await assert.rejects(createPlatformClient({ ...options, retries: 0, baseURL: slow.url }).get('/x'), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.code, 'ERR_PLATFORM_TIMEOUT');
        return true;
      });
    } finally {
      await slow.close();
    }
    const closed = await scriptedServer([{ status: 200 }]);
    await closed.close();
    await assert.rejects(createPlatformClient({ ...options, baseURL: closed.url }).get('/x'), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.code, 'ERR_PLATFORM_UNAVAILABLE');
      return true;
    });
  });

  it('leaves 4xx answers to the adapter, with status and body', async () => {
    const server = await scriptedServer([{ status: 404, body: { error: { code: 'X', message: { value: 'no' } } } }]);
    try {
      await assert.rejects(createPlatformClient({ ...options, baseURL: server.url }).get('/x'), (error: unknown) => {
        assert.ok(error instanceof PlatformResponseError);
        assert.equal(error.status, 404);
        assert.deepEqual(error.body, { error: { code: 'X', message: { value: 'no' } } });
        return true;
      });
      assert.equal(server.received.length, 1, '4xx is not retried');
    } finally {
      await server.close();
    }
  });

  it('forwards the current request’s correlation id and traceparent', async () => {
    const server = await scriptedServer([{ status: 200 }]);
    try {
      const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };
      await runWithRequestContext({ correlationId: 'corr-1', trace }, () => createPlatformClient({ ...options, baseURL: server.url }).get('/x'));
      assert.equal(server.received[0]?.['x-correlation-id'], 'corr-1');
      assert.equal(server.received[0]?.traceparent, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    } finally {
      await server.close();
    }
  });
});

describe('platform HTTP client: what it accepts from the far end', () => {
  /** A server that answers every request with `bytes` of JSON-ish filler, declared or chunked, and counts requests. */
  async function bulkyServer(bytes: number, declared: boolean) {
    let requests = 0;
    const server = http.createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(bytes) } : {}) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
          sent += part.length;
          if (!response.write(part)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests: () => requests,
      close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
  }

  for (const declared of [true, false]) {
    it(`refuses a response larger than maxResponseBytes (${declared ? 'declared by Content-Length' : 'chunked'}) as a 502, without retrying it`, async () => {
      const server = await bulkyServer(3 * 1024 * 1024, declared);
      try {
        const client = createPlatformClient({ ...options, timeoutMs: 5000, baseURL: server.url, maxResponseBytes: 1024 * 1024 });
        await assert.rejects(client.get('/huge'), (error: unknown) => {
          assert.ok(error instanceof GatewayError, String(error));
          assert.equal(error.code, 'ERR_PLATFORM_BAD_GATEWAY');
          assert.match(error.message, /more than 1048576 bytes/);
          return true;
        });
        assert.equal(server.requests(), 1, 'an oversized answer is not asked for again');
        // Within the limit it is read whole.
        const small = createPlatformClient({ ...options, timeoutMs: 5000, baseURL: server.url, maxResponseBytes: 4 * 1024 * 1024 });
        assert.equal(((await small.get('/huge', { responseType: 'text', transformResponse: (data: string) => data })).data as string).length, 3 * 1024 * 1024);
      } finally {
        await server.close();
      }
    });
  }

  it('sends Basic credentials and follows no redirect', async () => {
    const server = await scriptedServer([{ status: 302, headers: { location: '/elsewhere' } }]);
    try {
      const client = createPlatformClient({ ...options, baseURL: server.url, auth: { username: 'SANDBOX', password: 'pässword' } });
      assert.equal((await client.get('/moved')).status, 302, 'the redirect is handed to the adapter as it came');
      assert.equal(server.received.length, 1, 'the redirect is not followed');
      assert.equal(server.received[0]?.authorization, `Basic ${Buffer.from('SANDBOX:pässword', 'utf8').toString('base64')}`);
    } finally {
      await server.close();
    }
  });
});
