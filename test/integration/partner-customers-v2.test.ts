/**
 * The customer orders API v2 as a customer developer uses it, through the real gateway and sandboxes; and v1 and v2
 * as two views of the same orders (one channel service, one process tier).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { multiply } from '../../apis/canonical/decimal';
import { createDistributorSeed, netPrice } from '../../sandbox/seed/distributor';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { waitForOrder, waitForPartnerOrder } from '../support/orders';

const seed = createDistributorSeed();
const V2 = '/partner/customers/v2';
const V1 = '/partner/customers/v1';

type Agent = Awaited<ReturnType<TestGateway['as']>>;
type FieldError = { name: string; message: string; value?: unknown };

describe('customer orders API v2 (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let globex: Agent;
  let initech: Agent;
  let crm: Agent;
  let sequence = 0;
  const customerReference = () => `REF-V2-${Date.now()}-${(sequence += 1)}`;
  const place = (body: object) => globex.post(`${V2}/orders`).send(body);
  const oneItem = (reference: string) => ({ customerReference: reference, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'EA' } }] });
  const fieldNames = (errors: FieldError[]) => errors.map((error) => error.name).sort();
  /** The 201 answers the order as taken in, before the process tier has looked at it; its Location follows it. */
  const accepted = (response: { body: { id: string; status: string; salesOrderNumber?: string; links: unknown }; headers: Record<string, string> }): string => {
    assert.match(response.body.id, /^ord_/);
    assert.equal(response.headers.location, `${V2}/orders/${response.body.id}`);
    assert.deepEqual(response.body.links, { self: response.headers.location });
    assert.equal(response.body.status, 'RECEIVED');
    assert.equal(response.body.salesOrderNumber, undefined);
    return response.headers.location;
  };

  before(async () => {
    gateway = await startTestGateway();
    globex = await gateway.as('globex-dev');
    initech = await gateway.as('initech-dev');
    crm = await gateway.as('internal-crm');
  });
  after(async () => {
    await gateway?.stop();
  });

  it('confirms an order: quantities with their unit, prices with their currency, problems per item, a Location and links.self', async () => {
    const perCase = multiply(netPrice(seed, '0010100001', 'TG-10011') ?? '0', String(seed.items[10]?.caseSize));
    const reference = customerReference();
    const response = await place({
      customerReference: reference,
      customerNumber: '0010100001',
      shipTo: { id: '0010200001' },
      requestedDeliveryDate: '2026-12-15',
      items: [
        { lineNumber: '1', sku: 'TG-10011', quantity: { value: '2', unit: 'CS' }, expectedUnitPrice: { amount: perCase, currency: 'USD' } },
        { lineNumber: '2', sku: 'TG-10011', quantity: { value: '1', unit: 'CS' }, expectedUnitPrice: { amount: '0.01', currency: 'USD' } },
        { lineNumber: '3', sku: 'NOT-OURS', quantity: { value: '1', unit: 'EA' } },
      ],
    }).expect(201);
    const location = accepted(response);
    assert.equal(response.body.customerReference, reference);
    const order = await waitForPartnerOrder(globex, location);
    assert.equal(order.id, response.body.id);
    assert.deepEqual(order.links, { self: `${V2}/orders/${order.id}` });
    assert.equal(order.createdAt, response.body.createdAt);
    assert.equal(order.customerReference, reference);
    assert.equal(order.customerNumber, '0010100001');
    assert.deepEqual(order.shipTo, { id: '0010200001' });
    assert.equal(order.status, 'CONFIRMED');
    assert.deepEqual(order.problems, []);
    assert.match(order.salesOrderNumber, /^\d+$/);
    assert.equal(order.currency, 'USD');
    assert.deepEqual(order.total, { amount: multiply(perCase, '3'), currency: 'USD' });

    const [first, second, third] = order.items;
    assert.deepEqual(first.quantity, { value: '2', unit: 'CS', packSize: String(seed.items[10]?.caseSize) });
    assert.equal(first.description, seed.items[10]?.description);
    assert.deepEqual(first.unitPrice, { amount: perCase, currency: 'USD' });
    assert.deepEqual(first.expectedUnitPrice, { amount: perCase, currency: 'USD' });
    assert.equal(first.priceDiffers, false);
    assert.deepEqual(first.problems, []);
    assert.equal(second.priceDiffers, true);
    assert.equal(third.status, 'REJECTED');
    assert.equal(third.problems.length, 1);
    assert.match(third.problems[0].message, /not known/);
    for (const item of order.items) assert.equal('reason' in item, false);
    for (const member of ['purchaseOrderNumber', 'lines', 'reason']) assert.equal(member in order, false, member);
    for (const member of ['purchaseOrderNumber', 'lines', 'reason']) assert.equal(member in response.body, false, member);
    // The items as taken in are the items confirmed.
    const taken = (items: Array<{ lineNumber: string; sku?: string; quantity: { value: string; unit: string } }>) => items.map((item) => [item.lineNumber, item.sku, item.quantity.value, item.quantity.unit]);
    assert.deepEqual(taken(order.items), taken(response.body.items));
  });

  it('takes in an order the process tier then rejects, and shows it REJECTED with its problems at the order level', async () => {
    // 0010200011 is a ship-to of another customer: the process tier rejects the order, it is not a 4xx.
    const response = await place({ ...oneItem(customerReference()), shipTo: { id: '0010200011' } }).expect(201);
    assert.deepEqual(response.body.problems, []);
    const order = await waitForPartnerOrder(globex, accepted(response));
    assert.equal(order.status, 'REJECTED');
    assert.equal(order.problems.length, 1);
    assert.match(order.problems[0].message, /Ship-to 0010200011 does not belong/);
    assert.equal(order.salesOrderNumber, undefined);
  });

  it('answers 409 with the first order’s id when a customer reference is reused, in v2 or from v1', async () => {
    const body = oneItem(customerReference());
    const first = await place(body).expect(201);
    const again = await place(body).expect(409);
    assert.equal(again.body.orderId, first.body.id);

    const viaV1 = customerReference();
    const placedV1 = await globex.post(`${V1}/orders`).send({ purchaseOrderNumber: viaV1, lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(201);
    const clash = await place(oneItem(viaV1)).expect(409);
    assert.equal(clash.body.orderId, placedV1.body.id);
  });

  describe('validation problems name the v2 body’s fields', () => {
    it('refuses a v1 body, naming the v2 members it lacks and the v1 members it has', async () => {
      const response = await place({ purchaseOrderNumber: customerReference(), lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(400);
      assert.equal(response.body.code, 'ERR_VALIDATION');
      assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.deepEqual(fieldNames(response.body.errors), ['body.customerReference', 'body.items', 'body.lines', 'body.purchaseOrderNumber']);
    });

    it('refuses v1’s bare-string quantity and unit, unknown units, fractions, a bare ship-to number and a price without currency', async () => {
      const response = await place({
        customerReference: customerReference(),
        shipTo: '0010200001',
        items: [
          { lineNumber: '1', sku: 'TG-10001', quantity: '2', unit: 'EA' },
          { lineNumber: '2', sku: 'TG-10001', quantity: { value: '2', unit: 'PL' } },
          { lineNumber: '3', sku: 'TG-10001', quantity: { value: '1.5', unit: 'EA' }, expectedUnitPrice: { amount: '1.00' } },
        ],
      }).expect(400);
      assert.deepEqual(fieldNames(response.body.errors), [
        'body.items.0.quantity',
        'body.items.0.unit',
        'body.items.1.quantity.unit',
        'body.items.2.expectedUnitPrice.currency',
        'body.items.2.quantity.value',
        'body.shipTo',
      ]);
    });

    it('names every item the schema cannot judge at once: no item named, a repeated line number, a price in another currency', async () => {
      const response = await place({
        customerReference: customerReference(),
        items: [
          { lineNumber: '1', quantity: { value: '1', unit: 'EA' } },
          { lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'EA' } },
          { lineNumber: '2', sku: 'TG-10001', quantity: { value: '1', unit: 'EA' }, expectedUnitPrice: { amount: '1.00', currency: 'EUR' } },
        ],
      }).expect(400);
      assert.equal(response.body.code, 'ERR_VALIDATION');
      assert.deepEqual(fieldNames(response.body.errors), ['body.items.0', 'body.items.1.lineNumber', 'body.items.2.expectedUnitPrice.currency']);
      assert.equal(response.body.errors.find((error: FieldError) => error.name === 'body.items.2.expectedUnitPrice.currency').value, 'EUR');
    });
  });

  describe('access and partner isolation', () => {
    it('refuses an order on another partner’s account, naming body.customerNumber', async () => {
      const response = await place({ ...oneItem(customerReference()), customerNumber: '0010100002' }).expect(403);
      assert.equal(response.body.code, 'ERR_FORBIDDEN');
      assert.equal(response.body.errors[0].name, 'body.customerNumber');
    });

    it('shows another partner’s order as 404, exactly like a missing one', async () => {
      const placed = await place(oneItem(customerReference())).expect(201);
      const theirs = await initech.get(`${V2}/orders/${placed.body.id}`).expect(404);
      const missing = await initech.get(`${V2}/orders/ord_ffffffffffffffffffffffffffffffff`).expect(404);
      assert.equal(theirs.body.code, 'ERR_NOT_FOUND');
      assert.equal(theirs.body.title, missing.body.title);
      assert.equal(theirs.body.detail.replace(placed.body.id, 'X'), missing.body.detail.replace('ord_ffffffffffffffffffffffffffffffff', 'X'));
      // Nor through v1: isolation is the shared service's, not a version's.
      await initech.get(`${V1}/orders/${placed.body.id}`).expect(404);
      await globex.get(`${V2}/orders/${placed.body.id}`).expect(200);
    });

    it('keeps the same customer reference apart between partners', async () => {
      const shared = customerReference();
      await place(oneItem(shared)).expect(201);
      const theirs = await initech.post(`${V2}/orders`).send(oneItem(shared)).expect(201);
      assert.equal(theirs.body.customerNumber, '0010100002');
    });

    it('matches paths case-sensitively, as the spec names them: /Orders is no route', async () => {
      await globex.post(`${V2}/Orders`).send(oneItem(customerReference())).expect(404);
    });

    it('refuses an impossible date with a 400, through v1 and v2', async () => {
      const v2 = await place({ ...oneItem(customerReference()), orderDate: '2026-02-30' }).expect(400);
      assert.equal(v2.body.errors[0].name, 'body.orderDate');
      const v1 = await globex.post(`${V1}/orders`).send({ purchaseOrderNumber: customerReference(), orderDate: '2026-02-30', lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(400);
      assert.equal(v1.body.errors[0].name, 'body.orderDate');
    });

    it('finds an order by customer reference, only the partner’s own', async () => {
      const reference = customerReference();
      const placed = await place(oneItem(reference)).expect(201);
      const location = accepted(placed);
      // Found as it stands, like reading it: compared once the workflow rests (released, waiting for the warehouse).
      await waitForOrder(crm, placed.body.id, (order) => order.status === 'RELEASED');
      const found = await globex.get(`${V2}/orders`).query({ customerReference: reference }).expect(200);
      assert.deepEqual(found.body.orders.map((order: { id: string }) => order.id), [placed.body.id]);
      const read = await globex.get(location).expect(200);
      assert.equal(read.body.status, 'CONFIRMED');
      assert.deepEqual(found.body.orders[0], read.body);
      const theirs = await initech.get(`${V2}/orders`).query({ customerReference: reference }).expect(200);
      assert.deepEqual(theirs.body, { orders: [] });
      assert.deepEqual((await globex.get(`${V2}/orders`).query({ customerReference: 'NEVER-PLACED' }).expect(200)).body, { orders: [] });
      const missing = await globex.get(`${V2}/orders`).expect(400);
      assert.equal(missing.body.errors[0].name, 'customerReference');
    });

    it('needs partner.orders.write to place and a token at all to read', async () => {
      const readOnly = await gateway.as('globex-dev', 'partner.orders.read');
      const refused = await readOnly.post(`${V2}/orders`).send(oneItem(customerReference())).expect(403);
      assert.match(refused.headers['www-authenticate'] ?? '', /insufficient_scope/);
      const anonymous = await request(gateway.url).get(`${V2}/orders/ord_ffffffffffffffffffffffffffffffff`).expect(401);
      assert.equal(anonymous.body.code, 'ERR_UNAUTHENTICATED');
    });
  });

  describe('one codebase, two versions: the same order through v1 and v2', () => {
    it('reads an order placed through v2 through v1, in v1’s shape', async () => {
      const reference = customerReference();
      const placed = await place({
        customerReference: reference,
        shipTo: { id: '0010200001' },
        items: [
          { lineNumber: '10', sku: 'TG-10011', quantity: { value: '2', unit: 'CS' } },
          { lineNumber: '20', sku: 'NOT-OURS', quantity: { value: '1', unit: 'EA' } },
        ],
      }).expect(201);
      const settled = await waitForPartnerOrder(globex, accepted(placed));
      assert.equal(settled.status, 'CONFIRMED');
      const v1 = (await globex.get(`${V1}/orders/${placed.body.id}`).expect(200)).body;
      assert.equal(v1.id, placed.body.id);
      assert.equal(v1.purchaseOrderNumber, reference);
      assert.equal(v1.shipTo, '0010200001');
      assert.equal(v1.status, 'CONFIRMED');
      assert.match(v1.salesOrderNumber, /^\d+$/);
      assert.equal(v1.salesOrderNumber, settled.salesOrderNumber);
      assert.equal(v1.total, settled.total.amount);
      assert.deepEqual(
        v1.lines.map((line: { lineNumber: string; quantity: string; unit: string; packSize?: string; unitPrice?: string }) => [line.lineNumber, line.quantity, line.unit, line.packSize, line.unitPrice]),
        settled.items.map((item: { lineNumber: string; quantity: { value: string; unit: string; packSize?: string }; unitPrice?: { amount: string } }) => [
          item.lineNumber,
          item.quantity.value,
          item.quantity.unit,
          item.quantity.packSize,
          item.unitPrice?.amount,
        ]),
      );
      assert.equal(v1.lines[1].reason, settled.items[1].problems[0].message);
    });

    it('reads an order placed through v1 through v2, in v2’s shape', async () => {
      const reference = customerReference();
      const placed = await globex
        .post(`${V1}/orders`)
        .send({ purchaseOrderNumber: reference, shipTo: '0010200001', lines: [{ lineNumber: '1', gtin: '10614141000019', quantity: '1', unit: 'CS', expectedUnitPrice: '0.01' }] })
        .expect(201);
      assert.equal(placed.body.status, 'RECEIVED');
      // Compared once the process tier has decided, so both reads show the same decision.
      const settled = await waitForPartnerOrder(globex, `${V1}/orders/${placed.body.id}`);
      assert.equal(settled.status, 'CONFIRMED');
      assert.equal(settled.lines[0].priceDiffers, true);
      const v2 = (await globex.get(`${V2}/orders/${placed.body.id}`).expect(200)).body;
      assert.equal(v2.customerReference, reference);
      assert.deepEqual(v2.shipTo, { id: '0010200001' });
      assert.equal(v2.status, settled.status);
      assert.equal(v2.salesOrderNumber, settled.salesOrderNumber);
      assert.deepEqual(v2.links, { self: `${V2}/orders/${placed.body.id}` });
      assert.deepEqual(v2.items[0].quantity, { value: '1', unit: 'CS', ...(settled.lines[0].packSize ? { packSize: settled.lines[0].packSize } : {}) });
      assert.equal(v2.items[0].gtin, '10614141000019');
      assert.deepEqual(v2.items[0].expectedUnitPrice, { amount: '0.01', currency: 'USD' });
      assert.equal(v2.items[0].priceDiffers, settled.lines[0].priceDiffers);
      assert.deepEqual(v2.problems, []);
      assert.equal(v2.createdAt, placed.body.createdAt);
    });
  });
});
