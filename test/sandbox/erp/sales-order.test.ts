/** Sales orders and the simulation: deep insert, read back, find by PO, duplicates, validation, pricing, ATP. */
import assert from 'node:assert/strict';
import { createDistributorSeed, netPrice } from '../../../sandbox/seed/distributor';
import { errorDetails, erpClient, orderBody, SHIP_TO, SOLD_TO, type ErpClient } from './helpers';

const seed = createDistributorSeed();

interface Entity {
  __metadata: { id: string; uri: string; type: string };
  [name: string]: unknown;
}

/** netPrice() × eaches, in cents, formatted with 2 places: the expectation the ERP must meet. */
function expectedAmount(customer: string, material: string, eaches: number): string {
  const price = netPrice(seed, customer, material);
  assert.ok(price);
  return ((Math.round(Number(price) * 100) * eaches) / 100).toFixed(2);
}

function caseSize(material: string): number {
  const item = seed.items.find((i) => i.material === material);
  assert.ok(item);
  return item.caseSize;
}

describe('sandbox ERP sales orders', function () {
  this.timeout(20000);
  let client: ErpClient;
  beforeEach(() => {
    client = erpClient({ now: () => Date.UTC(2026, 10, 28, 15, 30) });
  });

  const create = (body: unknown) => client.post('API_SALES_ORDER_SRV', '/A_SalesOrder', body);

  it('creates an order by deep insert: 201, Location, number from 1000001, priced items, partners', async () => {
    const response = await create(
      orderBody('PO-1', [
        { SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '2', RequestedQuantityUnit: 'CS', UnderlyingPurchaseOrderItem: '1', ProductionPlant: '1010' },
        { SalesOrderItem: '20', Material: 'TG-10050', RequestedQuantity: '7', RequestedQuantityUnit: 'EA', UnderlyingPurchaseOrderItem: '2', ProductionPlant: '1020' },
      ]),
    );
    assert.equal(response.status, 201, response.text);
    const order = response.body.d as Entity;
    assert.equal(order.SalesOrder, '1000001');
    assert.match(String(response.headers.location), /\/sap\/opu\/odata\/sap\/API_SALES_ORDER_SRV\/A_SalesOrder\('1000001'\)$/);
    assert.equal(order.__metadata.uri, response.headers.location);
    assert.equal(order.OverallSDProcessStatus, 'A');
    assert.equal(order.TransactionCurrency, 'USD');
    assert.equal(order.SoldToParty, SOLD_TO);
    assert.equal(order.PurchaseOrderByCustomer, 'PO-1');
    assert.equal(order.CreationDate, `/Date(${Date.UTC(2026, 10, 28)})/`);
    assert.equal(order.CustomerPurchaseOrderDate, '/Date(1764288000000)/');
    assert.equal(order.RequestedDeliveryDate, '/Date(1764547200000)/');

    const items = (order.to_Item as { results: Entity[] }).results;
    const first = expectedAmount(SOLD_TO, 'TG-10001', 2 * caseSize('TG-10001'));
    const second = expectedAmount(SOLD_TO, 'TG-10050', 7);
    assert.deepEqual(
      items.map((i) => [i.SalesOrderItem, i.Material, i.RequestedQuantity, i.RequestedQuantityUnit, i.NetAmount, i.ProductionPlant, i.UnderlyingPurchaseOrderItem, i.SDProcessStatus]),
      [
        ['10', 'TG-10001', '2', 'CS', first, '1010', '1', 'A'],
        ['20', 'TG-10050', '7', 'EA', second, '1020', '2', 'A'],
      ],
    );
    assert.equal(items[0]?.SalesOrderItemText, seed.items[0]?.description);
    assert.equal(order.TotalNetAmount, ((Math.round(Number(first) * 100) + Math.round(Number(second) * 100)) / 100).toFixed(2));
    const partners = (order.to_Partner as { results: Entity[] }).results;
    assert.deepEqual(partners.map((p) => [p.PartnerFunction, p.Customer]), [
      ['SP', SOLD_TO],
      ['SH', SHIP_TO],
    ]);

    const next = await create(orderBody('PO-2', [{ Material: 'TG-10002', RequestedQuantity: '1' }]));
    assert.equal(next.body.d.SalesOrder, '1000002');
  });

  it('reads the order back by key with $expand=to_Item,to_Partner', async () => {
    await create(orderBody('PO-READ', [{ Material: 'TG-10003', RequestedQuantity: '3', RequestedQuantityUnit: 'CS', UnderlyingPurchaseOrderItem: '0001' }])).then((r) => assert.equal(r.status, 201, r.text));
    const response = await client.get("/API_SALES_ORDER_SRV/A_SalesOrder('1000001')?$expand=to_Item,to_Partner").expect(200);
    const order = response.body.d as Entity;
    assert.equal(order.PurchaseOrderByCustomer, 'PO-READ');
    const [item] = (order.to_Item as { results: Entity[] }).results;
    assert.equal(item?.UnderlyingPurchaseOrderItem, '0001', 'the customer line number is kept verbatim');
    assert.equal(item?.SalesOrderItem, '10', 'items are numbered 10, 20, … when the body leaves them out');
    assert.equal(item?.NetAmount, expectedAmount(SOLD_TO, 'TG-10003', 3 * caseSize('TG-10003')));
    assert.equal((order.to_Partner as { results: Entity[] }).results.length, 2);
    const byItemKey = await client.get("/API_SALES_ORDER_SRV/A_SalesOrderItem(SalesOrder='1000001',SalesOrderItem='10')").expect(200);
    assert.equal(byItemKey.body.d.Material, 'TG-10003');
    await client.get("/API_SALES_ORDER_SRV/A_SalesOrder('1000099')").expect(404);
  });

  it('finds an order by PurchaseOrderByCustomer and SoldToParty', async () => {
    await create(orderBody('PO-A', [{ Material: 'TG-10001', RequestedQuantity: '1' }]));
    await create(orderBody("PO-O'Neil", [{ Material: 'TG-10001', RequestedQuantity: '1' }]));
    const filter = encodeURIComponent(`PurchaseOrderByCustomer eq 'PO-O''Neil' and SoldToParty eq '${SOLD_TO}'`);
    const response = await client.get(`/API_SALES_ORDER_SRV/A_SalesOrder?$filter=${filter}&$expand=to_Item`).expect(200);
    const found = response.body.d.results as Entity[];
    assert.deepEqual(found.map((o) => o.SalesOrder), ['1000002']);
    assert.equal((found[0]?.to_Item as { results: Entity[] }).results[0]?.Material, 'TG-10001');
    const none = await client.get(`/API_SALES_ORDER_SRV/A_SalesOrder?$filter=${encodeURIComponent("PurchaseOrderByCustomer eq 'PO-A' and SoldToParty eq '0010100002'")}`).expect(200);
    assert.deepEqual(none.body.d.results, []);
  });

  it('refuses a second order with the same PO for the same sold-to (but not for another sold-to)', async () => {
    assert.equal((await create(orderBody('PO-DUP', [{ Material: 'TG-10001', RequestedQuantity: '1' }]))).status, 201);
    const duplicate = await create(orderBody('PO-DUP', [{ Material: 'TG-10002', RequestedQuantity: '5' }]));
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.body.error.code, 'V1/203');
    assert.match(duplicate.body.error.message.value, /already exists in sales order 1000001/);
    assert.equal(errorDetails(duplicate.body)[0]?.target, 'PurchaseOrderByCustomer');
    const other = orderBody('PO-DUP', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { SoldToParty: '0010100002', to_Partner: [{ PartnerFunction: 'SH', Customer: '0010200011' }] });
    assert.equal((await create(other)).status, 201);
    const all = await client.get('/API_SALES_ORDER_SRV/A_SalesOrder?$inlinecount=allpages').expect(200);
    assert.equal(all.body.d.__count, '2');
  });

  it('creates the second order with the same PO when the duplicate check is only a warning, as most systems do', async () => {
    const lenient = erpClient({ duplicatePurchaseOrders: 'warning' });
    const post = (body: unknown) => lenient.post('API_SALES_ORDER_SRV', '/A_SalesOrder', body);
    assert.equal((await post(orderBody('PO-TWICE', [{ Material: 'TG-10001', RequestedQuantity: '1' }]))).status, 201);
    assert.equal((await post(orderBody('PO-TWICE', [{ Material: 'TG-10001', RequestedQuantity: '1' }]))).status, 201);
    const found = await lenient.get(`/API_SALES_ORDER_SRV/A_SalesOrder?$filter=PurchaseOrderByCustomer eq 'PO-TWICE' and SoldToParty eq '${SOLD_TO}'`).expect(200);
    assert.deepEqual(found.body.d.results.map((order: Entity) => order.SalesOrder), ['1000001', '1000002']);
    assert.throws(() => erpClient({ duplicatePurchaseOrders: 'ignore' as 'warning' }), /duplicatePurchaseOrders/);
  });

  it('refuses invalid items with an OData 400 naming each item', async () => {
    const response = await create(
      orderBody('PO-BAD', [
        { SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '1' },
        { SalesOrderItem: '20', Material: 'TG-99999', RequestedQuantity: '1', UnderlyingPurchaseOrderItem: '2' },
        { SalesOrderItem: '30', Material: 'TG-10002', RequestedQuantity: '0' },
        { SalesOrderItem: '40', Material: 'TG-10003', RequestedQuantity: '-2' },
        { SalesOrderItem: '50', Material: 'TG-10004', RequestedQuantity: '1', RequestedQuantityUnit: 'PAL' },
        { SalesOrderItem: '60', Material: 'TG-10005', RequestedQuantity: '1', ProductionPlant: '9999' },
        { SalesOrderItem: '70', Material: 'TG-10006', RequestedQuantity: '1.5' },
      ]),
    );
    assert.equal(response.status, 400);
    const details = errorDetails(response.body);
    assert.deepEqual(
      details.map((d) => d.target),
      ['to_Item(2)/Material', 'to_Item(3)/RequestedQuantity', 'to_Item(4)/RequestedQuantity', 'to_Item(5)/RequestedQuantityUnit', 'to_Item(6)/ProductionPlant', 'to_Item(7)/RequestedQuantity'],
    );
    assert.ok(details.every((d) => d.severity === 'error'));
    assert.match(details[0]?.message ?? '', /Item 20 \(customer item 2\): material TG-99999 does not exist/);
    assert.equal(response.body.error.message.value, details[0]?.message);
    // Nothing was stored.
    const all = await client.get('/API_SALES_ORDER_SRV/A_SalesOrder?$inlinecount=allpages').expect(200);
    assert.equal(all.body.d.__count, '0');
  });

  it('refuses unknown sold-to and ship-to parties, naming the field', async () => {
    const unknownCustomer = await create(orderBody('PO-C', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { SoldToParty: '0099999999' }));
    assert.equal(unknownCustomer.status, 400);
    assert.deepEqual(errorDetails(unknownCustomer.body).map((d) => d.target), ['SoldToParty']);
    const shipToAsSoldTo = await create(orderBody('PO-C', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { SoldToParty: SHIP_TO }));
    assert.match(shipToAsSoldTo.body.error.message.value, /ship-to party, not a sold-to party/);
    const unknownShipTo = await create(orderBody('PO-C', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { to_Partner: [{ PartnerFunction: 'SH', Customer: '0099999999' }] }));
    assert.deepEqual(errorDetails(unknownShipTo.body).map((d) => d.target), ['to_Partner(1)/Customer']);
    const foreignShipTo = await create(orderBody('PO-C', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { to_Partner: [{ PartnerFunction: 'SH', Customer: '0010200011' }] }));
    assert.match(foreignShipTo.body.error.message.value, /not a ship-to party of sold-to party 0010100001/);
  });

  it('proposes the first ship-to when none is named, and accepts the sold-to as its own ship-to', async () => {
    const proposed = await create(orderBody('PO-P1', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { to_Partner: undefined }));
    assert.equal(proposed.status, 201, proposed.text);
    assert.deepEqual((proposed.body.d.to_Partner.results as Entity[]).map((p) => [p.PartnerFunction, p.Customer]), [
      ['SP', SOLD_TO],
      ['SH', SHIP_TO],
    ]);
    const self = await create(orderBody('PO-P2', [{ Material: 'TG-10001', RequestedQuantity: '1' }], { to_Partner: [{ PartnerFunction: 'SH', Customer: SOLD_TO }] }));
    assert.equal(self.status, 201, self.text);
    assert.deepEqual((self.body.d.to_Partner.results as Entity[]).map((p) => p.Customer), [SOLD_TO, SOLD_TO]);
  });

  it('refuses malformed bodies with 400s, never 500s', async () => {
    const bodies: unknown[] = [
      [],
      {},
      { SoldToParty: SOLD_TO },
      { SoldToParty: SOLD_TO, to_Item: [] },
      { SoldToParty: SOLD_TO, to_Item: {} },
      { SoldToParty: SOLD_TO, to_Item: [null, 5, 'x'] },
      { SoldToParty: 10100001, to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1' }] },
      { SoldToParty: SOLD_TO, to_Item: [{ Material: ['TG-10001'], RequestedQuantity: { x: 1 } }] },
      { SoldToParty: SOLD_TO, RequestedDeliveryDate: 'tomorrow', to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1' }] },
      { SoldToParty: SOLD_TO, SalesOrganization: '9999', to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1' }] },
      { SoldToParty: SOLD_TO, to_Item: [{ SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '1' }, { SalesOrderItem: '10', Material: 'TG-10002', RequestedQuantity: '1' }] },
      { SoldToParty: SOLD_TO, to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1', UnderlyingPurchaseOrderItem: '1234567' }] },
      { SoldToParty: SOLD_TO, to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1e400' }] },
      { SoldToParty: SOLD_TO, to_Partner: 'SH', to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1' }] },
      { SoldToParty: SOLD_TO, to_Partner: [{ PartnerFunction: 'ZZ', Customer: SOLD_TO }], to_Item: [{ Material: 'TG-10001', RequestedQuantity: '1' }] },
      { ['__proto__']: { polluted: true }, SoldToParty: SOLD_TO },
    ];
    for (const body of bodies) {
      const response = await create(body);
      assert.equal(response.status, 400, `${JSON.stringify(body)} answered ${response.status}: ${response.text}`);
      assert.equal(typeof response.body.error.message.value, 'string');
    }
    const token = await client.fetchToken('API_SALES_ORDER_SRV');
    const broken = await client.agent
      .post('/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder')
      .auth('SANDBOX', 'sandbox')
      .set('x-csrf-token', token)
      .set('Content-Type', 'application/json')
      .send('{"SoldToParty": ');
    assert.equal(broken.status, 400);
    assert.match(broken.body.error.message.value, /not valid JSON/);
    const notJson = await client.agent.post('/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder').auth('SANDBOX', 'sandbox').set('x-csrf-token', token).set('Content-Type', 'text/plain').send('hello');
    assert.equal(notJson.status, 415);
  });

  it('lowers available-to-promise at the plant by the order, in eaches', async () => {
    const availability = async (plant: string): Promise<number> => {
      const response = await client.get(`/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?SupplyingPlant='${plant}'&Material='TG-10004'&ATPCheckingRule='A'`).expect(200);
      return Number(response.body.d.results[0].AvailableQuantityInBaseUnit);
    };
    const before1010 = await availability('1010');
    const before1020 = await availability('1020');
    const created = await create(orderBody('PO-ATP', [{ Material: 'TG-10004', RequestedQuantity: '3', RequestedQuantityUnit: 'CS', ProductionPlant: '1010' }]));
    assert.equal(created.status, 201, created.text);
    assert.equal(await availability('1010'), before1010 - 3 * caseSize('TG-10004'));
    assert.equal(await availability('1020'), before1020, 'another plant is untouched');
  });

  describe('simulation', () => {
    it('prices like the order would, with a PPR0 pricing element per item, and stores nothing', async () => {
      const response = await client.post('API_SALES_ORDER_SIMULATION_SRV', '/A_SalesOrderSimulation', {
        SalesOrderType: 'OR',
        SalesOrganization: '1010',
        DistributionChannel: '10',
        OrganizationDivision: '00',
        SoldToParty: '0010100002',
        to_Item: [
          { SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '2', RequestedQuantityUnit: 'CS' },
          { SalesOrderItem: '20', Material: 'TG-10100', RequestedQuantity: '5', RequestedQuantityUnit: 'EA' },
        ],
      });
      assert.equal(response.status, 201, response.text);
      const simulation = response.body.d as Entity;
      assert.equal(simulation.__metadata.type, 'API_SALES_ORDER_SIMULATION_SRV.A_SalesOrderSimulationType');
      assert.equal(simulation.TransactionCurrency, 'USD');
      const items = (simulation.to_Item as { results: Entity[] }).results;
      const first = expectedAmount('0010100002', 'TG-10001', 2 * caseSize('TG-10001'));
      const second = expectedAmount('0010100002', 'TG-10100', 5);
      assert.deepEqual(items.map((i) => [i.SalesOrderItem, i.Material, i.RequestedQuantity, i.RequestedQuantityUnit, i.NetAmount, i.TransactionCurrency]), [
        ['10', 'TG-10001', '2', 'CS', first, 'USD'],
        ['20', 'TG-10100', '5', 'EA', second, 'USD'],
      ]);
      const [pricing] = (items[0]?.to_PricingElement as { results: Entity[] }).results;
      assert.equal(pricing?.ConditionType, 'PPR0');
      assert.equal(pricing?.ConditionRateValue, netPrice(seed, '0010100002', 'TG-10001'));
      assert.equal(pricing?.ConditionCurrency, 'USD');
      assert.equal(pricing?.ConditionQuantity, '1');
      assert.equal(pricing?.ConditionQuantityUnit, 'EA');
      assert.equal(simulation.TotalNetAmount, ((Math.round(Number(first) * 100) + Math.round(Number(second) * 100)) / 100).toFixed(2));
      const orders = await client.get('/API_SALES_ORDER_SRV/A_SalesOrder?$inlinecount=allpages').expect(200);
      assert.equal(orders.body.d.__count, '0');
    });

    it('uses contract prices where a customer has them, and price-list prices elsewhere', async () => {
      const contract = seed.customerPrices.find((p) => p.customerNumber === SOLD_TO);
      assert.ok(contract);
      const listPriced = seed.items.find((i) => !seed.customerPrices.some((p) => p.customerNumber === SOLD_TO && p.material === i.material));
      assert.ok(listPriced);
      const response = await client.post('API_SALES_ORDER_SIMULATION_SRV', '/A_SalesOrderSimulation', {
        SoldToParty: SOLD_TO,
        to_Item: [
          { Material: contract.material, RequestedQuantity: '1' },
          { Material: listPriced.material, RequestedQuantity: '1' },
        ],
      });
      assert.equal(response.status, 201, response.text);
      const [a, b] = (response.body.d.to_Item as { results: Entity[] }).results;
      assert.equal(a?.NetAmount, contract.price);
      assert.equal(b?.NetAmount, (Number(listPriced.listPrice) * (1 - seed.priceLists.A.discountPercent / 100)).toFixed(2));
    });

    it('refuses unknown materials and customers with targets', async () => {
      const response = await client.post('API_SALES_ORDER_SIMULATION_SRV', '/A_SalesOrderSimulation', {
        SoldToParty: '0000000000',
        to_Item: [
          { Material: 'TG-10001', RequestedQuantity: '1' },
          { Material: 'NOPE', RequestedQuantity: '1' },
        ],
      });
      assert.equal(response.status, 400);
      assert.deepEqual(errorDetails(response.body).map((d) => d.target), ['SoldToParty', 'to_Item(2)/Material']);
    });
  });
});
