/** The S/4HANA adapter's pure parts, no server: OData values, URL building, error mapping, CSRF helpers, mappers. */
import assert from 'node:assert/strict';
import { GatewayError } from '../../../gateway/errors';
import { PlatformResponseError } from '../../../gateway/http/platform-client';
import { cookieHeader, CsrfSession, isCsrfRequired, readCsrfToken, type CsrfToken } from '../../../apis/system/erp/adapters/s4hana/csrf-session';
import {
  billingDocumentEntity,
  collection,
  customerEntity,
  deliveryHeaderEntity,
  partnerFunctionEntity,
  productEntity,
  salesOrderEntity,
  single,
} from '../../../apis/system/erp/adapters/s4hana/entities';
import { KeyedLock } from '../../../apis/system/erp/adapters/s4hana/keyed-lock';
import { isGoodsIssuePosted, toAvailability, toCustomer, toGoodsIssue, toInvoice, toItem, toSalesOrder, toSalesOrderStatus } from '../../../apis/system/erp/adapters/s4hana/mappers';
import { mapErpError, parseODataError } from '../../../apis/system/erp/adapters/s4hana/odata-errors';
import { and, anyOf, entityPath, eq, or, queryString, quoteLiteral } from '../../../apis/system/erp/adapters/s4hana/odata-query';
import {
  addDecimals,
  decimalsEqual,
  divideDecimals,
  isoDateToOData,
  normaliseAmount,
  normaliseQuantity,
  odataDateToIsoDate,
  odataDateToIsoDateTime,
  parseODataDate,
  stripLeadingZeros,
} from '../../../apis/system/erp/adapters/s4hana/odata-values';
import {
  deliveryFieldOf,
  documentNumberForms,
  externalDeliveryId,
  gtinForms,
  salesOrderFieldOf,
  toDeliveryBody,
  toSalesOrderBody,
} from '../../../apis/system/erp/adapters/s4hana/requests';
import type { SalesOrderCreate } from '../../../apis/system/erp/v1/models';

const AREA = { salesOrganization: '1010', distributionChannel: '10', division: '00' };

function odataError(status: number, message: string, details: Array<Record<string, string>> = [], headers: Record<string, unknown> = {}): PlatformResponseError {
  return new PlatformResponseError('ERP', status, { error: { code: 'SY/530', message: { lang: 'en', value: message }, innererror: { errordetails: details } } }, headers);
}

describe('system/erp s4hana: OData values', () => {
  it('reads /Date(ms)/ and /Date(ms+offset)/ as UTC instants and dates', () => {
    assert.equal(parseODataDate('/Date(1764288000000)/').toISOString(), '2025-11-28T00:00:00.000Z');
    assert.equal(parseODataDate('/Date(1764288000000+0060)/').toISOString(), '2025-11-28T00:00:00.000Z');
    assert.equal(odataDateToIsoDate('/Date(1764331200000)/'), '2025-11-28');
    assert.equal(odataDateToIsoDateTime('/Date(1764331200000)/'), '2025-11-28T12:00:00.000Z');
    assert.equal(odataDateToIsoDate(null), undefined);
    assert.equal(odataDateToIsoDate(''), undefined);
    assert.throws(() => parseODataDate('2025-11-28'), TypeError);
  });

  it('writes an ISO date as midnight UTC and refuses impossible dates', () => {
    assert.equal(isoDateToOData('2025-11-28'), '/Date(1764288000000)/');
    assert.equal(odataDateToIsoDate(isoDateToOData('2026-02-28')), '2026-02-28');
    assert.throws(() => isoDateToOData('2026-02-30'), TypeError);
    assert.throws(() => isoDateToOData('28.11.2026'), TypeError);
  });

  it('keeps decimals exact: quantities lose trailing zeros, amounts keep two places', () => {
    assert.equal(normaliseQuantity('2.000'), '2');
    assert.equal(normaliseQuantity('1.500'), '1.5');
    assert.equal(normaliseQuantity('0.000'), '0');
    assert.equal(normaliseQuantity('-3.10'), '-3.1');
    assert.equal(normaliseAmount('246.6'), '246.60');
    assert.equal(normaliseAmount('12'), '12.00');
    assert.equal(normaliseAmount('0.125'), '0.125');
    assert.equal(addDecimals('0.10', '0.2'), '0.30');
    assert.equal(addDecimals('9007199254740993.01', '0.99'), '9007199254740994.00');
    assert.equal(divideDecimals('10', '1'), '10');
    assert.equal(divideDecimals('25', '2'), '12.5');
    assert.equal(divideDecimals('1', '3', 3), '0.333');
    assert.equal(divideDecimals('2', '3', 3), '0.667');
    assert.equal(divideDecimals('-1', '8'), '-0.125');
    assert.throws(() => divideDecimals('1', '0'), RangeError);
    assert.ok(decimalsEqual('12', '12.000'));
    assert.ok(!decimalsEqual('12', '12.5'));
    assert.throws(() => normaliseQuantity('12,5'), TypeError);
    assert.equal(stripLeadingZeros('000010'), '10');
    assert.equal(stripLeadingZeros('000'), '0');
    assert.equal(stripLeadingZeros('TG-0001'), 'TG-0001');
  });
});

describe('system/erp s4hana: OData URLs', () => {
  it('doubles single quotes so a value can never leave its literal', () => {
    assert.equal(quoteLiteral("O'Neil"), "'O''Neil'");
    const attack = "PO-1' or SoldToParty ne 'x";
    const filter = and(eq('SoldToParty', '0010100001'), eq('PurchaseOrderByCustomer', attack));
    assert.equal(filter, "SoldToParty eq '0010100001' and PurchaseOrderByCustomer eq 'PO-1'' or SoldToParty ne ''x'");
    // Outside the literals only the clauses we wrote remain.
    const outside = filter.replace(/'(?:[^']|'')*'/g, 'L');
    assert.equal(outside, 'SoldToParty eq L and PurchaseOrderByCustomer eq L');
  });

  it('parenthesises compound clauses and deduplicates alternatives', () => {
    assert.equal(anyOf('Product', ['A', 'B', 'A']), "Product eq 'A' or Product eq 'B'");
    assert.equal(and(or(eq('A', 'x'), eq('A', 'y')), eq('B', 'z')), "(A eq 'x' or A eq 'y') and B eq 'z'");
    assert.throws(() => eq("Customer eq '1' or Customer", 'x'), TypeError);
  });

  it('percent-encodes keys and query values but keeps the OData syntax readable', () => {
    assert.equal(entityPath('A_Product', 'TG-10001'), "A_Product('TG-10001')");
    assert.equal(entityPath('A_Product', "a/b?c#d'e"), "A_Product('a%2Fb%3Fc%23d''e')");
    const query = queryString(
      { filter: "Product eq 'A B'", top: 5, skip: 10, count: true, expand: ['to_Description', 'to_ProductUnitsOfMeasure'], orderBy: 'Product asc' },
      { 'sap-client': '100' },
    );
    assert.equal(
      query,
      "$filter=Product%20eq%20'A%20B'&$orderby=Product%20asc&$top=5&$skip=10&$inlinecount=allpages&$expand=to_Description%2Cto_ProductUnitsOfMeasure&sap-client=100",
    );
    assert.equal(queryString({ parameters: { Material: quoteLiteral('TG&1') } }), "Material='TG%261'");
  });

  it('finds every written form of a GTIN', () => {
    assert.deepEqual(gtinForms('0614141000012').sort(), ['00614141000012', '0614141000012', '614141000012'].sort());
    assert.deepEqual(gtinForms('10614141000019'), ['10614141000019']);
    assert.ok(gtinForms('00012345').includes('00000000012345'));
  });
});

describe('system/erp s4hana: OData errors', () => {
  it('reads an OData error body and ignores what is not one', () => {
    const body = parseODataError({
      error: { code: 'ZSBX/005', message: { lang: 'en', value: 'Material X does not exist' }, innererror: { errordetails: [{ code: 'ZSBX/005', message: 'Material X does not exist', target: 'to_Item(1)/Material', severity: 'error' }] } },
    });
    assert.deepEqual(body, { code: 'ZSBX/005', message: 'Material X does not exist', details: [{ code: 'ZSBX/005', message: 'Material X does not exist', target: 'to_Item(1)/Material', severity: 'error' }] });
    assert.equal(parseODataError('<html>'), undefined);
    assert.equal(parseODataError({ message: 'x' }), undefined);
  });

  it('maps 404 to the call\'s not-found, and without one to a 502', () => {
    const mapped = mapErpError(odataError(404, 'Resource not found'), { subject: 'x', notFound: () => new GatewayError('ERR_NOT_FOUND', 'Item y does not exist') });
    assert.ok(mapped instanceof GatewayError);
    assert.equal(mapped.code, 'ERR_NOT_FOUND');
    assert.equal((mapErpError(odataError(404, 'nope'), { subject: 'x' }) as GatewayError).code, 'ERR_PLATFORM_BAD_GATEWAY');
  });

  it('maps a business 400 to 422 naming the translated field, and a query 400 to 502', () => {
    const error = odataError(400, 'Material TG-9 does not exist', [{ code: 'ZSBX/005', message: 'Material TG-9 does not exist', target: 'to_Item(2)/Material', severity: 'error' }]);
    const mapped = mapErpError(error, { subject: 'the order', businessErrors: true, fieldOf: (target) => (target === 'to_Item(2)/Material' ? 'body.lines.1.material' : undefined) }) as GatewayError;
    assert.equal(mapped.code, 'ERR_UNPROCESSABLE');
    assert.equal(mapped.status, 422);
    assert.match(mapped.message, /body\.lines\.1\.material/);
    assert.deepEqual(mapped.fields, [{ name: 'body.lines.1.material', message: 'Material TG-9 does not exist' }]);
    const untranslated = mapErpError(error, { subject: 'the order', businessErrors: true }) as GatewayError;
    assert.match(untranslated.message, /to_Item\(2\)\/Material/);
    assert.equal((mapErpError(odataError(400, 'Invalid $filter'), { subject: 'q' }) as GatewayError).code, 'ERR_PLATFORM_BAD_GATEWAY');
  });

  it('maps 401 and 403 from the ERP to 502: our configuration, not the caller\'s fault', () => {
    for (const status of [401, 403]) {
      const mapped = mapErpError(odataError(status, 'no'), { subject: 'x', notFound: () => new GatewayError('ERR_NOT_FOUND', 'n') }) as GatewayError;
      assert.equal(mapped.code, 'ERR_PLATFORM_BAD_GATEWAY');
      assert.equal(mapped.status, 502);
    }
  });

  it('passes gateway errors (timeouts, 5xx) through untouched', () => {
    const timeout = new GatewayError('ERR_PLATFORM_TIMEOUT', 'slow');
    assert.equal(mapErpError(timeout, { subject: 'x' }), timeout);
  });
});

describe('system/erp s4hana: CSRF helpers', () => {
  it('turns Set-Cookie lines into a Cookie header', () => {
    assert.equal(cookieHeader(['SAP_SESSIONID=abc; Path=/; HttpOnly', 'sap-usercontext=sap-client=100; path=/']), 'SAP_SESSIONID=abc; sap-usercontext=sap-client=100');
    assert.equal(cookieHeader(undefined), '');
  });

  it('reads a fetched token and refuses an answer without one', () => {
    assert.deepEqual(readCsrfToken('S', { 'x-csrf-token': 'tok', 'set-cookie': ['s=1; Path=/'] }), { token: 'tok', cookie: 's=1' });
    assert.throws(() => readCsrfToken('S', {}), (error: unknown) => error instanceof GatewayError && error.code === 'ERR_PLATFORM_BAD_GATEWAY');
  });

  it('knows a 403 "Required" from any other 403', () => {
    assert.ok(isCsrfRequired(odataError(403, 'CSRF token validation failed', [], { 'x-csrf-token': 'Required' })));
    assert.ok(!isCsrfRequired(odataError(403, 'Not authorised')));
    assert.ok(!isCsrfRequired(new Error('x')));
  });

  it('shares one fetch between concurrent callers, refetches once on "Required", and gives up after that', async () => {
    let fetches = 0;
    const session = new CsrfSession(async () => {
      fetches += 1;
      return { headers: { 'x-csrf-token': `t${fetches}` } };
    });
    const [a, b] = await Promise.all([session.token('S'), session.token('S')]);
    assert.equal(fetches, 1);
    assert.equal(a, b);
    const required = odataError(403, 'CSRF token validation failed', [], { 'x-csrf-token': 'Required' });
    const used: string[] = [];
    const result = await session.send('S', async (token: CsrfToken) => {
      used.push(token.token);
      if (token.token === 't1') throw required;
      return 'ok';
    });
    assert.equal(result, 'ok');
    assert.deepEqual(used, ['t1', 't2']);
    await assert.rejects(
      session.send('S', async () => {
        throw required;
      }),
      (error: unknown) => error === required,
    );
    assert.equal(fetches, 3);
  });
});

describe('system/erp s4hana: mappers', () => {
  const customer = single(customerEntity).parse({
    d: {
      __metadata: { id: 'x', uri: 'x', type: 'API_BUSINESS_PARTNER.A_CustomerType' },
      Customer: '0010100001',
      CustomerName: 'Globex Facilities Group',
      CustomerAccountGroup: 'CUST',
      DeletionIndicator: false,
      StreetName: '4951 Logistics Way',
      CityName: 'Columbus',
      PostalCode: '43215',
      Region: 'OH',
      Country: 'US',
      to_CustomerSalesArea: {
        results: [
          { SalesOrganization: '2020', DistributionChannel: '10', Division: '00', Currency: 'EUR', CustomerPaymentTerms: 'NT45', CustomerPriceGroup: 'C' },
          {
            SalesOrganization: '1010',
            DistributionChannel: '10',
            Division: '00',
            Currency: 'USD',
            CustomerPaymentTerms: 'NT30',
            CustomerPriceGroup: 'A',
            to_PartnerFunction: {
              results: [
                { PartnerFunction: 'SP', BPCustomerNumber: '0010100001', PartnerCounter: '0' },
                { PartnerFunction: 'SH', BPCustomerNumber: '0010200002', PartnerCounter: '2' },
                { PartnerFunction: 'SH', BPCustomerNumber: '0010200001', PartnerCounter: '1' },
                { PartnerFunction: 'SH', BPCustomerNumber: '0010200009', PartnerCounter: '3' },
              ],
            },
          },
        ],
      },
    },
  }).d;

  it('maps a customer with the sales area\'s terms and its ship-to parties in partner order', () => {
    const shipTo = (number: string, name: string) =>
      single(customerEntity).parse({ d: { Customer: number, CustomerName: name, StreetName: '1 Main St', CityName: 'Dallas', Region: 'TX', PostalCode: '75201', Country: 'US' } }).d;
    const parties = new Map([
      ['0010200001', shipTo('0010200001', 'Main DC')],
      ['0010200002', shipTo('0010200002', 'Site 2')],
    ]);
    const area = customer.to_CustomerSalesArea?.[1];
    const mapped = toCustomer(customer, area, parties);
    assert.equal(mapped.currency, 'USD');
    assert.equal(mapped.paymentTerms, 'NT30');
    assert.equal(mapped.priceList, 'A');
    assert.deepEqual(mapped.address, { name: 'Globex Facilities Group', lines: ['4951 Logistics Way'], city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' });
    // 0010200009 has no customer record: left out rather than shown half-empty.
    assert.deepEqual(
      mapped.shipTos.map((party) => [party.partnerNumber, party.name, party.address.city]),
      [
        ['0010200001', 'Main DC', 'Dallas'],
        ['0010200002', 'Site 2', 'Dallas'],
      ],
    );
  });

  it('maps a product: description in English, base unit first, case pack size and GTINs, weight in kg', () => {
    const product = single(productEntity).parse({
      d: {
        Product: 'TG-10001',
        ProductType: 'HAWA',
        ProductGroup: 'Gloves',
        BaseUnit: 'EA',
        GrossWeight: '1.452',
        WeightUnit: 'KG',
        ProductStandardID: '0614141000012',
        to_Description: { results: [{ Language: 'DE', ProductDescription: 'Handschuhe' }, { Language: 'EN', ProductDescription: 'Nitrile Exam Gloves' }] },
        to_ProductUnitsOfMeasure: {
          results: [
            { AlternativeUnit: 'CS', QuantityNumerator: '10', QuantityDenominator: '1', GlobalTradeItemNumber: '10614141000019' },
            { AlternativeUnit: 'EA', QuantityNumerator: '1', QuantityDenominator: '1', GlobalTradeItemNumber: '0614141000012' },
            { AlternativeUnit: 'PL', QuantityNumerator: '1440', QuantityDenominator: '1', GlobalTradeItemNumber: '' },
          ],
        },
      },
    }).d;
    assert.deepEqual(toItem(product), {
      material: 'TG-10001',
      description: 'Nitrile Exam Gloves',
      category: 'Gloves',
      baseUnit: 'EA',
      gtin: '0614141000012',
      units: [
        { uom: 'EA', packSize: '1', gtin: '0614141000012' },
        { uom: 'CS', packSize: '10', gtin: '10614141000019' },
        { uom: 'PL', packSize: '1440' },
      ],
      grossWeightKg: '1.452',
    });
    const grams = toItem({ ...product, GrossWeight: '250', WeightUnit: 'G', to_Description: undefined, to_ProductUnitsOfMeasure: undefined });
    assert.equal(grams.grossWeightKg, '0.25');
    assert.equal(grams.description, 'TG-10001');
    assert.deepEqual(grams.units, [{ uom: 'EA', packSize: '1', gtin: '0614141000012' }]);
    assert.equal(toItem({ ...product, WeightUnit: 'LB' }).grossWeightKg, undefined);
  });

  it('maps ATP periods: the first is available now, later ones are replenishments', () => {
    const asOf = new Date('2026-11-28T09:30:00.000Z');
    const availability = toAvailability(
      'TG-10001',
      '1010',
      'EA',
      [
        { PeriodStartUTCDateTime: '/Date(1764288000000)/', AvailableQuantityInBaseUnit: '2496.000', BaseUnit: 'EA' },
        { PeriodStartUTCDateTime: '/Date(1764720000000)/', AvailableQuantityInBaseUnit: '2400', BaseUnit: 'EA' },
      ],
      asOf,
    );
    assert.deepEqual(availability, {
      material: 'TG-10001',
      plant: '1010',
      available: '2496',
      uom: 'EA',
      asOf: '2026-11-28T09:30:00.000Z',
      future: [{ from: '2025-12-03T00:00:00.000Z', quantity: '2400' }],
    });
    assert.deepEqual(toAvailability('TG-1', '1020', 'EA', [], asOf), { material: 'TG-1', plant: '1020', available: '0', uom: 'EA', asOf: asOf.toISOString(), future: [] });
  });

  it('maps a sales order with its ship-to, verbatim line numbers and status', () => {
    const entity = single(salesOrderEntity).parse({
      d: {
        SalesOrder: '1000001',
        SoldToParty: '0010100001',
        PurchaseOrderByCustomer: 'PO-1',
        CustomerPurchaseOrderDate: '/Date(1764288000000)/',
        RequestedDeliveryDate: null,
        CreationDate: '/Date(1764288000000)/',
        OverallSDProcessStatus: 'A',
        TotalNetAmount: '212.4',
        TransactionCurrency: 'USD',
        to_Partner: { results: [{ PartnerFunction: 'SP', Customer: '0010100001' }, { PartnerFunction: 'SH', Customer: '0010200001' }] },
        to_Item: {
          results: [
            {
              SalesOrderItem: '000010',
              Material: 'TG-10001',
              SalesOrderItemText: 'Gloves',
              RequestedQuantity: '2.000',
              RequestedQuantityUnit: 'CS',
              NetAmount: '212.40',
              TransactionCurrency: 'USD',
              ProductionPlant: '1010',
              UnderlyingPurchaseOrderItem: '0001',
            },
          ],
        },
      },
    }).d;
    assert.deepEqual(toSalesOrder(entity), {
      salesOrderNumber: '1000001',
      customerNumber: '0010100001',
      shipTo: '0010200001',
      purchaseOrderNumber: 'PO-1',
      purchaseOrderDate: '2025-11-28',
      createdOn: '2025-11-28',
      status: 'OPEN',
      netAmount: { amount: '212.40', currency: 'USD' },
      lines: [
        {
          itemNumber: '10',
          lineNumber: '0001',
          material: 'TG-10001',
          description: 'Gloves',
          quantity: { value: '2', uom: 'CS' },
          plant: '1010',
          netAmount: { amount: '212.40', currency: 'USD' },
        },
      ],
    });
    assert.equal(toSalesOrderStatus('B'), 'IN_PROCESS');
    assert.equal(toSalesOrderStatus('C'), 'COMPLETED');
    assert.equal(toSalesOrderStatus(''), 'OPEN');
  });

  it('maps a billing document to an invoice whose total is net + tax, exactly', () => {
    const document = single(billingDocumentEntity).parse({
      d: {
        BillingDocument: '90000001',
        BillingDocumentType: 'F2',
        BillingDocumentDate: '/Date(1764288000000)/',
        SoldToParty: '0010100001',
        TotalNetAmount: '0.10',
        TotalTaxAmount: '0.20',
        TransactionCurrency: 'USD',
        CustomerPaymentTerms: 'NT30',
        PurchaseOrderByCustomer: 'PO-1',
        to_Item: {
          results: [
            { BillingDocument: '90000001', BillingDocumentItem: '10', SalesDocument: '1000001', SalesDocumentItem: '10', Material: 'TG-10001', BillingQuantity: '2', BillingQuantityUnit: 'CS', NetAmount: '0.10', TransactionCurrency: 'USD' },
          ],
        },
      },
    }).d;
    const invoice = toInvoice(document, '1000001');
    assert.deepEqual(invoice.totalAmount, { amount: '0.30', currency: 'USD' });
    assert.deepEqual(invoice.lines, [{ itemNumber: '10', salesOrderItem: '10', material: 'TG-10001', quantity: { value: '2', uom: 'CS' }, netAmount: { amount: '0.10', currency: 'USD' } }]);
    assert.equal(invoice.invoiceDate, '2025-11-28');
    assert.equal(invoice.purchaseOrderNumber, 'PO-1');
  });

  it('refuses an unreadable entity with the property named', () => {
    const result = single(salesOrderEntity).safeParse({ d: { SalesOrder: '1', SoldToParty: '2', CreationDate: 'yesterday', TotalNetAmount: '1', TransactionCurrency: 'USD' } });
    assert.ok(!result.success);
    assert.deepEqual(result.error.issues[0]?.path, ['d', 'CreationDate']);
  });
});

describe('system/erp s4hana: sales order requests', () => {
  it('builds the deep insert: sales area, dates at midnight UTC, ship-to partner, items with verbatim line numbers', () => {
    const body = toSalesOrderBody(
      {
        customerNumber: '0010100001',
        shipTo: '0010200001',
        purchaseOrderNumber: "PO-O'1",
        purchaseOrderDate: '2025-11-28',
        lines: [
          { lineNumber: '0001', material: 'TG-10001', quantity: { value: '2', uom: 'CS', packSize: '10' }, plant: '1020' },
          { lineNumber: 'A-2', material: 'TG-10002', quantity: { value: '1.5', uom: 'EA' } },
        ],
      },
      AREA,
    );
    assert.deepEqual(body, {
      SalesOrderType: 'OR',
      SalesOrganization: '1010',
      DistributionChannel: '10',
      OrganizationDivision: '00',
      SoldToParty: '0010100001',
      PurchaseOrderByCustomer: "PO-O'1",
      CustomerPurchaseOrderDate: '/Date(1764288000000)/',
      to_Partner: [{ PartnerFunction: 'SH', Customer: '0010200001' }],
      to_Item: [
        { SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '2', RequestedQuantityUnit: 'CS', UnderlyingPurchaseOrderItem: '0001', ProductionPlant: '1020' },
        { SalesOrderItem: '20', Material: 'TG-10002', RequestedQuantity: '1.5', RequestedQuantityUnit: 'EA', UnderlyingPurchaseOrderItem: 'A-2' },
      ],
    });
  });
});

describe('system/erp s4hana: sales order error targets', () => {
  const order: SalesOrderCreate = {
    customerNumber: '0010100001',
    purchaseOrderNumber: 'PO-1',
    lines: [
      { lineNumber: '1', material: 'A', quantity: { value: '1', uom: 'EA' } },
      { lineNumber: '2', material: 'B', quantity: { value: '1', uom: 'CS' } },
    ],
  };
  const fieldOf = salesOrderFieldOf(order, ['10', '20']);

  it('translates header, partner and item targets to request fields', () => {
    assert.equal(fieldOf('SoldToParty'), 'body.customerNumber');
    assert.equal(fieldOf('to_Partner(1)/Customer'), 'body.shipTo');
    assert.equal(fieldOf('to_Item(1)/Material'), 'body.lines.0.material');
    assert.equal(fieldOf('to_Item(2)/RequestedQuantityUnit'), 'body.lines.1.quantity.uom');
    assert.equal(fieldOf("to_Item('20')/RequestedQuantity"), 'body.lines.1.quantity.value');
    assert.equal(fieldOf("to_Item(SalesOrderItem='10')"), 'body.lines.0');
    assert.equal(fieldOf('to_Item(3)/Material'), undefined);
    assert.equal(fieldOf('Something'), undefined);
  });
});

describe('system/erp s4hana: keyed lock', () => {
  it('runs tasks of one key one after another and of different keys together', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      return name;
    };
    const failing = async () => {
      events.push('start fail');
      throw new Error('boom');
    };
    const results = await Promise.allSettled([lock.run('k', task('a', 20)), lock.run('k', failing), lock.run('k', task('b', 1)), lock.run('other', task('c', 1))]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.deepEqual(events.filter((event) => !event.endsWith('c')), ['start a', 'end a', 'start fail', 'start b', 'end b']);
    assert.ok(events.indexOf('end c') < events.indexOf('end a'));
    assert.equal(lock.size, 0);
  });
});

describe('system/erp s4hana: goods issue', () => {
  it('keeps the shipments as the external delivery id: all when they fit 35 characters, else the first', () => {
    assert.equal(externalDeliveryId(['30000001']), '30000001');
    assert.equal(externalDeliveryId(['30000001', '30000002', '30000001']), '30000001,30000002');
    assert.equal(externalDeliveryId(['3000000001', '3000000002', '3000000003']), '3000000001,3000000002,3000000003');
    assert.equal(externalDeliveryId(['3000000001', '3000000002', '3000000003', '3000000004']), '3000000001');
    assert.equal(externalDeliveryId(['X'.repeat(35)]), 'X'.repeat(35));
    assert.equal(externalDeliveryId(['X'.repeat(36)]), '');
    assert.equal(externalDeliveryId([]), '');
  });

  it('builds the delivery deep insert: every order item in full, the shipments, the goods issue day at midnight UTC', () => {
    const order = single(salesOrderEntity).parse({
      d: {
        SalesOrder: '1000001',
        SoldToParty: '0010100001',
        CreationDate: '/Date(1764288000000)/',
        TotalNetAmount: '1.00',
        TransactionCurrency: 'USD',
        to_Item: {
          results: [
            { SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '2.000', RequestedQuantityUnit: 'CS', NetAmount: '1.00' },
            { SalesOrderItem: '20', Material: 'TG-10002', RequestedQuantity: '3', RequestedQuantityUnit: 'EA', NetAmount: '0' },
          ],
        },
      },
    }).d;
    assert.deepEqual(toDeliveryBody(order, { shipmentIds: ['30000001'], goodsIssueDate: '2025-11-28' }), {
      DeliveryDocumentBySupplier: '30000001',
      ActualGoodsMovementDate: '/Date(1764288000000)/',
      to_DeliveryDocumentItem: {
        results: [
          { ReferenceSDDocument: '1000001', ReferenceSDDocumentItem: '10', ActualDeliveryQuantity: '2.000', DeliveryQuantityUnit: 'CS' },
          { ReferenceSDDocument: '1000001', ReferenceSDDocumentItem: '20', ActualDeliveryQuantity: '3', DeliveryQuantityUnit: 'EA' },
        ],
      },
    });
    const undated = toDeliveryBody(order, { shipmentIds: ['X'.repeat(36)] });
    assert.equal('ActualGoodsMovementDate' in undated, false);
    assert.equal('DeliveryDocumentBySupplier' in undated, false);
  });

  it('translates delivery error targets, and writes order numbers in both forms SAP may hold', () => {
    assert.equal(deliveryFieldOf('ActualGoodsMovementDate'), 'body.goodsIssueDate');
    assert.equal(deliveryFieldOf('/DeliveryDocumentBySupplier'), 'body.shipmentIds');
    assert.equal(deliveryFieldOf('to_DeliveryDocumentItem(1)/ReferenceSDDocument'), undefined);
    assert.deepEqual(documentNumberForms('1000001'), ['1000001', '0001000001']);
    assert.deepEqual(documentNumberForms('0001000001'), ['0001000001']);
    assert.deepEqual(documentNumberForms('A-1'), ['A-1']);
  });

  it('reads a delivery header with its ETag, and maps a posted one to a goods issue', () => {
    const header = single(deliveryHeaderEntity).parse({
      d: {
        __metadata: { id: 'x', uri: 'x', type: 'API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryHeaderType', etag: 'W/"datetime\'2026-12-02T15%3A30%3A00\'"' },
        DeliveryDocument: '80000001',
        ActualGoodsMovementDate: '/Date(1764288000000)/',
        OverallGoodsMovementStatus: 'C',
        DeliveryDocumentBySupplier: '30000001',
        ShippingPoint: '1010',
      },
    }).d;
    assert.equal(header.__metadata?.etag, 'W/"datetime\'2026-12-02T15%3A30%3A00\'"');
    assert.equal(isGoodsIssuePosted(header), true);
    assert.deepEqual(toGoodsIssue(header, '1000001', true), { deliveryNumber: '80000001', salesOrderNumber: '1000001', goodsIssueDate: '2025-11-28', alreadyPosted: true });
    assert.equal(isGoodsIssuePosted({ ...header, OverallGoodsMovementStatus: 'B' }), false);
    assert.equal(isGoodsIssuePosted({ ...header, OverallGoodsMovementStatus: 'A' }), false);
    assert.throws(() => toGoodsIssue({ ...header, ActualGoodsMovementDate: null }, '1000001', false), (error: GatewayError) => error.code === 'ERR_PLATFORM_BAD_GATEWAY');
  });
});

describe('S/4HANA OData envelope schemas', () => {
  it('are built once per entity: zod 4 compiles each schema instance on first use, so a per-call wrapper recompiled on every request', () => {
    assert.equal(single(productEntity), single(productEntity));
    assert.equal(collection(productEntity), collection(productEntity));
    assert.notEqual(single(productEntity), single(partnerFunctionEntity));
    // Still the OData shapes: { d: entity } and { d: { results: [entity] } }.
    assert.equal(single(partnerFunctionEntity).safeParse({ d: 'not an entity' }).success, false);
    assert.equal(collection(partnerFunctionEntity).safeParse({ d: { results: 'x' } }).success, false);
  });
});
