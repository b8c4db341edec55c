/**
 * Policy decisions: which policy refused is noted where the API chain wraps each policy, whatever way the policy
 * fails (next(err), a throw, a rejected promise); which answers count as decisions is read from the problem.
 */
import assert from 'node:assert/strict';
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { GatewayError } from '../../../gateway/errors';
import { createLogger } from '../../../gateway/logger';
import { attributeFailures, FAILED_POLICY_LOCAL, policyDecisionOf } from '../../../gateway/metrics/policy-decisions';
import { createProblemHandler } from '../../../gateway/problem-handler';

function appWith(...handlers: RequestHandler[]) {
  const app = express();
  let seen: { policy?: unknown; decision?: ReturnType<typeof policyDecisionOf> } = {};
  app.use((_request, response, next) => {
    response.once('finish', () => {
      seen = { policy: response.locals[FAILED_POLICY_LOCAL], decision: policyDecisionOf(response) };
    });
    next();
  });
  app.get('/x', ...handlers, (_request, response) => {
    response.json({ ok: true });
  });
  app.use(createProblemHandler(createLogger({ level: 'silent' })));
  return { app, seen: () => seen };
}

const pass: RequestHandler = (_request, _response, next) => next();

describe('policy decisions', () => {
  it('names the policy that called next(err), and counts its 429 with the problem code as reason', async () => {
    const refuse: RequestHandler = (_request, _response, next) => next(new GatewayError('ERR_RATE_LIMITED', 'slow down'));
    const { app, seen } = appWith(attributeFailures('authentication', pass), attributeFailures('throttling', refuse));
    await request(app).get('/x').expect(429);
    assert.deepEqual(seen(), { policy: 'throttling', decision: { policy: 'throttling', status: 429, reason: 'ERR_RATE_LIMITED' } });
  });

  it('names a policy that throws or rejects, as express 5 would pass the error on', async () => {
    const throws: RequestHandler = () => {
      throw new GatewayError('ERR_UNAUTHENTICATED', 'no token');
    };
    const rejects: RequestHandler = async () => {
      throw new GatewayError('ERR_STATE_UNAVAILABLE', 'redis down');
    };
    let app = appWith(attributeFailures('authentication', throws));
    await request(app.app).get('/x').expect(401);
    assert.deepEqual(app.seen().decision, { policy: 'authentication', status: 401, reason: 'ERR_UNAUTHENTICATED' });
    app = appWith(attributeFailures('idempotency', rejects));
    await request(app.app).get('/x').expect(503);
    assert.deepEqual(app.seen().decision, { policy: 'idempotency', status: 503, reason: 'ERR_STATE_UNAVAILABLE' });
  });

  it('counts a 503 only when a policy failed closed, and nothing for a successful request or a 404', async () => {
    const platformDown: RequestHandler = (_request, _response, next) => next(new GatewayError('ERR_PLATFORM_UNAVAILABLE', 'ERP down'));
    let app = appWith(attributeFailures('authentication', pass), platformDown);
    await request(app.app).get('/x').expect(503);
    assert.deepEqual(app.seen(), { policy: undefined, decision: undefined });
    app = appWith(attributeFailures('authentication', pass));
    await request(app.app).get('/x').expect(200);
    assert.deepEqual(app.seen(), { policy: undefined, decision: undefined });
    const notFound: RequestHandler = (_request, _response, next) => next(new GatewayError('ERR_NOT_FOUND', 'no such order'));
    app = appWith(notFound);
    await request(app.app).get('/x').expect(404);
    assert.equal(app.seen().decision, undefined);
  });

  it('attributes a 403 no policy claimed to authorization (the route’s scope check)', async () => {
    const scopeCheck: RequestHandler = (_request, _response, next) => next(new GatewayError('ERR_FORBIDDEN', 'needs operations.read'));
    const { app, seen } = appWith(attributeFailures('authentication', pass), scopeCheck);
    await request(app).get('/x').expect(403);
    assert.deepEqual(seen().decision, { policy: 'authorization', status: 403, reason: 'ERR_FORBIDDEN' });
  });
});
