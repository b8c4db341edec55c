/** The CSRF protocol: fetch a token with its cookie session, POST with both, 403 + `x-csrf-token: Required` otherwise. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { erpClient, odata, orderBody, PASSWORD, USERNAME } from './helpers';

const SIMULATION = odata('/API_SALES_ORDER_SIMULATION_SRV/A_SalesOrderSimulation');
const body = orderBody('CSRF-1', [{ Material: 'TG-10001', RequestedQuantity: '1' }]);

describe('sandbox ERP CSRF protocol', () => {
  it('hands out a token and a session cookie on GET with x-csrf-token: Fetch, and the POST then succeeds', async () => {
    const { agent } = erpClient();
    const fetched = await agent.get(odata('/API_SALES_ORDER_SIMULATION_SRV/')).auth(USERNAME, PASSWORD).set('x-csrf-token', 'Fetch').expect(200);
    const token = fetched.headers['x-csrf-token'];
    assert.equal(typeof token, 'string');
    assert.ok(String(token).length >= 20);
    assert.match(String(fetched.headers['set-cookie']), /SAP_SESSIONID_SBX_100=\w+; Path=\/; HttpOnly/);
    await agent.post(SIMULATION).auth(USERNAME, PASSWORD).set('x-csrf-token', String(token)).send(body).expect(201);
  });

  it('answers the same token to a second fetch in the same session', async () => {
    const client = erpClient();
    assert.equal(await client.fetchToken('API_SALES_ORDER_SRV'), await client.fetchToken('API_SALES_ORDER_SRV'));
  });

  it('answers 403 with x-csrf-token: Required and an OData error when the token is missing', async () => {
    const { agent } = erpClient();
    await agent.get(odata('/API_SALES_ORDER_SIMULATION_SRV/')).auth(USERNAME, PASSWORD).set('x-csrf-token', 'Fetch').expect(200);
    const response = await agent.post(SIMULATION).auth(USERNAME, PASSWORD).send(body).expect(403);
    assert.equal(response.headers['x-csrf-token'], 'Required');
    assert.match(response.body.error.message.value, /CSRF token validation failed/);
  });

  it('answers 403 for a wrong token, and for a right token without its cookie', async () => {
    const { app, agent } = erpClient();
    const fetched = await agent.get(odata('/API_SALES_ORDER_SIMULATION_SRV/')).auth(USERNAME, PASSWORD).set('x-csrf-token', 'Fetch').expect(200);
    const token = String(fetched.headers['x-csrf-token']);
    const wrong = await agent.post(SIMULATION).auth(USERNAME, PASSWORD).set('x-csrf-token', `${token}x`).send(body).expect(403);
    assert.equal(wrong.headers['x-csrf-token'], 'Required');
    // A fresh supertest request carries no cookie jar.
    const cookieless = await request(app).post(SIMULATION).auth(USERNAME, PASSWORD).set('x-csrf-token', token).send(body).expect(403);
    assert.equal(cookieless.headers['x-csrf-token'], 'Required');
  });

  it('refuses a stale token with 403 Required, and a fresh fetch then works (the adapter’s retry)', async () => {
    let now = Date.UTC(2026, 0, 5, 9, 0, 0);
    const client = erpClient({ csrfTtlMs: 60_000, now: () => now });
    const stale = await client.fetchToken('API_SALES_ORDER_SIMULATION_SRV');
    now += 61_000;
    const refused = await client.agent.post(SIMULATION).auth(USERNAME, PASSWORD).set('x-csrf-token', stale).send(body).expect(403);
    assert.equal(refused.headers['x-csrf-token'], 'Required');
    const renewed = await client.fetchToken('API_SALES_ORDER_SIMULATION_SRV');
    assert.notEqual(renewed, stale);
    await client.agent.post(SIMULATION).auth(USERNAME, PASSWORD).set('x-csrf-token', renewed).send(body).expect(201);
  });

  it('checks logon before CSRF: no credentials is 401, not 403', async () => {
    const { agent } = erpClient();
    await agent.post(SIMULATION).send(body).expect(401);
  });

  it('never asks for a token on reads', async () => {
    const { agent } = erpClient();
    await agent.get(odata('/API_PRODUCT_SRV/A_Product?$top=1')).auth(USERNAME, PASSWORD).expect(200);
  });
});
