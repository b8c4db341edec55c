import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { createProblemHandler, routeNotFound } from '../../../gateway/problem-handler';
import { createUnknownVersionHandler } from '../../../policies/lifecycle/unknown-version';
import { CATALOG, captureLogger } from './helpers';

const PROBLEM = /application\/problem\+json/;

describe('unknown API version', () => {
  const app = express();
  app.get('/partner/customers/v2/orders', (_request, response) => {
    response.json([]);
  });
  app.use(createUnknownVersionHandler(CATALOG));
  app.use(routeNotFound);
  app.use(createProblemHandler(captureLogger()));

  const CUSTOMERS_VERSIONS = [
    { version: 1, status: 'deprecated', basePath: '/partner/customers/v1', sunsetOn: '2027-07-01T12:00:00Z', successor: 2 },
    { version: 2, status: 'active', basePath: '/partner/customers/v2' },
  ];

  it('answers a version the API does not have with 404 listing the versions it has', async () => {
    const response = await request(app).post('/partner/customers/v9/orders').expect(404).expect('content-type', PROBLEM);
    assert.equal(response.body.code, 'ERR_ROUTE_NOT_FOUND');
    assert.equal(response.body.type, '/portal/problems#ERR_ROUTE_NOT_FOUND');
    assert.deepEqual(response.body.versions, CUSTOMERS_VERSIONS);
    assert.equal(
      response.body.detail,
      'partner/customers has no version v9 (POST /partner/customers/v9/orders); it has v1 (deprecated, /partner/customers/v1), v2 (active, /partner/customers/v2)',
    );
  });

  it('answers a path without a version the same way', async () => {
    for (const path of ['/partner/customers', '/partner/customers/', '/partner/customers/orders']) {
      const response = await request(app).get(path).expect(404);
      assert.equal(response.body.code, 'ERR_ROUTE_NOT_FOUND', path);
      assert.deepEqual(response.body.versions, CUSTOMERS_VERSIONS, path);
      assert.match(response.body.detail, /^partner\/customers needs a version in the path/);
    }
  });

  it('lists retired versions too', async () => {
    const response = await request(app).get('/system/erp/v3/customers').expect(404);
    assert.deepEqual(response.body.versions, [
      { version: 1, status: 'retired', basePath: '/system/erp/v1', sunsetOn: '2026-06-30', successor: 2 },
      { version: 2, status: 'active', basePath: '/system/erp/v2' },
    ]);
  });

  it('leaves everything else to the generic 404: catalogued versions, unknown APIs, other paths', async () => {
    for (const path of ['/partner/customers/v1/nothing', '/partner/customers/v2/nothing', '/partner/suppliers/v1/orders', '/customers/v1', '/portal/x', '/']) {
      const response = await request(app).get(path).expect(404);
      assert.equal(response.body.code, 'ERR_ROUTE_NOT_FOUND', path);
      assert.equal(response.body.versions, undefined, path);
    }
    await request(app).get('/partner/customers/v2/orders').expect(200);
  });
});
