/**
 * The authentication policy's own decisions, given verified claims (token verification itself is tested through
 * the gateway in test/integration/security.test.ts): who the client is, which scopes count, and when the
 * on-behalf-of header is honoured.
 */
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import type { Caller } from '../../../gateway/auth/caller';
import type { AccessTokenClaims } from '../../../gateway/auth/token-verifier';
import { createProblemHandler } from '../../../gateway/problem-handler';
import { createAuthentication } from '../../../policies/authentication';
import { appLog } from '../../support/app-log';

function appFor(claims: AccessTokenClaims) {
  const app = express();
  app.use(
    createAuthentication({
      verify: async () => claims,
      serviceClientId: 'gateway-tiers',
      clients: [
        { id: 'gateway-tiers', name: 'tiers', plan: 'internal', scopes: ['gateway.tier', 'process.orders.read'] },
        { id: 'globex-dev', name: 'globex', plan: 'bronze', partner: 'globex', scopes: ['partner.orders.read'] },
      ],
    }),
  );
  app.get('/who', (_request, response) => {
    const caller = response.locals.caller as Caller;
    response.json({ ...caller, scopes: [...caller.scopes].sort() });
  });
  app.use(createProblemHandler(appLog().logger));
  return app;
}

describe('authentication policy: identities and the on-behalf-of header', () => {
  it('names the client by client_id (or azp), never by sub', async () => {
    await request(appFor({ sub: 'globex-dev', scope: 'partner.orders.read' })).get('/who').set('Authorization', 'Bearer x').expect(401);
    const byAzp = await request(appFor({ azp: 'globex-dev', sub: 'someone', scope: 'partner.orders.read' })).get('/who').set('Authorization', 'Bearer x').expect(200);
    assert.equal(byAzp.body.clientId, 'globex-dev');
    assert.equal(byAzp.body.partnerId, 'globex');
  });

  it('honours X-Gateway-On-Behalf-Of only from the gateway’s own client', async () => {
    const tiers = await request(appFor({ client_id: 'gateway-tiers', scope: 'gateway.tier process.orders.read' }))
      .get('/who')
      .set('Authorization', 'Bearer x')
      .set('X-Gateway-On-Behalf-Of', 'globex-dev;partner=globex')
      .expect(200);
    assert.deepEqual(tiers.body.onBehalfOf, { clientId: 'globex-dev', partnerId: 'globex' });

    // A client the configuration does not know (an external provider's) keeps its token's scopes, but never gateway.tier.
    const stranger = await request(appFor({ client_id: 'other-app', scope: 'gateway.tier system.erp.write' }))
      .get('/who')
      .set('Authorization', 'Bearer x')
      .set('X-Gateway-On-Behalf-Of', 'globex-dev;partner=globex')
      .expect(200);
    assert.equal(stranger.body.onBehalfOf, undefined);
    assert.deepEqual(stranger.body.scopes, ['system.erp.write']);
  });
});
