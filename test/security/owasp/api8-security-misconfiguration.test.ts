/**
 * OWASP API8:2023 Security Misconfiguration.
 *
 * Threats: missing security headers (MIME sniffing, framing, referrer leaks), CORS opened to any origin, errors that
 * reveal stack traces, file paths or the framework (X-Powered-By: Express), and a production start with settings
 * meant for development (the public demo secrets, webhooks allowed to plain http or private addresses).
 *
 * Proven here, through a whole gateway (the reference suite for headers and CORS is
 * test/integration/security-headers.test.ts):
 * - API answers (successes and problems), the token endpoint, health and the portal carry helmet's headers and no
 *   X-Powered-By; API answers a CSP that allows nothing;
 * - CORS is closed by default: no Access-Control-* for a foreign origin, its preflight answered 204 without them;
 * - no error — 400 (malformed JSON, validation), 401, 403, 404 (route, version, object), 413, 415, and a 500 forced by
 *   a dependency that throws with a file path in its message — shows a stack trace, a file path or a framework
 *   banner; the 500 says only its generic title;
 * - under NODE_ENV=production the gateway refuses to start with webhooks allowed to plain http or private addresses
 *   (gateway/config/production-checks.ts, added for this test: before it such a start went ahead) and with the
 *   development secrets, naming the keys.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { KpiService } from '../../../apis/process/operations/kpi-service';
import { loadConfig, mergeConfig } from '../../../gateway/config';
import { assertNoInsecureSettingsInProduction } from '../../../gateway/config/production-checks';
import { createLogger } from '../../../gateway/logger';
import { startGateway } from '../../../gateway/runtime';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { assertProblem } from './support';

/** What must never be in an answer: stack frames, file paths, module folders, error class banners, the framework. */
const LEAKS = [/\bat [\w.<>]+ \(/, /\.ts:\d+/, /\.js:\d+/, /node_modules/, /\/work\//, /\/home\//, /[A-Z]:\\/, /\bTypeError\b/, /\bstack\b/i, /express/i];

function assertNoLeak(response: { text?: string; headers: Record<string, string> }, what: string): void {
  const text = response.text ?? '';
  for (const leak of LEAKS) assert.doesNotMatch(text, leak, `${what}: the body reveals ${leak}`);
  assert.equal(response.headers['x-powered-by'], undefined, `${what}: no X-Powered-By`);
  assert.doesNotMatch(response.headers.server ?? '', /express|node/i, `${what}: no server banner`);
}

describe('OWASP API8:2023 security misconfiguration', function () {
  this.timeout(60_000);

  describe('a running gateway', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway();
    });
    after(async () => {
      await gateway?.stop();
    });

    it('puts helmet’s headers on API answers, problems, the token endpoint, health and the portal, and no X-Powered-By', async () => {
      const crm = await gateway.token('internal-crm');
      const answers = {
        'an API success': await request(gateway.url).get('/system/erp/v1/customers/0010100001').set('Authorization', `Bearer ${crm}`),
        'an API problem': await request(gateway.url).get('/system/erp/v1/customers/0010100001'),
        'the token endpoint': await request(gateway.url).post('/oauth/token').type('form').send({ grant_type: 'client_credentials' }),
        health: await request(gateway.url).get('/health/live'),
        'the portal': await request(gateway.url).get('/portal/'),
      };
      for (const [what, response] of Object.entries(answers)) {
        assert.equal(response.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
        assert.equal(response.headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
        assert.equal(response.headers['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`);
        assert.ok(response.headers['content-security-policy'], `${what}: a CSP`);
        assert.equal(response.headers['x-powered-by'], undefined, `${what}: no X-Powered-By`);
      }
      assert.match(answers['an API success'].headers['content-security-policy']!, /default-src 'none'/);
      assert.match(answers['an API problem'].headers['content-security-policy']!, /default-src 'none'/);
    });

    it('keeps CORS closed by default: no Access-Control-* for a foreign origin, preflight 204 without allow headers', async () => {
      const crm = await gateway.token('internal-crm');
      const actual = await request(gateway.url).get('/system/erp/v1/customers/0010100001').set('Origin', 'https://evil.example').set('Authorization', `Bearer ${crm}`).expect(200);
      const preflight = await request(gateway.url)
        .options('/system/erp/v1/customers/0010100001')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization')
        .expect(204);
      for (const response of [actual, preflight]) {
        assert.deepEqual(Object.keys(response.headers).filter((name) => name.startsWith('access-control-')), []);
      }
    });

    it('reveals no stack, path or framework in any error, a 500 from a broken dependency included', async () => {
      const crm = await gateway.as('internal-crm');
      const architect = await gateway.as('architect');
      const errors: Array<[string, number, Promise<any> | any]> = [
        ['malformed JSON', 400, crm.post('/process/orders/v2/orders').set('content-type', 'application/json').send('{"orderNumber": ')],
        ['a validation failure', 400, crm.post('/process/orders/v2/orders').send({ orderNumber: 42 })],
        ['no token', 401, request(gateway.url).get('/process/orders/v2/orders')],
        ['a missing scope', 403, crm.get('/process/operations/v1/kpis')],
        ['an unknown route', 404, request(gateway.url).get('/no/such/route')],
        ['an unknown version', 404, crm.get('/process/orders/v9/orders')],
        ['a missing object', 404, crm.get('/process/orders/v2/orders/ord_00000000000000000000000000000000')],
        ['an oversized body', 413, crm.post('/process/orders/v2/orders').send({ padding: 'x'.repeat(300_000) })],
        ['an unsupported media type', 415, crm.post('/process/orders/v2/orders').set('content-type', 'application/xml').send('<order/>')],
      ];
      for (const [what, status, pending] of errors) {
        const response = await pending;
        assertProblem(response, status, what);
        assertNoLeak(response, what);
      }

      // A dependency that breaks: its error (with a path and a stack) must stay in the log.
      const original = KpiService.prototype.kpis;
      KpiService.prototype.kpis = async function broken() {
        throw new TypeError(`Cannot read properties of undefined (reading 'rows') at ${path.join(__dirname, 'secret-module.ts')}:12:7`);
      };
      try {
        const response = await architect.get('/process/operations/v1/kpis');
        const problem = assertProblem(response, 500, 'a broken dependency');
        assert.equal(problem.code, 'ERR_INTERNAL');
        assert.equal(problem.detail, problem.title, 'a 5xx says only its title');
        assertNoLeak(response, 'a broken dependency');
      } finally {
        KpiService.prototype.kpis = original;
      }
      assert.ok(gateway.logLines().some((line) => line.code === 'ERR_INTERNAL' && /secret-module\.ts/.test(String(line.error))), 'the cause is logged for operators');
    });
  });

  describe('a production start', () => {
    let dataDir: string;
    before(() => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'dg-owasp-api8-'));
    });
    after(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    const configWith = (overrides: Record<string, unknown>) =>
      loadConfig({ env: {}, overrides: mergeConfig({ server: { port: 0, dataDir }, sandbox: { enabled: true, erpPort: 0, wmsPort: 0 } }, overrides) });
    const start = (overrides: Record<string, unknown>) => startGateway(configWith(overrides), { logger: createLogger({ level: 'silent' }), env: { NODE_ENV: 'production' } });

    for (const key of ['allowInsecureUrls', 'allowPrivateAddresses']) {
      it(`refuses webhooks ${key} under NODE_ENV=production, naming the key`, async () => {
        await assert.rejects(start({ channels: { customers: { webhooks: { [key]: true } } } }), (error: Error) => {
          assert.equal(error.name, 'ConfigError');
          assert.match(error.message, new RegExp(`channels\\.customers\\.webhooks\\.${key}`));
          return true;
        });
        assert.doesNotThrow(() => assertNoInsecureSettingsInProduction(configWith({ channels: { customers: { webhooks: { [key]: true } } } }), { NODE_ENV: 'development' }), 'allowed outside production');
      });
    }

    it('refuses the public development secrets under NODE_ENV=production, naming the clients', async () => {
      await assert.rejects(start({}), (error: Error) => {
        assert.equal(error.name, 'ConfigError');
        assert.match(error.message, /auth\.clients\.\d+\.secretHash \(client globex-dev\)/);
        return true;
      });
    });
  });
});
