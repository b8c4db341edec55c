/**
 * OWASP API4:2023 Unrestricted Resource Consumption.
 *
 * Threats: huge request bodies; listing everything in one call (a missing or unbounded page size); expensive queries
 * (hundreds of SKUs per availability call, a bulk replay of every exception); upstream calls that never end and pin
 * a request, a socket and memory; queues that grow without bound under a flood.
 *
 * Proven here:
 * - through a whole gateway with small limits configured: every JSON request body operation of the specs answers a
 *   body over `server.jsonBodyLimitBytes` with 413 problem+json; the X12 operation accepts a body over the JSON limit
 *   (interchanges are larger) and refuses one over `server.textBodyLimitBytes` with 413; the defaults are bounded;
 * - every list operation of the specs (a GET without path parameters answering a collection) either pages with a
 *   `limit` whose spec declares a maximum and a default at most that maximum, or is a lookup by a required
 *   parameter, or is in a short list bounded by configuration (with the reason); `limit` above its maximum and 0
 *   are 400 naming `limit`; every other bounded query number (hours, minutes, offset) above its maximum is a 400;
 * - every array query parameter (SKUs, materials) refuses one value over its bound (50 when the spec says none);
 *   the bulk replay refuses a `limit` over its maximum;
 * - every upstream timeout in configuration is finite, and every module of gateway/ and apis/ that makes HTTP calls
 *   is a known one that sets a timeout (a new HTTP client somewhere fails this test);
 * - the queues (token verifications, audit buffer, workflow attempts, webhook attempts, event topics) are bounded.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../gateway/config';
import { PROJECT_ROOT } from '../../../openapi/catalog';
import { MEMORY_BUS_DEFAULTS } from '../../../gateway/events/memory-bus';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { assertProblem, clientFor, concretePath, pathParameters, publishedOperations, resolve, successSchema, type SpecOperation } from './support';

/** Collections bounded by something other than a page size, and why. */
const BOUNDED_BY_CONFIGURATION: Record<string, string> = {
  'GET /partner/customers/v2/webhooks': 'channels.customers.webhooks.maxSubscriptionsPerPartner (at most 100) subscriptions per partner',
  'GET /process/operations/v1/usage/deprecated': 'one row per deprecated catalog version and client',
  'GET /process/operations/v1/kpis': 'aggregates: one row per status, partner, warehouse and platform',
  'GET /process/operations/v1/activity': 'one bucket per minute, minutes at most 180',
  'GET /process/inventory/v1/feeds': 'one feed per configured warehouse',
};

/** A collection: an array answer, or an object with an array property. */
function answersCollection(operation: SpecOperation): boolean {
  const schema = successSchema(operation);
  if (!schema) return false;
  return schema.type === 'array' || Object.values(schema.properties ?? {}).some((property) => resolve(operation, property)?.type === 'array');
}

const listOperations = () => publishedOperations().filter((operation) => operation.method === 'get' && pathParameters(operation).length === 0 && answersCollection(operation));

describe('OWASP API4:2023 unrestricted resource consumption', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  const JSON_LIMIT = 2048;
  const TEXT_LIMIT = 16_384;

  before(async () => {
    gateway = await startTestGateway({ server: { jsonBodyLimitBytes: JSON_LIMIT, textBodyLimitBytes: TEXT_LIMIT } });
  });
  after(async () => {
    await gateway?.stop();
  });

  const agentFor = async (operation: SpecOperation) => {
    const client = clientFor(operation);
    assert.ok(client, `a configured client may call ${operation.name}`);
    return gateway.as(client.id);
  };

  it('answers 413 problem+json to an oversized JSON body on every JSON request body operation', async () => {
    const operations = publishedOperations().filter((operation) => operation.requestBody?.mediaType === 'application/json');
    assert.ok(operations.length >= 10);
    for (const operation of operations) {
      const body = { ...(operation.requestBody!.example as object), padding: 'x'.repeat(JSON_LIMIT) };
      const response = await ((await agentFor(operation)) as any)[operation.method](concretePath(operation, {}, '1000001')).send(body);
      const problem = assertProblem(response, 413, operation.name);
      assert.equal(problem.code, 'ERR_PAYLOAD_TOO_LARGE');
    }
  });

  it('lets an X12 interchange be larger than a JSON body, but bounded: 413 over the text limit', async () => {
    const acme = await gateway.as('acme-edi');
    const padded = (bytes: number) => `ISA*00*${' '.repeat(bytes)}~`;
    const larger = await acme.post('/partner/edi/v1/interchanges').set('content-type', 'application/edi-x12').send(padded(JSON_LIMIT * 2));
    assert.notEqual(larger.status, 413, 'an interchange twice the JSON limit is read (and answered by the X12 reader)');
    const huge = await acme.post('/partner/edi/v1/interchanges').set('content-type', 'application/edi-x12').send(padded(TEXT_LIMIT + 1));
    assert.equal(assertProblem(huge, 413, 'X12 over the text limit').code, 'ERR_PAYLOAD_TOO_LARGE');
    // And JSON to the EDI API (it accepts JSON too) keeps the JSON limit.
    const json = await acme.post('/partner/edi/v1/interchanges').set('content-type', 'application/json').send(JSON.stringify({ padding: 'x'.repeat(JSON_LIMIT) }));
    assertProblem(json, 413, 'JSON to the EDI API over the JSON limit');
  });

  it('has bounded body limits by default, the text one larger than the JSON one', () => {
    const { server } = loadConfig({ env: {} });
    assert.ok(server.jsonBodyLimitBytes > 0 && server.jsonBodyLimitBytes <= 1024 * 1024, `jsonBodyLimitBytes ${server.jsonBodyLimitBytes}`);
    assert.ok(server.textBodyLimitBytes > server.jsonBodyLimitBytes && server.textBodyLimitBytes <= 16 * 1024 * 1024, `textBodyLimitBytes ${server.textBodyLimitBytes}`);
  });

  it('pages every list operation of the specs with a bounded limit, or says what else bounds it', () => {
    const unbounded: string[] = [];
    for (const operation of listOperations()) {
      const limit = operation.parameters.find((parameter) => parameter.in === 'query' && parameter.name === 'limit');
      if (limit) {
        const maximum = limit.schema?.maximum;
        assert.ok(typeof maximum === 'number' && maximum <= 1000, `${operation.name}: limit declares a maximum (${maximum})`);
        const described = /default (\d+)/i.exec(String((limit as { description?: string }).description ?? ''));
        const fallback = typeof limit.schema?.default === 'number' ? limit.schema.default : described ? Number(described[1]) : undefined;
        assert.ok(fallback !== undefined && fallback <= maximum, `${operation.name}: limit has a default at most its maximum (${fallback})`);
        continue;
      }
      if (operation.parameters.some((parameter) => parameter.in === 'query' && parameter.required)) continue; // a lookup
      if (BOUNDED_BY_CONFIGURATION[operation.name]) continue;
      unbounded.push(operation.name);
    }
    assert.deepEqual(unbounded, [], 'list operations with nothing bounding their answer');
    assert.ok(listOperations().length >= 10, `found ${listOperations().length} list operations`);
  });

  it('refuses limit above its maximum or 0, and every bounded query number above its maximum, naming the parameter', async () => {
    let tried = 0;
    for (const operation of publishedOperations().filter((candidate) => candidate.method === 'get')) {
      for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query' && typeof candidate.schema?.maximum === 'number')) {
        const agent = await agentFor(operation);
        const cases = [String(parameter.schema!.maximum! + 1), ...(parameter.name === 'limit' ? ['0'] : [])];
        for (const value of cases) {
          const response = await agent.get(concretePath(operation, {}, 'X1')).query({ ...requiredQuery(operation), [parameter.name]: value });
          const problem = assertProblem(response, 400, `${operation.name} ?${parameter.name}=${value}`);
          assert.ok((problem.errors ?? []).some((error: { name: string }) => error.name === parameter.name), `${operation.name}: names ${parameter.name}: ${JSON.stringify(problem.errors)}`);
          tried += 1;
        }
      }
    }
    assert.ok(tried >= 10, `bounded query parameters tried: ${tried}`);
  });

  it('refuses one value over the bound of every array query parameter (SKUs, materials): 50 when the spec states none', async () => {
    let tried = 0;
    for (const operation of publishedOperations().filter((candidate) => candidate.method === 'get')) {
      for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query' && candidate.schema?.type === 'array')) {
        const bound = typeof parameter.schema!.maxItems === 'number' ? parameter.schema!.maxItems : 50;
        assert.ok(bound <= 100, `${operation.name} ${parameter.name}: at most ${bound} values`);
        const values = Array.from({ length: bound + 1 }, (_, index) => `TG-${String(10000 + index)}`);
        const url = `${concretePath(operation, {}, 'X1')}?${values.map((value) => `${parameter.name}=${value}`).join('&')}`;
        const response = await (await agentFor(operation)).get(url).query(requiredQuery(operation, parameter.name));
        const problem = assertProblem(response, 400, `${operation.name} with ${bound + 1} ${parameter.name}`);
        assert.ok(JSON.stringify(problem.errors ?? problem.detail).includes(parameter.name), `${operation.name}: names ${parameter.name}`);
        tried += 1;
      }
    }
    assert.ok(tried >= 3, `array query parameters tried: ${tried}`);
  });

  it('bounds a bulk replay: its limit over the maximum is a 400', async () => {
    const operation = publishedOperations().find((candidate) => candidate.name === 'POST /process/operations/v1/exceptions/replay')!;
    const limit = resolve(operation, operation.requestBody!.schema)!.properties!.limit!;
    assert.ok(typeof limit.maximum === 'number' && limit.maximum <= 1000, `bulk replay limit maximum ${limit.maximum}`);
    const response = await (await gateway.as('architect')).post(concretePath(operation)).send({ limit: limit.maximum + 1 });
    assert.ok(assertProblem(response, 400, 'bulk replay over its limit').errors.some((error: { name: string }) => error.name === 'body.limit'));
  });

  it('sets a finite timeout on every upstream call in configuration, and every HTTP-calling module is a known one with a timeout', () => {
    const config = loadConfig({ env: {} });
    const timeouts: Record<string, number> = {
      'platforms.erp.timeoutMs': config.platforms.erp.timeoutMs,
      'platforms.wms.timeoutMs': config.platforms.wms.timeoutMs,
      'tiers.timeoutMs': config.tiers.timeoutMs,
      'channels.customers.webhooks.timeoutMs': config.channels.customers.webhooks.timeoutMs,
      'server.requestTimeoutMs': config.server.requestTimeoutMs,
      'server.headersTimeoutMs': config.server.headersTimeoutMs,
    };
    for (const [key, value] of Object.entries(timeouts)) assert.ok(Number.isFinite(value) && value > 0 && value <= 60_000, `${key} = ${value}`);

    // Modules that open outgoing HTTP connections, and the text that sets their timeout.
    const known: Record<string, RegExp> = {
      'gateway/http/platform-client.ts': /timeout: options\.timeoutMs/,
      'gateway/http/undici-adapter.ts': /config\.timeout/,
      'gateway/auth/service-token.ts': /timeout: options\.timeoutMs \?\? \d+/,
      'gateway/auth/discovery.ts': /timeout: timeoutMs/,
      'gateway/auth/token-verifier.ts': /timeoutDuration:/,
      // jose's fetch options carry its timeoutDuration as an AbortSignal; the bounded fetch passes them on whole.
      'gateway/auth/identity-provider-answers.ts': /await fetch\(url, options\)/,
      'apis/partner/customers/webhooks/webhook-dispatcher.ts': /AbortSignal\.timeout\(timeoutMs\)/,
    };
    const outgoing = /from 'undici'|import axios\b|\baxios\.(create|get|post|request)\(|\bfetch\(|createRemoteJWKSet\(/;
    const makesCalls = (text: string): boolean => {
      if (outgoing.test(text)) return true;
      // node:http(s) imported and asked for a request (a server only calls createServer).
      return /^import \w+(, \{[^}]*\})? from 'node:https?';/m.test(text) && /\.(request|get)\(/.test(text);
    };
    const sources = ['gateway', 'apis', 'policies', 'openapi'].flatMap((root) => listTs(path.join(PROJECT_ROOT, root)));
    const found = sources.filter((file) => makesCalls(readFileSync(file, 'utf8').replace(/^\s*(\*|\/\/).*$/gm, ''))).map((file) => path.relative(PROJECT_ROOT, file));
    assert.deepEqual(found.filter((file) => !known[file]), [], 'modules making HTTP calls the test does not know: give them a timeout and list them here');
    assert.deepEqual([...found].sort(), Object.keys(known).sort(), 'the detection finds every known HTTP-calling module (none went stale)');
    for (const file of found) assert.match(readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), known[file]!, `${file} sets its timeout`);
  });

  it('bounds its queues: token verifications, audit buffer, workflow and webhook attempts, event topics', () => {
    const config = loadConfig({ env: {} });
    assert.ok(config.auth.tokenEndpoint.maxQueuedVerifications <= 1000, 'auth.tokenEndpoint.maxQueuedVerifications');
    assert.ok(config.auth.tokenEndpoint.maxConcurrentVerifications <= 64, 'auth.tokenEndpoint.maxConcurrentVerifications');
    assert.ok(config.audit.bufferLimit <= 1_000_000, 'audit.bufferLimit');
    assert.ok(config.process.workflow.maxAttempts <= 100 && config.process.workflow.concurrency <= 256, 'process.workflow');
    assert.ok(config.channels.customers.webhooks.maxAttempts <= 100, 'channels.customers.webhooks.maxAttempts');
    assert.ok(config.channels.customers.webhooks.maxSubscriptionsPerPartner <= 100, 'channels.customers.webhooks.maxSubscriptionsPerPartner');
    assert.ok(config.channels.customers.webhooks.deliveryLogLimit <= 100_000, 'channels.customers.webhooks.deliveryLogLimit');
    assert.ok(MEMORY_BUS_DEFAULTS.maxLength <= 1_000_000 && MEMORY_BUS_DEFAULTS.maxDeadLetters <= 1_000_000, 'event topics keep a bounded tail');
  });
});

/** Values for the operation's other required query parameters, so only the one under test is wrong. */
function requiredQuery(operation: SpecOperation, except?: string): Record<string, string> {
  const samples: Record<string, string> = { customerReference: 'PO-1', partnerId: 'globex', orderNumber: 'PO-1', customerNumber: '0010100001', purchaseOrderNumber: 'PO-1', material: 'TG-10001', sku: 'TG-10001' };
  return Object.fromEntries(operation.parameters.filter((parameter) => parameter.in === 'query' && parameter.required && parameter.name !== except).map((parameter) => [parameter.name, samples[parameter.name] ?? 'x']));
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'portal' ? [] : listTs(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.generated.ts') ? [full] : [];
  });
}
