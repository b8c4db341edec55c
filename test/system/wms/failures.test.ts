/**
 * What callers of the WMS system API see when the WMS is down, slow, failing or refusing the gateway, counted in
 * the sandbox's journal: retries of reads, no blind retries of writes, and a lost create answer checked by
 * reference id before anything is reported.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { createWmsAdapter } from '../../../apis/system/wms/adapters';
import { GatewayError } from '../../../gateway/errors';
import type { OrderRelease } from '../../../apis/system/wms/v1/models';
import { BASE, connectionTo, release, startWmsFixture, type WmsFixture } from './support';

async function problem(test: request.Test, status: number, code: string): Promise<Record<string, unknown>> {
  const response = await test.expect(status).expect('content-type', /application\/problem\+json/);
  assert.equal(response.body.code, code);
  return response.body as Record<string, unknown>;
}

describe('system/wms v1 when the WMS fails', () => {
  let fixture: WmsFixture;

  // timeoutMs 150 and retries 2: slow cases take about half a second.
  before(async () => {
    fixture = await startWmsFixture({ timeoutMs: 150, retries: 2, retryBaseDelayMs: 5 });
  });

  after(async () => {
    await fixture.wms.close();
  });

  beforeEach(async () => {
    await fixture.controls.reset();
  });

  it('retries a read after a 503 and answers as if nothing happened', async () => {
    await fixture.controls.faults({ failNext: 1, failStatus: 503 });
    await request(fixture.app).get(`${BASE}/inventory/TG-10001`).expect(200);
    const gets = (await fixture.controls.journal()).filter((entry) => entry.path === '/2026-01/product');
    assert.deepEqual(gets.map((entry) => entry.status), [200, 503]);
  });

  it('answers 503 after the retries when the WMS keeps saying it is unavailable (3 attempts in the journal)', async () => {
    await fixture.controls.faults({ failNext: 10, failStatus: 503 });
    await problem(request(fixture.app).get(`${BASE}/releases/1000001`), 503, 'ERR_PLATFORM_UNAVAILABLE');
    const journal = await fixture.controls.journal();
    assert.equal(journal.length, 3);
    assert.ok(journal.every((entry) => entry.path === '/2026-01/order' && entry.status === 503));
  });

  it('answers 502 after the retries when the WMS keeps failing with 500 or 502', async () => {
    for (const failStatus of [500, 502]) {
      await fixture.controls.reset();
      await fixture.controls.faults({ failNext: 10, failStatus });
      await problem(request(fixture.app).get(`${BASE}/inventory?limit=5`), 502, 'ERR_PLATFORM_BAD_GATEWAY');
      const journal = await fixture.controls.journal();
      assert.equal(journal.length, 3, `3 attempts for ${failStatus}`);
    }
  });

  it('answers 504 when the WMS is slower than the timeout, after retrying the read', async () => {
    await fixture.controls.faults({ latencyMs: 400 });
    const started = Date.now();
    await problem(request(fixture.app).get(`${BASE}/shipments/30000001`), 504, 'ERR_PLATFORM_TIMEOUT');
    assert.ok(Date.now() - started < 2000);
    const journal = await fixture.controls.journal();
    assert.equal(journal.filter((entry) => entry.path === '/2026-01/shipment/30000001').length, 3);
  });

  it('never sends a create twice: one POST on a 503, answered 503', async () => {
    await fixture.controls.faults({ failNext: 1, failStatus: 503 });
    await problem(request(fixture.app).post(`${BASE}/releases`).send(release()), 503, 'ERR_PLATFORM_UNAVAILABLE');
    const posts = (await fixture.controls.journal()).filter((entry) => entry.method === 'POST');
    assert.equal(posts.length, 1);
  });

  it('checks by reference id when the create answer is lost, and answers 201 when the release arrived', async () => {
    await fixture.controls.faults({ latencyMs: 400, latencyNext: 1 });
    const response = await request(fixture.app).post(`${BASE}/releases`).send(release()).expect(201);
    const created = response.body as OrderRelease;
    assert.equal(created.releaseId, '1000001');
    assert.equal(response.headers.location, `${BASE}/releases/1000001`);
    const journal = (await fixture.controls.journal()).reverse();
    assert.deepEqual(
      journal.map((entry) => [entry.method, entry.path]),
      [
        ['POST', '/2026-01/order'],
        ['GET', '/2026-01/order'],
      ],
    );
    assert.match(journal[1]?.query ?? '', /ReferenceIds=1000001/);
  });

  it('answers 504 when the create answer is lost and the check cannot tell; a second try then sees the conflict', async () => {
    await fixture.controls.faults({ latencyMs: 400, latencyNext: 4 });
    await problem(request(fixture.app).post(`${BASE}/releases`).send(release()), 504, 'ERR_PLATFORM_TIMEOUT');
    const journal = (await fixture.controls.journal()).reverse();
    assert.equal(journal.filter((entry) => entry.method === 'POST').length, 1, 'the create is never repeated');
    assert.ok(journal.filter((entry) => entry.method === 'GET').length >= 1, 'it looked');
    await new Promise((resolve) => setTimeout(resolve, 450));
    await problem(request(fixture.app).post(`${BASE}/releases`).send(release()), 409, 'ERR_CONFLICT');
    await request(fixture.app).get(`${BASE}/releases/1000001`).expect(200);
  });

  it('answers 502 when the WMS refuses the gateway\'s token', async () => {
    const adapter = createWmsAdapter(connectionTo(fixture.wms, { apiToken: 'revoked-token', retries: 0 }));
    await assert.rejects(adapter.getRelease('1000001'), (error: unknown) => error instanceof GatewayError && error.code === 'ERR_PLATFORM_BAD_GATEWAY' && error.status === 502);
    await assert.rejects(adapter.createRelease(release()), (error: unknown) => error instanceof GatewayError && error.status === 502);
  });

  describe('health', () => {
    it('passes when the WMS answers and takes the token', async () => {
      await fixture.adapter.checkHealth();
    });

    it('fails with 503 when the WMS refuses the token or fails', async () => {
      const revoked = createWmsAdapter(connectionTo(fixture.wms, { apiToken: 'revoked-token', retries: 0 }));
      await assert.rejects(revoked.checkHealth(), (error: unknown) => error instanceof GatewayError && error.status === 503 && /credentials/.test(error.message));
      await fixture.controls.faults({ failNext: 10, failStatus: 500 });
      await assert.rejects(fixture.adapter.checkHealth(), (error: unknown) => error instanceof GatewayError && error.status === 503);
    });
  });

  describe('when the WMS is down', () => {
    it('answers 503 to every route and fails the health check', async () => {
      const down = await startWmsFixture({ retries: 1, retryBaseDelayMs: 1 });
      await down.wms.close();
      await problem(request(down.app).get(`${BASE}/inventory`), 503, 'ERR_PLATFORM_UNAVAILABLE');
      await problem(request(down.app).get(`${BASE}/inventory/TG-10001`), 503, 'ERR_PLATFORM_UNAVAILABLE');
      await problem(request(down.app).post(`${BASE}/releases`).send(release()), 503, 'ERR_PLATFORM_UNAVAILABLE');
      await problem(request(down.app).get(`${BASE}/releases/1000001`), 503, 'ERR_PLATFORM_UNAVAILABLE');
      await problem(request(down.app).get(`${BASE}/releases/1000001/shipments`), 503, 'ERR_PLATFORM_UNAVAILABLE');
      await problem(request(down.app).get(`${BASE}/shipments/30000001`), 503, 'ERR_PLATFORM_UNAVAILABLE');
      await assert.rejects(down.adapter.checkHealth(), (error: unknown) => error instanceof GatewayError && error.status === 503);
    });
  });
});
