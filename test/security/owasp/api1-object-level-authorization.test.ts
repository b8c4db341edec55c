/**
 * OWASP API1:2023 Broken Object Level Authorization.
 *
 * Threat: a partner swaps an id in a URL (an order, a shipment list, an invoice list, a webhook subscription and its
 * deliveries, an EDI outbox document or its receipt, a marketplace purchase order) for one of another partner's, or
 * guesses ids in sequence, and reads or changes what is not its own; or reaches the process tier's ids directly.
 *
 * Proven here, through a whole gateway with real tokens:
 * - every partner-tier operation whose path carries an id, enumerated from the committed specs
 *   (openapi/partner/**\/v*.json), answers another partner's id exactly like a missing one: 404, problem+json, the same
 *   body apart from the instance; the owner still gets the object (so nothing was changed by the attempt). A new
 *   id-bearing partner route without a fixture below fails the enumeration test;
 * - searches and lists never hold another partner's objects;
 * - partner tokens reach no process-tier id at all (not even their own orders' ids), and cannot act on another's
 *   behalf by sending X-Gateway-On-Behalf-Of;
 * - the ids handed out (orders, webhook subscriptions, EDI documents, exceptions) are UUIDv4 (122 random bits), not
 *   sequences.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { agentFor, onboardingOverrides, type TestClient } from '../../support/partner-onboarding';
import { purchaseOrderNumber } from '../../support/orders';
import { assertProblem, concretePath, pathParameters, publishedOperations, type SpecOperation } from './support';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

/** A second EDI partner (globex over X12), so that one EDI partner can try the other's documents. */
const GLOBEX_EDI: TestClient = { id: 'globex-edi', secret: 'test-secret-globex-edi-owasp-7Yq1' };
const X12 = 'application/edi-x12';
const today = new Date().toISOString().slice(2, 10).replaceAll('-', '');
let control = Math.floor(Date.now() / 1000) % 900_000_000;

function acme850(orderNumber: string): string {
  const isa13 = String((control += 1)).padStart(9, '0');
  const gs = String(Number(isa13) % 1_000_000);
  const isa = `ISA*00*          *00*          *ZZ*${'ACMEHOSP'.padEnd(15)}*ZZ*${'DISTGATEWAY'.padEnd(15)}*${today}*1200*U*00401*${isa13}*0*P*>~`;
  return `${isa}GS*PO*ACMEHOSP*DISTGATEWAY*20261128*1200*${gs}*X*004010~ST*850*0001~BEG*00*SA*${orderNumber}**20261128~PO1*1*1*CA***VP*TG-10001~CTT*1~SE*5*0001~GE*1*${gs}~IEA*1*${isa13}~`;
}

const UUID_V4_HEX = '[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}';
const hex = () => randomUUID().replaceAll('-', '');

/**
 * Per partner API and path parameter: who owns the object, who tries it, how the owner creates one, and an id of the
 * same shape that does not exist. Adding an id-bearing partner route means adding its parameter here.
 */
interface Fixture {
  owner: () => Agent | undefined;
  intruder: () => Agent;
  create: () => Promise<string>;
  missing: () => string;
}

describe('OWASP API1:2023 broken object level authorization', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let globex: Agent;
  let initech: Agent;
  let acme: Agent;
  let globexEdi: Agent;
  let shopco: Agent;

  const placeOrder = async (agent: Agent, reference = purchaseOrderNumber('BOLA')) =>
    (await agent.post('/partner/customers/v2/orders').send({ customerReference: reference, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] }).expect(201)).body as { id: string };

  const acmeDocument = async (): Promise<string> => {
    await acme.post('/partner/edi/v1/interchanges').set('content-type', X12).send(acme850(purchaseOrderNumber('B').slice(-20))).expect(200);
    const documents = (await acme.get('/partner/edi/v1/documents').query({ limit: '500' }).expect(200)).body.documents as Array<{ id: string }>;
    assert.ok(documents.length > 0, 'acme has a document in its outbox');
    return documents[0]!.id;
  };

  const fixtures: Record<string, Fixture> = {
    'partner/customers orderId': { owner: () => globex, intruder: () => initech, create: async () => (await placeOrder(globex)).id, missing: () => `ord_${hex()}` },
    'partner/customers subscriptionId': {
      owner: () => globex,
      intruder: () => initech,
      create: async () => (await globex.post('/partner/customers/v2/webhooks').send({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['order.shipped'] }).expect(201)).body.id,
      missing: () => `whsub_${hex()}`,
    },
    'partner/edi documentId': { owner: () => acme, intruder: () => globexEdi, create: acmeDocument, missing: () => `edi_${hex()}` },
    // Another partner's purchase order number, placed through the customer API: shopco must not learn it exists.
    'partner/marketplace purchaseOrderNumber': {
      owner: () => undefined,
      intruder: () => shopco,
      create: async () => {
        const reference = purchaseOrderNumber('MKT');
        await placeOrder(globex, reference);
        return reference;
      },
      missing: () => `NEVER-${hex().slice(0, 12)}`,
    },
  };

  const partnerIdOperations = (): SpecOperation[] => publishedOperations().filter((operation) => operation.entry.tier === 'partner' && pathParameters(operation).length > 0);
  const fixtureKey = (operation: SpecOperation, parameter: string) => `${operation.entry.tier}/${operation.entry.api} ${parameter}`;

  before(async () => {
    const onboarded = await onboardingOverrides(
      [
        {
          auth: { clients: [{ id: GLOBEX_EDI.id, name: 'Globex (EDI)', partner: 'globex', plan: 'silver', scopes: ['partner.edi'] }] },
          channels: {
            edi: {
              partners: [
                { partnerId: 'acme', isa: { qualifier: 'ZZ', id: 'ACMEHOSP' }, gsId: 'ACMEHOSP', version: '004010', separators: { element: '*', component: '>', segment: '~' }, units: { CA: 'CS' } },
                { partnerId: 'globex', isa: { qualifier: 'ZZ', id: 'GLOBEXEDI' }, gsId: 'GLOBEXEDI' },
              ],
            },
          },
        },
      ],
      [GLOBEX_EDI],
    );
    gateway = await startTestGateway({ ...onboarded, channels: { ...(onboarded.channels as object), customers: { webhooks: { allowInsecureUrls: true, allowPrivateAddresses: true } } } });
    [globex, initech, acme, shopco] = await Promise.all(['globex-dev', 'initech-dev', 'acme-edi', 'shopco-market'].map((id) => gateway.as(id)));
    globexEdi = await agentFor(gateway.url, GLOBEX_EDI);
  });
  after(async () => {
    await gateway?.stop();
  });

  it('knows how to own an object for every id-bearing partner operation in the specs (a new route must be added here)', () => {
    const operations = partnerIdOperations();
    assert.ok(operations.length >= 12, `the specs have the partner id routes (found ${operations.length})`);
    const uncovered = operations.flatMap((operation) => pathParameters(operation).filter((parameter) => !fixtures[fixtureKey(operation, parameter)]).map((parameter) => `${operation.name} {${parameter}}`));
    assert.deepEqual(uncovered, [], 'id-bearing partner operations without an object-level authorization fixture');
  });

  it('answers another partner’s id exactly like a missing one (404, same problem), and the owner still has it', async () => {
    const owned = new Map<string, string>();
    for (const operation of partnerIdOperations()) {
      const [parameter] = pathParameters(operation) as [string];
      const fixture = fixtures[fixtureKey(operation, parameter)]!;
      // Destructive operations (DELETE, receipts) get a fresh object; reads share one per parameter.
      const key = fixtureKey(operation, parameter);
      const id = operation.method === 'get' && owned.has(key) ? owned.get(key)! : await fixture.create();
      if (operation.method === 'get') owned.set(key, id);
      const missingId = fixture.missing();
      const call = (agent: Agent, value: string) => {
        const pending = (agent as any)[operation.method](concretePath(operation, { [parameter]: value }));
        return operation.method === 'post' ? pending.send({}) : pending;
      };

      const theirs = await call(fixture.intruder(), id);
      const missing = await call(fixture.intruder(), missingId);
      const theirsBody = assertProblem(theirs, 404, `${operation.name} with another partner’s id`);
      const missingBody = assertProblem(missing, 404, `${operation.name} with a missing id`);
      const normalise = (body: Record<string, unknown>, value: string) => JSON.parse(JSON.stringify({ ...body, instance: undefined, requestId: undefined }).replaceAll(value, '<id>'));
      assert.deepEqual(normalise(theirsBody, id), normalise(missingBody, missingId), `${operation.name}: another partner’s id and a missing one answer alike`);
      assert.deepEqual(Object.keys(theirs.headers).filter((name) => !['date', 'x-correlation-id', 'content-length', 'etag', 'traceparent', 'x-request-id', 'ratelimit'].includes(name)).sort(),
        Object.keys(missing.headers).filter((name) => !['date', 'x-correlation-id', 'content-length', 'etag', 'traceparent', 'x-request-id', 'ratelimit'].includes(name)).sort(), `${operation.name}: same headers`);

      const owner = fixture.owner();
      if (owner) {
        const own = await call(owner, id);
        assert.ok(own.status < 300, `${operation.name}: the owner still gets its object (${own.status} ${JSON.stringify(own.body)})`);
      }
    }
  });

  it('never lists or finds another partner’s objects', async () => {
    const reference = purchaseOrderNumber('BOLA-FIND');
    const order = await placeOrder(globex, reference);
    assert.deepEqual((await initech.get('/partner/customers/v2/orders').query({ customerReference: reference }).expect(200)).body.orders, []);
    assert.equal((await globex.get('/partner/customers/v2/orders').query({ customerReference: reference }).expect(200)).body.orders[0].id, order.id);

    const subscription = (await globex.post('/partner/customers/v2/webhooks').send({ url: 'http://127.0.0.1:9/list', eventTypes: ['order.shipped'] }).expect(201)).body.id as string;
    const initechSubscriptions = (await initech.get('/partner/customers/v2/webhooks').expect(200)).body.subscriptions as Array<{ id: string }>;
    assert.ok(!initechSubscriptions.some((candidate) => candidate.id === subscription));

    const document = await acmeDocument();
    const globexDocuments = (await globexEdi.get('/partner/edi/v1/documents').query({ limit: '500' }).expect(200)).body.documents as Array<{ id: string }>;
    assert.ok(!globexDocuments.some((candidate) => candidate.id === document));
  });

  it('lets no partner token reach a process-tier id, not even its own order’s, nor act on someone else’s behalf', async () => {
    const order = await placeOrder(globex);
    for (const path of [`/process/orders/v2/orders/${order.id}`, `/process/orders/v1/orders/${order.id}`, `/process/orders/v2/orders/${order.id}/invoices`]) {
      assertProblem(await globex.get(path), 403, `globex on ${path}`);
      assertProblem(await globex.get(path).set('x-gateway-on-behalf-of', 'gateway-tiers'), 403, `globex claiming to be a tier on ${path}`);
    }
    // The on-behalf-of header from a partner token is stripped: initech claiming to be globex still sees only its own.
    assertProblem(await initech.get(`/partner/customers/v2/orders/${order.id}`).set('x-gateway-on-behalf-of', 'globex-dev;partner=globex'), 404, 'initech claiming to act for globex');
  });

  it('hands out ids that are UUIDv4, not sequences: orders, webhook subscriptions, EDI documents', async () => {
    const orders = [await placeOrder(globex), await placeOrder(globex), await placeOrder(initech)].map((order) => order.id);
    for (const id of orders) assert.match(id, new RegExp(`^ord_${UUID_V4_HEX}$`), `order id ${id}`);
    const subscriptions: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      subscriptions.push((await initech.post('/partner/customers/v2/webhooks').send({ url: `http://127.0.0.1:9/seq${index}`, eventTypes: ['order.shipped'] }).expect(201)).body.id);
    }
    for (const id of subscriptions) assert.match(id, new RegExp(`^whsub_${UUID_V4_HEX}$`), `subscription id ${id}`);
    await acmeDocument();
    const documents = ((await acme.get('/partner/edi/v1/documents').query({ limit: '500' }).expect(200)).body.documents as Array<{ id: string }>).map((document) => document.id);
    for (const id of documents) assert.match(id, new RegExp(`^edi_${UUID_V4_HEX}$`), `document id ${id}`);

    // Consecutive ids share no guessable structure: about half their random bits differ (a counter changes a few).
    for (const group of [orders, subscriptions, documents.slice(0, 2)]) {
      const [a, b] = group.map((id) => BigInt(`0x${id.split('_')[1]}`)) as [bigint, bigint];
      const differing = (a ^ b).toString(2).split('').filter((bit) => bit === '1').length;
      assert.ok(differing > 30, `${group[0]} and ${group[1]} differ in ${differing} of 128 bits`);
    }
  });
});
