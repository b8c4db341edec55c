/** Reading the sandbox ERP over HTTP: envelopes and value formats, query options, keys, navigations, $metadata, auth. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { createDistributorSeed } from '../../../sandbox/seed/distributor';
import { erpClient, odata, PASSWORD, USERNAME } from './helpers';

const seed = createDistributorSeed();
const ODATA_DATE = /^\/Date\(-?\d+\)\/$/;

interface Entity {
  __metadata: { id: string; uri: string; type: string };
  [name: string]: unknown;
}

function results(body: unknown): Entity[] {
  return (body as { d: { results: Entity[] } }).d.results;
}

describe('sandbox ERP reads', function () {
  this.timeout(20000);
  const client = erpClient();

  describe('authentication', () => {
    it('answers 401 with a Basic challenge and an OData error without credentials', async () => {
      const response = await request(client.app).get(odata('/API_PRODUCT_SRV/A_Product')).expect(401);
      assert.match(String(response.headers['www-authenticate']), /^Basic realm=/);
      assert.equal(response.body.error.message.lang, 'en');
    });

    it('answers 401 for a wrong password and for a malformed header', async () => {
      await request(client.app).get(odata('/API_PRODUCT_SRV/A_Product')).auth(USERNAME, 'wrong').expect(401);
      await request(client.app).get(odata('/API_PRODUCT_SRV/A_Product')).set('Authorization', 'Basic !!!').expect(401);
      await request(client.app).get(odata('/API_PRODUCT_SRV/A_Product')).set('Authorization', 'Bearer x').expect(401);
    });

    it('accepts the configured pair instead of the default', async () => {
      const custom = erpClient({ credentials: { username: 'GATEWAY', password: 's3cret' } });
      await request(custom.app).get(odata('/API_PRODUCT_SRV/A_Product?$top=1')).auth(USERNAME, PASSWORD).expect(401);
      await request(custom.app).get(odata('/API_PRODUCT_SRV/A_Product?$top=1')).auth('GATEWAY', 's3cret').expect(200);
    });
  });

  describe('business partners', () => {
    it('answers a collection as d.results with __metadata and deferred navigations', async () => {
      const response = await client.get('/API_BUSINESS_PARTNER/A_Customer?$top=2').expect(200).expect('Content-Type', /application\/json/);
      const [first] = results(response.body);
      assert.ok(first);
      assert.equal(response.body.d.__count, undefined);
      assert.equal(first.Customer, '0010100001');
      assert.equal(first.CustomerName, seed.customers[0]?.name);
      assert.equal(first.CustomerAccountGroup, 'CUST');
      assert.equal(first.DeletionIndicator, false);
      assert.equal(first.Country, 'US');
      assert.equal(first.__metadata.type, 'API_BUSINESS_PARTNER.A_CustomerType');
      assert.match(first.__metadata.uri, /\/sap\/opu\/odata\/sap\/API_BUSINESS_PARTNER\/A_Customer\('0010100001'\)$/);
      assert.deepEqual(first.to_CustomerSalesArea, { __deferred: { uri: `${first.__metadata.uri}/to_CustomerSalesArea` } });
    });

    it('counts sold-tos and ship-tos together with $inlinecount=allpages', async () => {
      const total = seed.customers.reduce((sum, customer) => sum + 1 + customer.shipTos.length, 0);
      const response = await client.get('/API_BUSINESS_PARTNER/A_Customer?$top=5&$skip=10&$inlinecount=allpages').expect(200);
      assert.equal(response.body.d.__count, String(total));
      assert.equal(results(response.body).length, 5);
    });

    it('pages with $skip and $top without overlap, in key order', async () => {
      const page1 = results((await client.get('/API_BUSINESS_PARTNER/A_Customer?$top=3').expect(200)).body).map((c) => c.Customer);
      const page2 = results((await client.get('/API_BUSINESS_PARTNER/A_Customer?$top=3&$skip=3').expect(200)).body).map((c) => c.Customer);
      const all = results((await client.get('/API_BUSINESS_PARTNER/A_Customer?$top=6').expect(200)).body).map((c) => c.Customer);
      assert.deepEqual([...page1, ...page2], all);
      assert.deepEqual([...all].sort(), all);
    });

    it('finds a ship-to party as a customer of its own', async () => {
      const response = await client.get("/API_BUSINESS_PARTNER/A_Customer('0010200001')").expect(200);
      assert.equal(response.body.d.Customer, '0010200001');
      assert.equal(response.body.d.CustomerName, seed.customers[0]?.shipTos[0]?.name);
    });

    it('expands sales areas and, nested, their partner functions', async () => {
      const response = await client.get("/API_BUSINESS_PARTNER/A_Customer('0010100003')?$expand=to_CustomerSalesArea/to_PartnerFunction").expect(200);
      const areas = response.body.d.to_CustomerSalesArea.results as Entity[];
      assert.equal(areas.length, 1);
      const area = areas[0] as Entity;
      assert.equal(area.SalesOrganization, '1010');
      assert.equal(area.DistributionChannel, '10');
      assert.equal(area.Division, '00');
      assert.equal(area.CustomerPriceGroup, seed.customers[2]?.priceList);
      assert.equal(area.CustomerPaymentTerms, seed.customers[2]?.paymentTerms);
      const functions = (area.to_PartnerFunction as { results: Entity[] }).results;
      const shipTos = functions.filter((f) => f.PartnerFunction === 'SH').map((f) => f.BPCustomerNumber);
      assert.deepEqual(shipTos, seed.customers[2]?.shipTos.map((s) => s.partnerNumber));
      assert.deepEqual(functions.filter((f) => f.PartnerFunction !== 'SH').map((f) => [f.PartnerFunction, f.BPCustomerNumber]), [
        ['SP', '0010100003'],
        ['BP', '0010100003'],
        ['PY', '0010100003'],
      ]);
    });

    it('follows a deferred navigation URI', async () => {
      const customer = (await client.get("/API_BUSINESS_PARTNER/A_Customer('0010100002')").expect(200)).body.d as Entity;
      const deferred = (customer.to_CustomerSalesArea as { __deferred: { uri: string } }).__deferred.uri;
      const path = new URL(deferred).pathname.replace('/sap/opu/odata/sap', '');
      const response = await client.get(path).expect(200);
      assert.equal(results(response.body)[0]?.Customer, '0010100002');
    });

    it('filters with quotes, and/or and parentheses over HTTP', async () => {
      const filter = encodeURIComponent("(Customer eq '0010100001' or Customer eq '0010100002') and CustomerName ne 'x''y'");
      const response = await client.get(`/API_BUSINESS_PARTNER/A_Customer?$filter=${filter}&$inlinecount=allpages`).expect(200);
      assert.deepEqual(results(response.body).map((c) => c.Customer), ['0010100001', '0010100002']);
      assert.equal(response.body.d.__count, '2');
    });

    it('orders by one property, asc or desc', async () => {
      const response = await client.get('/API_BUSINESS_PARTNER/A_Customer?$orderby=Customer%20desc&$top=2').expect(200);
      const numbers = results(response.body).map((c) => c.Customer as string);
      assert.ok((numbers[0] as string) > (numbers[1] as string));
    });

    it('answers 404 with an OData error for an unknown key', async () => {
      const response = await client.get("/API_BUSINESS_PARTNER/A_Customer('9999999999')").expect(404);
      assert.equal(response.body.error.code, '/IWBEP/CM_MGW_RT/020');
      assert.match(response.body.error.message.value, /A_Customer\('9999999999'\)/);
    });
  });

  describe('products', () => {
    it('serves 240 products with decimals as strings and both units of measure', async () => {
      const response = await client.get("/API_PRODUCT_SRV/A_Product?$top=1&$inlinecount=allpages&$expand=to_Description,to_ProductUnitsOfMeasure").expect(200);
      assert.equal(response.body.d.__count, '240');
      const product = results(response.body)[0] as Entity;
      const item = seed.items[0];
      assert.ok(item);
      assert.equal(product.Product, item.material);
      assert.equal(product.ProductType, 'HAWA');
      assert.equal(product.ProductGroup, item.category);
      assert.equal(product.BaseUnit, 'EA');
      assert.equal(product.GrossWeight, item.weightKg);
      assert.equal(typeof product.GrossWeight, 'string');
      assert.equal(product.WeightUnit, 'KG');
      assert.equal(product.ProductStandardID, item.gtin);
      assert.equal(product.IsMarkedForDeletion, false);
      assert.deepEqual((product.to_Description as { results: Entity[] }).results.map((d) => [d.Language, d.ProductDescription]), [['EN', item.description]]);
      const units = (product.to_ProductUnitsOfMeasure as { results: Entity[] }).results;
      assert.deepEqual(
        units.map((u) => [u.AlternativeUnit, u.QuantityNumerator, u.QuantityDenominator, u.GlobalTradeItemNumber]),
        [
          ['EA', '1', '1', item.gtin],
          ['CS', String(item.caseSize), '1', item.caseGtin],
        ],
      );
    });

    it('finds a product by case GTIN through A_ProductUnitsOfMeasure', async () => {
      const item = seed.items[41];
      assert.ok(item);
      const response = await client.get(`/API_PRODUCT_SRV/A_ProductUnitsOfMeasure?$filter=${encodeURIComponent(`GlobalTradeItemNumber eq '${item.caseGtin}'`)}`).expect(200);
      assert.deepEqual(results(response.body).map((u) => [u.Product, u.AlternativeUnit]), [[item.material, 'CS']]);
    });

    it('filters on ProductGroup, ProductStandardID and startswith(Product)', async () => {
      const gloves = seed.items.filter((i) => i.category === 'Gloves').length;
      const byGroup = await client.get(`/API_PRODUCT_SRV/A_Product?$filter=${encodeURIComponent("ProductGroup eq 'Gloves'")}&$inlinecount=allpages&$top=0`).expect(200);
      assert.equal(byGroup.body.d.__count, String(gloves));
      assert.deepEqual(results(byGroup.body), []);
      const item = seed.items[7];
      assert.ok(item);
      const byGtin = await client.get(`/API_PRODUCT_SRV/A_Product?$filter=${encodeURIComponent(`ProductStandardID eq '${item.gtin}'`)}`).expect(200);
      assert.deepEqual(results(byGtin.body).map((p) => p.Product), [item.material]);
      const prefix = await client.get(`/API_PRODUCT_SRV/A_Product?$filter=${encodeURIComponent("startswith(Product,'TG-1001')")}&$inlinecount=allpages`).expect(200);
      assert.equal(prefix.body.d.__count, '10');
    });

    it('answers $count as plain text', async () => {
      const response = await client.get(`/API_PRODUCT_SRV/A_Product/$count?$filter=${encodeURIComponent("ProductGroup eq 'Paper'")}`).expect(200);
      assert.equal(response.text, String(seed.items.filter((i) => i.category === 'Paper').length));
    });

    it('addresses composite keys by name', async () => {
      const response = await client.get("/API_PRODUCT_SRV/A_ProductUnitsOfMeasure(Product='TG-10001',AlternativeUnit='CS')").expect(200);
      assert.equal(response.body.d.QuantityNumerator, String(seed.items[0]?.caseSize));
      await client.get("/API_PRODUCT_SRV/A_ProductUnitsOfMeasure('TG-10001')").expect(400);
      await client.get("/API_PRODUCT_SRV/A_ProductUnitsOfMeasure(Product='TG-10001')").expect(400);
    });
  });

  describe('bad requests answer OData 400s, never 500s', () => {
    const badFilters = ["Product eq 'TG", 'Product eq', "Product gt 'A'", "Nope eq 'x'", "((Product eq 'a')", "Product eq 'a' and or", 'Product eq 1', "substringof(Product,'x')", '@@@'];
    for (const filter of badFilters) {
      it(`refuses $filter=${filter}`, async () => {
        const response = await client.get(`/API_PRODUCT_SRV/A_Product?$filter=${encodeURIComponent(filter)}`).expect(400);
        assert.match(response.body.error.message.value, /Invalid \$filter/);
        assert.equal(response.body.error.innererror.errordetails.length, 1);
      });
    }

    const badUrls = [
      '/API_PRODUCT_SRV/A_Product?$top=-1',
      '/API_PRODUCT_SRV/A_Product?$top=abc',
      '/API_PRODUCT_SRV/A_Product?$skip=1.5',
      '/API_PRODUCT_SRV/A_Product?$inlinecount=some',
      '/API_PRODUCT_SRV/A_Product?$expand=to_Nothing',
      '/API_PRODUCT_SRV/A_Product?$orderby=Nope',
      '/API_PRODUCT_SRV/A_Product?$orderby=Product%20sideways',
      '/API_PRODUCT_SRV/A_Product?$top=1&$top=2',
      '/API_PRODUCT_SRV/A_Product?$bogus=1',
      '/API_PRODUCT_SRV/A_Product?$format=xml',
      "/API_PRODUCT_SRV/A_Product('unterminated)",
      '/API_PRODUCT_SRV/A_Product(1)',
      '/API_PRODUCT_SRV/A_Product%E0%A4%A',
      "/API_PRODUCT_SRV/A_Product('TG-10001')/to_Description/extra/deep",
      '/API_PRODUCT_SRV/A_Product/to_Description',
      '/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?SupplyingPlant=1010&Material=%27TG-10001%27&ATPCheckingRule=%27A%27',
      '/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?Material=%27TG-10001%27',
    ];
    for (const url of badUrls) {
      it(`refuses ${url}`, async () => {
        const response = await client.get(url);
        assert.equal(response.status, 400, `${url} answered ${response.status}: ${response.text}`);
        assert.equal(typeof response.body.error.message.value, 'string');
      });
    }

    it('answers random paths and query strings with 2xx or 4xx, never 5xx', async () => {
      let state = 4242;
      const random = (n: number): number => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state % n;
      };
      const segments = ['API_PRODUCT_SRV', 'API_SALES_ORDER_SRV', 'A_Product', "A_Product('TG-10001')", 'A_Product(', "A_SalesOrder('1')", '$metadata', '$count', 'to_Description', '%ZZ', '%27', "(Product='x',Product='y')", '', '..', 'DetermineAvailabilityOf'];
      const queries = ['', '$top=1', '$expand=to_Description/to_Product', '$filter=' + encodeURIComponent("Product eq 'x'"), '$filter=%28', '$orderby=Product%20desc', '$inlinecount=allpages', 'Material=%27x', '$skip=99999', '$expand=,,'];
      for (let i = 0; i < 150; i += 1) {
        const path = Array.from({ length: 1 + random(4) }, () => segments[random(segments.length)]).join('/');
        const query = queries[random(queries.length)];
        const response = await client.get(`/${path}${query ? `?${query}` : ''}`);
        assert.ok(response.status < 500, `/${path}?${query} answered ${response.status}: ${response.text}`);
      }
    });

    it('answers 404 for unknown services, sets and navigations', async () => {
      assert.equal((await client.get('/API_NOPE_SRV/A_Product').expect(404)).body.error.code, '/IWFND/MED/170');
      await client.get('/API_PRODUCT_SRV/A_Nothing').expect(404);
      await client.get("/API_PRODUCT_SRV/A_Product('TG-10001')/to_Nothing").expect(404);
      await request(client.app).get('/elsewhere').expect(404);
    });

    it('answers 405 for methods the sandbox does not serve', async () => {
      const token = await client.fetchToken('API_PRODUCT_SRV');
      const response = await client.agent.delete(odata("/API_PRODUCT_SRV/A_Product('TG-10001')")).auth(USERNAME, PASSWORD).set('x-csrf-token', token).expect(405);
      assert.equal(typeof response.body.error.code, 'string');
      await client.agent.post(odata('/API_PRODUCT_SRV/A_Product')).auth(USERNAME, PASSWORD).set('x-csrf-token', token).send({}).expect(405);
    });
  });

  describe('service documents and $metadata', () => {
    it('lists entity sets in the service document', async () => {
      const response = await client.get('/API_SALES_ORDER_SRV/').expect(200);
      assert.deepEqual(response.body.d.EntitySets, ['A_SalesOrder', 'A_SalesOrderItem', 'A_SalesOrderHeaderPartner']);
    });

    const services: Record<string, string[]> = {
      API_BUSINESS_PARTNER: ['A_Customer', 'A_CustomerSalesArea', 'A_CustSalesPartnerFunc'],
      API_PRODUCT_SRV: ['A_Product', 'A_ProductDescription', 'A_ProductUnitsOfMeasure'],
      API_SALES_ORDER_SIMULATION_SRV: ['A_SalesOrderSimulation', 'A_SalesOrderItemSimulation', 'A_SalesOrderItmPrcgElmntSimln'],
      API_PRODUCT_AVAILY_INFO_BASIC: [],
      API_SALES_ORDER_SRV: ['A_SalesOrder', 'A_SalesOrderItem', 'A_SalesOrderHeaderPartner'],
      API_BILLING_DOCUMENT_SRV: ['A_BillingDocument', 'A_BillingDocumentItem'],
    };
    for (const [service, sets] of Object.entries(services)) {
      it(`serves a well-formed EDMX for ${service}`, async () => {
        const response = await client.get(`/${service}/$metadata`).expect(200).expect('Content-Type', /application\/xml/);
        const xml = response.text;
        assertWellFormed(xml);
        assert.match(xml, new RegExp(`<Schema Namespace="${service}"`));
        const declaredSets = [...xml.matchAll(/<EntitySet Name="([^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(declaredSets, sets);
        // Every navigation's relationship is declared, and every association has its set.
        for (const [, relationship] of xml.matchAll(/Relationship="[^".]+\.([^"]+)"/g)) {
          assert.match(xml, new RegExp(`<Association Name="${relationship}"`));
          assert.match(xml, new RegExp(`<AssociationSet Name="${relationship}"`));
        }
      });
    }

    it('declares the availability function import and its result type', async () => {
      const xml = (await client.get('/API_PRODUCT_AVAILY_INFO_BASIC/$metadata').expect(200)).text;
      assert.match(xml, /<FunctionImport Name="DetermineAvailabilityOf" ReturnType="Collection\(API_PRODUCT_AVAILY_INFO_BASIC.AvailabilityRecord\)" m:HttpMethod="GET">/);
      assert.match(xml, /<ComplexType Name="AvailabilityRecord">/);
    });

    it('publishes every property the entities carry', async () => {
      const xml = (await client.get('/API_BUSINESS_PARTNER/$metadata').expect(200)).text;
      const customer = (await client.get("/API_BUSINESS_PARTNER/A_Customer('0010100001')").expect(200)).body.d as Entity;
      const type = /<EntityType Name="A_CustomerType"[\s\S]*?<\/EntityType>/.exec(xml)?.[0] ?? '';
      const declared = [...type.matchAll(/<(?:Property|NavigationProperty) Name="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(declared, Object.keys(customer).filter((key) => key !== '__metadata'));
    });
  });

  describe('availability', () => {
    const availability = (plant: string, material: string): request.Test =>
      client.get(`/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?SupplyingPlant='${plant}'&Material='${material}'&ATPCheckingRule='A'`);

    it('answers on hand − committed as the first period for a healthy item', async () => {
      const stock = seed.stock.find((s) => s.warehouseId === '1010' && s.material === 'TG-10001');
      assert.ok(stock);
      const response = await availability('1010', 'TG-10001').expect(200);
      const records = results(response.body);
      assert.equal(records.length, 1);
      const [now] = records;
      assert.ok(now);
      assert.equal(now.AvailableQuantityInBaseUnit, String(stock.onHand - stock.committed));
      assert.equal(now.BaseUnit, 'EA');
      assert.match(String(now.PeriodStartUTCDateTime), ODATA_DATE);
      assert.equal(now.__metadata.type, 'API_PRODUCT_AVAILY_INFO_BASIC.AvailabilityRecord');
    });

    it('adds a future period with the replenishment for an item out of stock', async () => {
      const item = seed.items[9];
      assert.ok(item);
      assert.ok(seed.stock.filter((s) => s.material === item.material).every((s) => s.onHand === 0));
      const response = await availability('1020', item.material).expect(200);
      const [now, later] = results(response.body);
      assert.ok(now && later);
      assert.equal(now.AvailableQuantityInBaseUnit, '0');
      assert.ok(Number(later.AvailableQuantityInBaseUnit) > 0);
      assert.equal(Number(later.AvailableQuantityInBaseUnit) % item.caseSize, 0);
      const start = (value: unknown): number => Number(/\d+/.exec(String(value))?.[0]);
      assert.ok(start(later.PeriodStartUTCDateTime) > start(now.PeriodStartUTCDateTime));
      assert.ok(start(now.PeriodEndUTCDateTime) < start(later.PeriodStartUTCDateTime));
      // Deterministic: asking again answers the same periods.
      assert.deepEqual(results((await availability('1020', item.material).expect(200)).body), [now, later]);
    });

    it('answers 404 for an unknown plant or material', async () => {
      await availability('9999', 'TG-10001').expect(404);
      await availability('1010', 'NOPE').expect(404);
    });
  });
});

/** A small well-formedness check: tags nest and close, attributes are quoted. Enough to catch a broken template. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<\?xml[^>]*\?>/g;
  let position = 0;
  for (const match of xml.matchAll(tag)) {
    assert.equal(xml.slice(position, match.index).trim(), '', `unexpected text before ${match[0]}`);
    position = (match.index ?? 0) + match[0].length;
    if (match[0].startsWith('<?')) continue;
    const [, closing, name, , selfClosing] = match;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) stack.push(name as string);
  }
  assert.equal(xml.slice(position).trim(), '');
  assert.deepEqual(stack, []);
}
