/**
 * The audit log of a running gateway: one record per API call, allowed or denied (and why), with who, which
 * contract and the outcome; a partner's call shows at the process tier as the gateway acting on its behalf; the
 * file verifies; and no secret used along the way reaches the audit log or the application log.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { DEV_CLIENT_SECRETS } from '../../gateway/auth/dev-secrets';
import { verifyAuditFile } from '../../policies/audit';
import { startTestGateway, type TestGateway } from '../support/gateway';

type AuditLine = Record<string, unknown> & { client?: string; partner?: string; decision?: string; reason?: unknown; path?: string; onBehalfOf?: { client: string; partner?: string } };

describe('audit log (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let file: string;
  let globexToken: string;
  let crmToken: string;
  let appLog: string;
  let lines: AuditLine[];
  const correlationId = `audit-${Date.now()}`;

  before(async () => {
    gateway = await startTestGateway();
    file = path.join(gateway.dataDir, 'audit', 'audit.log');
    globexToken = await gateway.token('globex-dev');
    crmToken = await gateway.token('internal-crm', 'process.orders.read');

    await request(gateway.url)
      .post('/partner/customers/v1/orders')
      .set('Authorization', `Bearer ${globexToken}`)
      .set('X-Correlation-Id', correlationId)
      .set('Idempotency-Key', 'key-1')
      .send({ purchaseOrderNumber: `PO-AUDIT-${Date.now()}`, lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] })
      .expect(201);
    await request(gateway.url).get('/process/orders/v1/orders/ord_00000000000000000000000000000000?secret=hunter2').set('Authorization', `Bearer ${crmToken}`).expect(404);
    await request(gateway.url).post('/process/orders/v1/orders').set('Authorization', `Bearer ${crmToken}`).send({}).expect(403);
    await request(gateway.url).get('/system/erp/v1/customers/0010100001').set('Authorization', 'Bearer not-a-token').expect(401);
    // An outsider cannot claim to act for someone else: the header is stripped from requests without gateway.tier.
    await request(gateway.url).get('/process/orders/v1/orders/ord_11111111111111111111111111111111').set('Authorization', `Bearer ${crmToken}`).set('X-Gateway-On-Behalf-Of', 'globex-dev;partner=globex').expect(404);

    appLog = gateway.logLines().map((line) => JSON.stringify(line)).join('\n');
    await gateway.stop({ keepDataDir: true }); // flushes the audit log
    lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as AuditLine);
  });

  after(async () => {
    rmSync(gateway.dataDir, { recursive: true, force: true });
  });

  it('verifies as an unbroken hash chain', async () => {
    const result = await verifyAuditFile(file);
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  it('records the partner’s call with client, partner, contract, operation and outcome', () => {
    const partnerCall = lines.find((line) => line.requestId === correlationId && String(line.path).startsWith('/partner/'));
    assert.ok(partnerCall, 'the partner call is recorded');
    assert.equal(partnerCall.client, 'globex-dev');
    assert.equal(partnerCall.partner, 'globex');
    assert.equal(partnerCall.tier, 'partner');
    assert.equal(partnerCall.api, 'customers');
    assert.equal(partnerCall.version, 1);
    assert.equal(partnerCall.method, 'POST');
    assert.equal(partnerCall.status, 201);
    assert.equal(partnerCall.decision, 'allowed');
    assert.equal(partnerCall.idempotencyKey, 'key-1');
    assert.equal(typeof partnerCall.latencyMs, 'number');
    assert.ok(Number(partnerCall.bytesOut) > 0);
  });

  it('shows the hop to the process tier as the gateway acting on behalf of the partner', () => {
    const hop = lines.find((line) => line.requestId === correlationId && String(line.path).startsWith('/process/'));
    assert.ok(hop, 'the process hop is recorded');
    assert.equal(hop.client, 'gateway-tiers');
    assert.deepEqual(hop.onBehalfOf, { client: 'globex-dev', partner: 'globex' });
  });

  it('records denied calls with the reason', () => {
    const forbidden = lines.find((line) => line.status === 403);
    assert.equal(forbidden?.decision, 'denied');
    assert.match(JSON.stringify(forbidden?.reason), /ERR_FORBIDDEN/);
    const unauthenticated = lines.find((line) => line.status === 401);
    assert.equal(unauthenticated?.decision, 'denied');
    assert.match(JSON.stringify(unauthenticated?.reason), /ERR_UNAUTHENTICATED/);
    assert.equal(unauthenticated?.client, undefined);
  });

  it('ignores an on-behalf-of header from a client that is not the gateway', () => {
    const spoofed = lines.find((line) => String(line.path).endsWith('ord_11111111111111111111111111111111'));
    assert.ok(spoofed);
    assert.equal(spoofed.client, 'internal-crm');
    assert.equal(spoofed.onBehalfOf, undefined);
  });

  it('never writes a token, a client secret or a query string, in the audit log or the application log', () => {
    const audit = readFileSync(file, 'utf8');
    for (const secret of [globexToken, crmToken, ...Object.values(DEV_CLIENT_SECRETS), 'hunter2']) {
      assert.ok(!audit.includes(secret), `audit log holds ${secret.slice(0, 12)}…`);
      assert.ok(!appLog.includes(secret), `application log holds ${secret.slice(0, 12)}…`);
    }
    // Token signatures alone are secrets too.
    for (const token of [globexToken, crmToken]) assert.ok(!audit.includes(token.split('.')[2] as string));
  });
});
