/**
 * The sandbox WMS as a server: Bearer auth, the request journal, fault injection, reset, closing, option checks,
 * and that no input crashes it.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import request from 'supertest';
import { createSandboxWmsApp, startSandboxWms } from '../../../sandbox/wms/server';
import { AUTH, orderBody, startWmsFixture, type WmsFixture } from './helpers';

describe('sandbox WMS server', () => {
  let wms: WmsFixture;

  before(async () => {
    wms = await startWmsFixture({ shipDelayMs: 60_000 });
  });

  after(async () => {
    await wms.server.close();
  });

  beforeEach(async () => {
    await wms.reset();
  });

  describe('authentication', () => {
    it('answers 401 with WWW-Authenticate without a token, with a wrong one, or with another scheme', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token', 'Basic c2FuZGJveDpzYW5kYm94', 'Bearer', `Bearer ${'x'.repeat(5000)}`]) {
        const test = request(wms.server.url).get('/2026-01/fulfillment-center');
        if (authorization !== undefined) test.set('Authorization', authorization);
        const response = await test.expect(401);
        assert.equal(response.headers['www-authenticate'], 'Bearer');
        assert.equal(response.body.status, 401);
      }
    });

    it('accepts the configured token, and only it', async () => {
      await wms.get('/2026-01/fulfillment-center').expect(200);
      const other = await startSandboxWms({ apiToken: 'another-token' });
      try {
        await request(other.url).get('/2026-01/fulfillment-center').set(AUTH).expect(401);
        await request(other.url).get('/2026-01/fulfillment-center').set('Authorization', 'Bearer another-token').expect(200);
      } finally {
        await other.close();
      }
    });

    it('checks the token before reading the body', async () => {
      await request(wms.server.url).post('/2026-01/order').set('content-type', 'application/json').send('{not json').expect(401);
    });
  });

  describe('journal', () => {
    it('records method, path, query, status, correlation id, traceparent and channel, newest first, never the token', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      await wms.get('/2026-01/inventory-level/locations?PageSize=1').set('x-correlation-id', 'corr-1').set('traceparent', traceparent).expect(200);
      await wms.createOrder(orderBody('J-1', [{ reference_id: 'TG-10001', quantity: 1 }])).set('x-correlation-id', 'corr-2').expect(201);
      await request(wms.server.url).get('/2026-01/fulfillment-center').expect(401);
      const journal = (await request(wms.server.url).get('/__sandbox/requests?limit=10').expect(200)).body.requests as Array<Record<string, unknown>>;
      assert.equal(journal.length, 3);
      assert.deepEqual(
        journal.map((entry) => [entry.method, entry.path, entry.status]),
        [
          ['GET', '/2026-01/fulfillment-center', 401],
          ['POST', '/2026-01/order', 201],
          ['GET', '/2026-01/inventory-level/locations', 200],
        ],
      );
      assert.equal(journal[2]?.query, 'PageSize=1');
      assert.equal(journal[2]?.correlationId, 'corr-1');
      assert.equal(journal[2]?.traceparent, traceparent);
      assert.equal(journal[1]?.correlationId, 'corr-2');
      assert.equal(journal[1]?.channelId, '100');
      assert.ok(!JSON.stringify(journal).includes('sandbox-wms-token'), 'the token never reaches the journal');
      assert.ok(!JSON.stringify(journal).toLowerCase().includes('authorization'));
    });

    it('does not journal its own controls, and honours limit', async () => {
      await wms.get('/2026-01/fulfillment-center').expect(200);
      await wms.get('/2026-01/fulfillment-center').expect(200);
      await request(wms.server.url).get('/__sandbox/faults').expect(200);
      const journal = (await request(wms.server.url).get('/__sandbox/requests?limit=1').expect(200)).body.requests as unknown[];
      assert.equal(journal.length, 1);
      const all = (await request(wms.server.url).get('/__sandbox/requests').expect(200)).body.requests as unknown[];
      assert.equal(all.length, 2);
      await request(wms.server.url).get('/__sandbox/requests?limit=0').expect(400);
    });
  });

  describe('faults', () => {
    it('fails the next N platform requests with the given status, then recovers', async () => {
      await request(wms.server.url).post('/__sandbox/faults').send({ failNext: 2, failStatus: 502 }).expect(200);
      await wms.get('/2026-01/fulfillment-center').expect(502);
      await wms.get('/2026-01/fulfillment-center').expect(502);
      await wms.get('/2026-01/fulfillment-center').expect(200);
      const journal = (await request(wms.server.url).get('/__sandbox/requests').expect(200)).body.requests as Array<{ status: number }>;
      assert.deepEqual(journal.map((entry) => entry.status), [200, 502, 502]);
    });

    it('does no work for a failed request', async () => {
      await request(wms.server.url).post('/__sandbox/faults').send({ failNext: 1 }).expect(200);
      await wms.createOrder(orderBody('F-1', [{ reference_id: 'TG-10001', quantity: 1 }])).expect(503);
      const found = (await wms.get('/2026-01/order?ReferenceIds=F-1').expect(200)).body as unknown[];
      assert.equal(found.length, 0);
    });

    it('delays answers by latencyMs (all, or only the next latencyNext), and DELETE clears it', async () => {
      await request(wms.server.url).post('/__sandbox/faults').send({ latencyMs: 150 }).expect(200);
      let started = Date.now();
      await wms.get('/2026-01/fulfillment-center').expect(200);
      assert.ok(Date.now() - started >= 140, 'slowed down');
      await request(wms.server.url).delete('/__sandbox/faults').expect(204);
      started = Date.now();
      await wms.get('/2026-01/fulfillment-center').expect(200);
      assert.ok(Date.now() - started < 140, 'fast again');

      await request(wms.server.url).post('/__sandbox/faults').send({ latencyMs: 150, latencyNext: 1 }).expect(200);
      started = Date.now();
      await wms.get('/2026-01/fulfillment-center').expect(200);
      assert.ok(Date.now() - started >= 140);
      started = Date.now();
      await wms.get('/2026-01/fulfillment-center').expect(200);
      assert.ok(Date.now() - started < 140, 'only the next one was slow');
    });

    it('does the work of a slow request even when the caller gave up', async () => {
      await request(wms.server.url).post('/__sandbox/faults').send({ latencyMs: 300, latencyNext: 1 }).expect(200);
      await assert.rejects(wms.createOrder(orderBody('SLOW-1', [{ reference_id: 'TG-10001', quantity: 1 }])).timeout(50));
      const found = (await wms.get('/2026-01/order?ReferenceIds=SLOW-1').expect(200)).body as unknown[];
      assert.equal(found.length, 1);
    });

    it('refuses malformed faults', async () => {
      for (const body of [{ latencyMs: -1 }, { failStatus: 200 }, { failNext: 1.5 }, { latencyMs: '10' }, { unknown: 1 }, [1, 2]]) {
        const response = await request(wms.server.url).post('/__sandbox/faults').send(body).expect(400);
        assert.ok(Object.keys(response.body as object).length > 0);
      }
      assert.deepEqual((await request(wms.server.url).get('/__sandbox/faults').expect(200)).body, { latencyMs: 0, latencyNext: 0, failNext: 0, failStatus: 503 });
    });
  });

  describe('reset', () => {
    it('restores the seed: no orders, stock back, counters from the start, empty journal', async () => {
      const first = (await wms.createOrder(orderBody('R-1', [{ reference_id: 'TG-10001', quantity: 5 }])).expect(201)).body as { id: number };
      await wms.ship(first.id).expect(200);
      await request(wms.server.url).post('/__sandbox/faults').send({ latencyMs: 10 }).expect(200);
      await wms.reset();
      assert.deepEqual((await request(wms.server.url).get('/__sandbox/requests').expect(200)).body.requests, []);
      assert.deepEqual((await wms.get('/2026-01/order').expect(200)).body, []);
      const again = (await wms.createOrder(orderBody('R-1', [{ reference_id: 'TG-10001', quantity: 5 }])).expect(201)).body as { id: number };
      assert.equal(again.id, first.id, 'ids start over');
      assert.equal((await request(wms.server.url).get('/__sandbox/faults').expect(200)).body.latencyMs, 0);
    });
  });

  describe('robustness', () => {
    it('answers unknown paths with a 404 problem', async () => {
      const response = await wms.get('/2026-01/no-such-thing').expect(404);
      assert.equal(response.body.status, 404);
      await request(wms.server.url).get('/elsewhere').expect(404);
    });

    it('answers 400 to ids that are not integers, and 404 to unknown ones', async () => {
      for (const path of ['/2026-01/order/abc', '/2026-01/order/1.5', '/2026-01/shipment/-1', '/2026-01/order/99999999999', '/2026-01/product/x', '/2026-01/inventory-level/%00']) {
        await wms.get(path).expect(400);
      }
      for (const path of ['/2026-01/order/1', '/2026-01/order/1/shipment', '/2026-01/shipment/1', '/2026-01/product/1', '/2026-01/inventory-level/1']) {
        await wms.get(path).expect(404);
      }
    });

    it('survives hostile bodies and headers', async () => {
      const bodies: unknown[] = [
        '{"reference_id":',
        '[]',
        '"text"',
        'null',
        '{"__proto__":{"polluted":true},"reference_id":"P-1"}',
        JSON.stringify({ reference_id: { $gt: '' }, products: 'all', recipient: [] }),
        JSON.stringify(orderBody('H-1', [{ reference_id: 'TG-10001', quantity: 1e300 }])),
        JSON.stringify(orderBody('H-2', [{ reference_id: 'TG-10001', quantity: 2 ** 31 }])),
        JSON.stringify(orderBody('H-3', Array.from({ length: 501 }, () => ({ reference_id: 'TG-10001', quantity: 1 })))),
        JSON.stringify(orderBody('x'.repeat(301), [{ reference_id: 'TG-10001', quantity: 1 }])),
        JSON.stringify(orderBody('H-4', [{ reference_id: 'TG-10001', quantity: 1 }], { location_id: 'north' })),
        JSON.stringify(orderBody('H-5', [{ reference_id: 'TG-10001', quantity: 1 }], { tags: [{ name: '', value: 'x' }] })),
      ];
      for (const body of bodies) {
        const response = await request(wms.server.url)
          .post('/2026-01/order')
          .set(AUTH)
          .set('shipbob_channel_id', '100')
          .set('content-type', 'application/json')
          .send(body as string);
        assert.equal(response.status, 400, `${String(body).slice(0, 60)} → ${response.status} ${JSON.stringify(response.body)}`);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      await request(wms.server.url).post('/2026-01/order').set(AUTH).set('shipbob_channel_id', '100').set('content-type', 'text/plain').send('hello').expect(415);
      await request(wms.server.url).post('/2026-01/order').set(AUTH).set('shipbob_channel_id', '100').send(Buffer.alloc(0)).expect(400);
      await request(wms.server.url)
        .post('/2026-01/order')
        .set(AUTH)
        .set('shipbob_channel_id', '100')
        .set('content-type', 'application/json')
        .send(`{"reference_id":"${'x'.repeat(1_100_000)}"}`)
        .expect(413);
      await wms.get('/2026-01/inventory-level/locations?Cursor=%%%').expect(400);
      await wms.get('/2026-01/inventory-level/locations?PageSize=0').expect(400);
      await wms.get('/2026-01/inventory-level/locations?InventoryIds=1,x').expect(400);
      await wms.get('/2026-01/order?Page=0').expect(400);
      await wms.get('/2026-01/order?Limit=251').expect(400);
      await wms.get('/2026-01/product?PageSize=a&PageSize=b').expect(400);
      await wms.get('/2026-01/fulfillment-center').expect(200);
    });
  });

  describe('lifecycle', () => {
    it('rejects unknown and malformed options at start', async () => {
      await assert.rejects(startSandboxWms({ shipDelay: 5 } as never), TypeError);
      await assert.rejects(startSandboxWms({ shipDelayMs: -1 }), TypeError);
      await assert.rejects(startSandboxWms({ apiToken: '' }), TypeError);
      assert.throws(() => createSandboxWmsApp({ shipDelayMs: 1.5 }), TypeError);
    });

    it('close() ends keep-alive connections and stops listening', async () => {
      const server = await startSandboxWms();
      const agent = new http.Agent({ keepAlive: true });
      const status = await new Promise<number>((resolve, reject) => {
        http
          .get(`${server.url}/2026-01/fulfillment-center`, { agent, headers: AUTH }, (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          })
          .on('error', reject);
      });
      assert.equal(status, 200);
      const started = Date.now();
      await server.close();
      assert.ok(Date.now() - started < 1000, 'a kept-alive socket does not hold close() up');
      await assert.rejects(fetch(`${server.url}/2026-01/fulfillment-center`));
      await server.close();
      agent.destroy();
    });

    it('createSandboxWmsApp serves the same dialect for mounting elsewhere', async () => {
      const app = createSandboxWmsApp();
      const response = await request(app).get('/2026-01/fulfillment-center').set(AUTH).expect(200);
      assert.deepEqual(
        (response.body as Array<{ id: number }>).map((center) => center.id),
        [1010, 1020, 1030],
      );
    });
  });
});
