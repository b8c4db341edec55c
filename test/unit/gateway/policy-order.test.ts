/**
 * The order of the policies is declared in one place (gateway/app.ts) and pinned here, with the behaviour each
 * position guarantees checked in the integration tests: audit before authentication (denied calls are recorded:
 * test/integration/audit.test.ts), authentication before body parsing (below), correlation first (every problem
 * carries the request id: test/integration/gateway.test.ts), security headers and CORS after the access log (a
 * preflight answered by CORS is logged and carries the headers: test/integration/security-headers.test.ts).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { API_POLICY_ORDER, REQUEST_POLICY_ORDER } from '../../../gateway/app';
import { startTestGateway, type TestGateway } from '../../support/gateway';

describe('policy order', function () {
  this.timeout(20_000);
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway();
  });
  after(async () => {
    await gateway?.stop();
  });

  it('is declared once, in this order', () => {
    assert.deepEqual([...REQUEST_POLICY_ORDER], ['correlation', 'access-log', 'metrics', 'security-headers', 'cors', 'request-hygiene']);
    assert.deepEqual([...API_POLICY_ORDER], ['api-version', 'audit', 'authentication', 'lifecycle', 'throttling', 'body-parsing', 'idempotency']);
  });

  it('authenticates before it reads a body: an anonymous malformed or oversized body is a 401, not a 400 or 413', async () => {
    await request(gateway.url).post('/process/orders/v1/orders').set('content-type', 'application/json').send('{"broken": ').expect(401);
    await request(gateway.url).post('/process/orders/v1/orders').set('content-type', 'application/json').send(JSON.stringify({ pad: 'x'.repeat(400_000) })).expect(401);
  });
});
