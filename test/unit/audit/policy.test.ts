import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import { createAudit, createAuditLog, verifyAuditFile, type AuditLog, type AuditRecordInput } from '../../../policies/audit';
import { createCorrelation } from '../../../policies/correlation';
import { appLog, parsedLines, tempDir, waitFor } from './helpers';

/** An audit log that keeps the records in memory. */
function memoryLog(): AuditLog & { records: AuditRecordInput[] } {
  const records: AuditRecordInput[] = [];
  return {
    records,
    write: (record) => records.push(record),
    status: () => ({ healthy: true, buffered: 0, dropped: 0, written: records.length }),
    close: async () => undefined,
  };
}

/** Stands in for authentication: what it leaves on the response is what the audit policy reads. */
const fakeAuthentication: RequestHandler = (request, response, next) => {
  const token = request.headers.authorization;
  const deny = (code: string, status: number, detail: string) => {
    response.locals.problem = { code, detail, status };
    response.status(status).type('application/problem+json').send(JSON.stringify({ code, status, detail }));
  };
  if (!token) return deny('ERR_UNAUTHENTICATED', 401, 'A bearer token is required');
  if (token === 'Bearer forbidden') {
    response.locals.caller = { clientId: 'acme-app', partnerId: 'acme' };
    return deny('ERR_FORBIDDEN', 403, 'The token lacks the scope orders:write');
  }
  response.locals.caller =
    token === 'Bearer tier'
      ? { clientId: 'gateway-partner-tier', onBehalfOf: { clientId: 'acme-app', partnerId: 'acme' } }
      : { clientId: 'acme-app', partnerId: 'acme' };
  next();
};

/** A gateway-shaped app: correlation, then per API version: version marker, audit, authentication, routes. */
function gatewayApp(log: AuditLog, onSlow?: () => void): Express {
  const app = express();
  app.use(createCorrelation());
  const router = express.Router();
  router.use((_request, response, next) => {
    response.locals.apiVersion = { tier: 'partner', api: 'orders', version: 1 };
    next();
  });
  router.use(createAudit(log));
  router.use(fakeAuthentication);
  router.post('/orders/:orderId', express.json(), (_request, response) => {
    response.status(201).json({ accepted: true });
  });
  router.get('/exports/:exportId', (_request, response) => {
    response.write('abc');
    response.end('défg');
  });
  router.get('/slow', () => {
    onSlow?.(); // never answers: the client gives up
  });
  app.use('/partner/orders/v1', router);
  return app;
}

describe('audit policy', () => {
  it('records an allowed request: who, which API and operation, outcome, sizes, idempotency key, no query', async () => {
    const log = memoryLog();
    const body = JSON.stringify({ lines: [{ sku: 'A-1', quantity: 2 }] });
    const response = await request(gatewayApp(log))
      .post('/partner/orders/v1/orders/42?email=jane@example.com')
      .set('Authorization', 'Bearer good')
      .set('X-Correlation-Id', 'po-4711')
      .set('Idempotency-Key', 'k'.repeat(300))
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(201);
    await waitFor(() => log.records.length === 1, 'the record');
    const [entry] = log.records;
    const traceId = String(response.headers.traceparent).split('-')[1];
    assert.deepEqual({ ...entry, latencyMs: 0 }, {
      requestId: 'po-4711',
      traceId,
      client: 'acme-app',
      partner: 'acme',
      tier: 'partner',
      api: 'orders',
      version: 1,
      operation: 'POST /orders/{orderId}',
      method: 'POST',
      path: '/partner/orders/v1/orders/42',
      decision: 'allowed',
      status: 201,
      latencyMs: 0,
      bytesIn: Buffer.byteLength(body),
      bytesOut: Number(response.headers['content-length']),
      idempotencyKey: 'k'.repeat(255),
    });
    assert.ok(entry!.latencyMs >= 0);
  });

  it('records denied requests with the problem code and detail, before and after authentication decides', async () => {
    const log = memoryLog();
    const app = gatewayApp(log);
    await request(app).post('/partner/orders/v1/orders/42').expect(401);
    await request(app).post('/partner/orders/v1/orders/42').set('Authorization', 'Bearer forbidden').expect(403);
    await waitFor(() => log.records.length === 2, 'two records');
    const [unauthenticated, forbidden] = log.records;
    assert.equal(unauthenticated!.decision, 'denied');
    assert.deepEqual(unauthenticated!.reason, { code: 'ERR_UNAUTHENTICATED', detail: 'A bearer token is required' });
    assert.equal(unauthenticated!.status, 401);
    assert.equal(unauthenticated!.client, undefined);
    assert.equal(unauthenticated!.operation, undefined, 'no route was reached');
    assert.equal(forbidden!.decision, 'denied');
    assert.deepEqual(forbidden!.reason, { code: 'ERR_FORBIDDEN', detail: 'The token lacks the scope orders:write' });
    assert.equal(forbidden!.client, 'acme-app');
  });

  it('records the original caller when a tier calls on its behalf, and counts streamed bytes', async () => {
    const log = memoryLog();
    await request(gatewayApp(log)).get('/partner/orders/v1/exports/7').set('Authorization', 'Bearer tier').expect(200);
    await waitFor(() => log.records.length === 1, 'the record');
    const [entry] = log.records;
    assert.equal(entry!.client, 'gateway-partner-tier');
    assert.deepEqual(entry!.onBehalfOf, { client: 'acme-app', partner: 'acme' });
    assert.equal(entry!.operation, 'GET /exports/{exportId}');
    assert.equal(entry!.bytesOut, 3 + Buffer.byteLength('défg'));
  });

  it('writes exactly one record per request', async () => {
    const log = memoryLog();
    const app = gatewayApp(log);
    for (let index = 0; index < 5; index += 1) await request(app).post('/partner/orders/v1/orders/1').set('Authorization', 'Bearer good').send({}).expect(201);
    await request(app).post('/partner/orders/v1/orders/1').expect(401);
    await waitFor(() => log.records.length >= 6, 'six records');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(log.records.length, 6);
    assert.equal(new Set(log.records.map((entry) => entry.requestId)).size, 6);
  });

  it('records a request whose client went away before the answer', async () => {
    const log = memoryLog();
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = http.createServer(gatewayApp(log, () => arrived()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = http.get({ host: '127.0.0.1', port, path: '/partner/orders/v1/slow?q=1', headers: { authorization: 'Bearer good' } });
      client.on('error', () => undefined);
      await reached;
      client.destroy();
      await waitFor(() => log.records.length === 1, 'the record of the abandoned request');
      const [entry] = log.records;
      assert.equal(entry!.aborted, true);
      assert.equal(entry!.status, 499);
      assert.equal(entry!.decision, 'allowed');
      assert.equal(entry!.path, '/partner/orders/v1/slow');
      assert.equal(entry!.client, 'acme-app');
      assert.equal(entry!.bytesOut, 0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('into a real audit file: the chain verifies and neither tokens nor query strings reach it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'audit.log');
      const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 100 });
      const app = gatewayApp(log);
      await request(app).post('/partner/orders/v1/orders/42?token=query-secret').set('Authorization', 'Bearer good').send({}).expect(201);
      await request(app).post('/partner/orders/v1/orders/42').set('Authorization', 'Bearer forbidden').expect(403);
      await request(app).post('/partner/orders/v1/orders/42').expect(401);
      await waitFor(() => log.status().buffered + log.status().written === 3, 'three records');
      await log.close();

      assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 3, instances: ['gw-1'] });
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes('query-secret') && !text.includes('Bearer'));
      assert.deepEqual(parsedLines(file).map((line) => line.decision), ['allowed', 'denied', 'denied']);
    } finally {
      cleanup();
    }
  });

  it('refuses to be built without an audit log', () => {
    assert.throws(() => createAudit(undefined as unknown as AuditLog), TypeError);
  });
});
