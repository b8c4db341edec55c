/**
 * OWASP API6:2023 Unrestricted Access to Sensitive Business Flows.
 *
 * Threats: the business flow that matters here is ordering. A client (or a script with a stolen token) retries an
 * order submission and places it twice, replays a purchase order number, or floods a channel with orders — the
 * customer API, X12 interchanges full of 850s, or marketplace pushes of up to 100 orders each — within the general
 * request budget of its plan.
 *
 * Proven here, through a whole gateway:
 * - order submission is idempotent: the same Idempotency-Key and body replays the first answer (same order id,
 *   Idempotent-Replayed: true) and creates one order; the same key with another body is a 422;
 * - order submission is duplicate-checked without a key: a reused customer reference is a 409 naming the first
 *   order; a marketplace purchase order pushed again is refused with 409 naming it;
 * - every order-submitting partner operation of the specs (partner-tier POSTs on .../orders and .../interchanges) has
 *   a limit of its own, tighter than the plan's, in every plan a partner client of config/default.yaml is on (EDI and
 *   marketplace had none: config/default.yaml now gives them one, and this test failed before);
 * - those limits bite: with small ones configured, the next EDI interchange and marketplace push are 429 problems with
 *   Retry-After naming the operation, while the same partner's reads go on.
 */
import assert from 'node:assert/strict';
import { loadConfig } from '../../../gateway/config';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { purchaseOrderNumber } from '../../support/orders';
import { assertProblem, partnerClients, publishedOperations } from './support';

const orderSubmissions = () =>
  publishedOperations().filter((operation) => operation.entry.tier === 'partner' && operation.method === 'post' && /\/(orders|interchanges)$/.test(operation.template));

const today = new Date().toISOString().slice(2, 10).replaceAll('-', '');
let control = (Math.floor(Date.now() / 1000) % 800_000_000) + 50_000_000;
function acme850(): string {
  const isa13 = String((control += 1)).padStart(9, '0');
  const gs = String(Number(isa13) % 1_000_000);
  return `ISA*00*          *00*          *ZZ*${'ACMEHOSP'.padEnd(15)}*ZZ*${'DISTGATEWAY'.padEnd(15)}*${today}*1200*U*00401*${isa13}*0*P*>~GS*PO*ACMEHOSP*DISTGATEWAY*20261128*1200*${gs}*X*004010~ST*850*0001~BEG*00*SA*${purchaseOrderNumber('E').slice(-20)}**20261128~PO1*1*1*CA***VP*TG-10001~CTT*1~SE*5*0001~GE*1*${gs}~IEA*1*${isa13}~`;
}

function vendorOrder(number: string) {
  return {
    purchaseOrderNumber: number,
    purchaseOrderState: 'New',
    orderDetails: {
      purchaseOrderDate: '2026-11-28T08:00:00Z',
      purchaseOrderType: 'RegularOrder',
      paymentMethod: 'Invoice',
      buyingParty: { partyId: 'SHOPCO' },
      sellingParty: { partyId: 'DISTRIBUTOR' },
      shipToParty: { partyId: 'ABE8' },
      items: [{ itemSequenceNumber: '1', vendorProductIdentifier: 'TG-10003', orderedQuantity: { amount: 1, unitOfMeasure: 'Eaches' }, isBackOrderAllowed: true }],
    },
  };
}

describe('OWASP API6:2023 unrestricted access to sensitive business flows', function () {
  this.timeout(60_000);

  describe('idempotent, duplicate-checked order submission', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway();
    });
    after(async () => {
      await gateway?.stop();
    });

    it('replays the first answer for the same Idempotency-Key and body, creating one order; another body with the key is a 422', async () => {
      const globex = await gateway.as('globex-dev');
      const reference = purchaseOrderNumber('API6');
      const body = { customerReference: reference, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] };
      const key = `owasp-api6-${reference}`;
      const first = await globex.post('/partner/customers/v2/orders').set('Idempotency-Key', key).send(body).expect(201);
      const again = await globex.post('/partner/customers/v2/orders').set('Idempotency-Key', key).send(body).expect(201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body.id, first.body.id);
      const other = await globex.post('/partner/customers/v2/orders').set('Idempotency-Key', key).send({ ...body, customerReference: `${reference}-X` });
      assertProblem(other, 422, 'the key with another body');
      const found = (await globex.get('/partner/customers/v2/orders').query({ customerReference: reference }).expect(200)).body.orders;
      assert.equal(found.length, 1, 'one order for two submissions');
    });

    it('refuses a reused customer reference with 409 naming the first order, and a marketplace purchase order pushed twice', async () => {
      const globex = await gateway.as('globex-dev');
      const body = { customerReference: purchaseOrderNumber('API6-DUP'), items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] };
      const first = await globex.post('/partner/customers/v2/orders').send(body).expect(201);
      const duplicate = assertProblem(await globex.post('/partner/customers/v2/orders').send(body), 409, 'a reused customer reference');
      assert.equal(duplicate.orderId, first.body.id);

      const shopco = await gateway.as('shopco-market');
      const number = purchaseOrderNumber('API6M').slice(-20);
      const pushed = await shopco.post('/partner/marketplace/v1/orders').send({ orders: [vendorOrder(number)] });
      assert.ok(pushed.status < 300, `first push: ${pushed.status} ${JSON.stringify(pushed.body)}`);
      const repeated = await shopco.post('/partner/marketplace/v1/orders').send({ orders: [vendorOrder(number)] });
      const [result] = repeated.body.results;
      assert.equal(result.result, 'Refused', JSON.stringify(repeated.body));
      assert.equal(result.problem.status, 409);
    });
  });

  it('gives every order-submitting partner operation a limit of its own, tighter than the plan’s, in every partner plan', () => {
    const config = loadConfig({ env: {} });
    const submissions = orderSubmissions().map((operation) => operation.name);
    assert.deepEqual([...submissions].sort(), ['POST /partner/customers/v1/orders', 'POST /partner/customers/v2/orders', 'POST /partner/edi/v1/interchanges', 'POST /partner/marketplace/v1/orders']);
    const missing: string[] = [];
    for (const plan of new Set(partnerClients().map((client) => client.plan))) {
      const settings = config.throttling.plans[plan]!;
      for (const name of submissions) {
        const own = settings.operations[name];
        if (!own) missing.push(`${plan}: ${name}`);
        else assert.ok(own.limit / own.windowSeconds < settings.limit / settings.windowSeconds, `${plan}: ${name} is tighter than the plan`);
      }
    }
    assert.deepEqual(missing, [], 'order submissions without a limit of their own (throttling.plans.<plan>.operations)');
  });

  describe('the per-operation limits bite', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({
        throttling: {
          plans: {
            silver: { operations: { 'POST /partner/edi/v1/interchanges': { limit: 2, windowSeconds: 60 } } },
            gold: { operations: { 'POST /partner/marketplace/v1/orders': { limit: 2, windowSeconds: 60 } } },
          },
        },
      });
    });
    after(async () => {
      await gateway?.stop();
    });

    it('answers the next EDI interchange and marketplace push 429 naming the operation, while reads go on', async () => {
      const acme = await gateway.as('acme-edi');
      for (let index = 0; index < 2; index += 1) {
        assert.equal((await acme.post('/partner/edi/v1/interchanges').set('content-type', 'application/edi-x12').send(acme850())).status, 200);
      }
      const edi = await acme.post('/partner/edi/v1/interchanges').set('content-type', 'application/edi-x12').send(acme850());
      const ediProblem = assertProblem(edi, 429, 'the third interchange');
      assert.equal(ediProblem.operation, 'POST /partner/edi/v1/interchanges');
      assert.ok(Number(edi.headers['retry-after']) > 0);
      await acme.get('/partner/edi/v1/documents').expect(200);

      const shopco = await gateway.as('shopco-market');
      for (let index = 0; index < 2; index += 1) {
        assert.ok((await shopco.post('/partner/marketplace/v1/orders').send({ orders: [vendorOrder(purchaseOrderNumber('B').slice(-20))] })).status < 300);
      }
      const push = await shopco.post('/partner/marketplace/v1/orders').send({ orders: [vendorOrder(purchaseOrderNumber('B').slice(-20))] });
      assert.equal(assertProblem(push, 429, 'the third push').operation, 'POST /partner/marketplace/v1/orders');
      assert.ok(Number(push.headers['retry-after']) > 0);
      assert.notEqual((await shopco.get('/partner/marketplace/v1/orders/NOT-THERE/status')).status, 429, 'reads have their own budget');
    });
  });
});
