/**
 * OWASP API5:2023 Broken Function Level Authorization.
 *
 * Threat: a partner (or an internal app) with a valid token calls functions meant for operators and integration
 * architects — the exceptions queue and its replays, KPIs, activity, usage reports, /metrics, what the portal's
 * operations page calls — or the process and system tiers behind its own API, by guessing their URLs.
 *
 * Proven here, through a whole gateway with real tokens, the operation lists derived from the committed specs:
 * - every operation of process/operations/v1 declares an operator scope (operations.read / operations.write) and
 *   nothing else, and so does /metrics; every call the portal's operations page makes is such an operation (or a
 *   process-tier read);
 * - a token of EVERY partner client configured in config/default.yaml gets 403 problem+json on every operation of
 *   process/operations/v1, on /metrics, and on every operation of the process and system tiers;
 * - an internal app without operator scopes (internal-crm) gets 403 on every operator function and /metrics, and a
 *   read-only operator token cannot replay (operations.write);
 * - the architect client, which holds them, is let through (the 403s are the scope check, not a broken route).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { PROJECT_ROOT } from '../../../openapi/catalog';
import { METRICS_PATH, METRICS_SCOPES } from '../../../gateway/metrics/metrics-endpoint';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { assertProblem, concretePath, partnerClients, publishedOperations, type SpecOperation } from './support';

const OPERATOR_SCOPES = new Set(['operations.read', 'operations.write']);
const operatorOperations = () => publishedOperations().filter((operation) => operation.entry.id === 'process/operations/v1');
const internalTierOperations = () => publishedOperations().filter((operation) => operation.entry.tier === 'process' || operation.entry.tier === 'system');

function call(gateway: TestGateway, token: string, operation: SpecOperation) {
  const pending = request(gateway.url)[operation.method as 'get'](concretePath(operation, {}, 'X1')).set('Authorization', `Bearer ${token}`);
  return operation.requestBody ? pending.send(operation.requestBody.mediaType === 'application/json' ? (operation.requestBody.example as object) : String(operation.requestBody.example)) : pending;
}

describe('OWASP API5:2023 broken function level authorization', function () {
  this.timeout(60_000);
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway();
  });
  after(async () => {
    await gateway?.stop();
  });

  it('gives every operator function an operator scope of its own: the operations API, /metrics, the operations page’s calls', () => {
    const operations = operatorOperations();
    assert.ok(operations.length >= 7, `operations API operations: ${operations.length}`);
    for (const operation of operations) {
      assert.ok(operation.scopes.length > 0 && operation.scopes.every((scope) => OPERATOR_SCOPES.has(scope)), `${operation.name} needs only operator scopes: ${operation.scopes}`);
      if (operation.method !== 'get') assert.deepEqual(operation.scopes, ['operations.write'], `${operation.name} changes things: operations.write`);
    }
    assert.deepEqual([...METRICS_SCOPES], ['operations.read']);

    const page = readFileSync(path.join(PROJECT_ROOT, 'openapi', 'portal', 'operations', 'operations.js'), 'utf8');
    const ops = /var OPS = '([^']+)'/.exec(page)![1];
    // Each call's path is a concatenation: OPS, quoted pieces and expressions (an id), e.g. OPS + '/exceptions/' + id + '/replay'.
    const pathOf = (expression: string) =>
      expression
        .split(' + ')
        .map((token) => (token === 'OPS' ? ops : /^'/.test(token) ? /^'([^']*)'/.exec(token)![1] : 'X1'))
        .join('')
        .split('?')[0]!;
    const calls = [...page.matchAll(/call\('(GET|POST)', (.*)$/gm)].map((match) => ({ method: match[1]!, path: pathOf(match[2]!) }));
    assert.ok(calls.length >= 6, `the operations page’s calls: ${calls.length}`);
    for (const pageCall of calls) {
      const operation = publishedOperations().find((candidate) => candidate.method.toUpperCase() === pageCall.method && new RegExp(`^${candidate.entry.basePath}${candidate.template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pageCall.path));
      assert.ok(operation, `the page calls ${pageCall.method} ${pageCall.path}, an operation of a published spec`);
      assert.ok(operation.entry.tier === 'process' && operation.scopes.every((scope) => OPERATOR_SCOPES.has(scope) || scope.startsWith('process.')), `${operation.name} needs operator or process scopes`);
    }
  });

  it('refuses every configured partner client on every operator function, /metrics and every process and system operation', async () => {
    const partners = partnerClients();
    assert.ok(partners.length >= 4, `partner clients in config/default.yaml: ${partners.map((client) => client.id)}`);
    const operations = [...operatorOperations(), ...internalTierOperations().filter((operation) => operation.entry.id !== 'process/operations/v1')];
    assert.ok(operations.length >= 30);
    for (const client of partners) {
      const token = await gateway.token(client.id);
      for (const operation of operations) {
        const response = await call(gateway, token, operation);
        const problem = assertProblem(response, 403, `${client.id} on ${operation.name}`);
        assert.equal(problem.code, 'ERR_FORBIDDEN');
        assert.match(response.headers['www-authenticate'] ?? '', /error="insufficient_scope"/);
      }
      const metrics = await request(gateway.url).get(METRICS_PATH).set('Authorization', `Bearer ${token}`);
      assertProblem(metrics, 403, `${client.id} on ${METRICS_PATH}`);
      assert.ok(!/^# (HELP|TYPE)/m.test(metrics.text), 'no metric leaks into the refusal');
    }
  });

  it('refuses an internal app without operator scopes, and a read-only operator on replays; lets the architect through', async () => {
    const crm = await gateway.token('internal-crm');
    for (const operation of operatorOperations()) assertProblem(await call(gateway, crm, operation), 403, `internal-crm on ${operation.name}`);
    assertProblem(await request(gateway.url).get(METRICS_PATH).set('Authorization', `Bearer ${crm}`), 403, 'internal-crm on /metrics');

    const readOnly = await gateway.token('architect', 'operations.read');
    for (const operation of operatorOperations().filter((candidate) => candidate.method !== 'get')) {
      assertProblem(await call(gateway, readOnly, operation), 403, `operations.read alone on ${operation.name}`);
    }

    const architect = await gateway.token('architect');
    for (const operation of operatorOperations().filter((candidate) => candidate.method === 'get')) {
      const response = await call(gateway, architect, operation);
      assert.ok(response.status !== 401 && response.status !== 403, `architect on ${operation.name}: ${response.status}`);
    }
    assert.equal((await request(gateway.url).get(METRICS_PATH).set('Authorization', `Bearer ${architect}`)).status, 200);
  });
});
