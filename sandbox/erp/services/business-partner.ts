/** API_BUSINESS_PARTNER: customers (sold-to and ship-to parties), their sales areas and partner functions. */
import type { SeedCustomer } from '../../seed/distributor';
import { edm, groupBy, text, type ODataRecord, type ODataService } from '../odata/model';
import type { ErpCustomer, ErpStore } from '../store';

function customerRecord(customer: ErpCustomer): ODataRecord {
  return {
    Customer: customer.customer,
    CustomerName: customer.name,
    CustomerAccountGroup: 'CUST',
    DeletionIndicator: false,
    CityName: customer.address.city,
    PostalCode: customer.address.postalCode,
    Region: customer.address.region,
    Country: customer.address.country,
    StreetName: customer.address.street,
  };
}

function salesAreaRecord(customer: ErpCustomer, company: { salesOrganization: string; distributionChannel: string; division: string }): ODataRecord {
  // Ship-to parties inherit their sold-to's commercial terms, as they would be maintained in a real system.
  const terms: SeedCustomer = customer.soldTo;
  return {
    Customer: customer.customer,
    SalesOrganization: company.salesOrganization,
    DistributionChannel: company.distributionChannel,
    Division: company.division,
    Currency: terms.currency,
    CustomerPaymentTerms: terms.paymentTerms,
    CustomerPriceGroup: terms.priceList,
  };
}

/** A sold-to is its own sold-to, bill-to and payer, and ships to its ship-tos; a ship-to is only its own ship-to. */
function partnerFunctionRecords(customer: ErpCustomer, area: ODataRecord): ODataRecord[] {
  const base = { Customer: customer.customer, SalesOrganization: area.SalesOrganization, DistributionChannel: area.DistributionChannel, Division: area.Division };
  if (customer.isShipTo) return [{ ...base, PartnerCounter: '0', PartnerFunction: 'SH', BPCustomerNumber: customer.customer }];
  return [
    { ...base, PartnerCounter: '0', PartnerFunction: 'SP', BPCustomerNumber: customer.customer },
    ...customer.soldTo.shipTos.map((shipTo, index) => ({ ...base, PartnerCounter: String(index), PartnerFunction: 'SH', BPCustomerNumber: shipTo.partnerNumber })),
    { ...base, PartnerCounter: '0', PartnerFunction: 'BP', BPCustomerNumber: customer.customer },
    { ...base, PartnerCounter: '0', PartnerFunction: 'PY', BPCustomerNumber: customer.customer },
  ];
}

export function createBusinessPartnerService(store: ErpStore): ODataService {
  // Master data never changes at runtime (reset restores transactional data only), so the rows are built once.
  const company = store.seed.company;
  const customers = [...store.customers.values()];
  const customerRows = customers.map(customerRecord);
  const customerByNumber = new Map(customerRows.map((row) => [text(row, 'Customer'), row]));
  const areaRows = customers.map((customer) => salesAreaRecord(customer, company));
  const functionRows = customers.flatMap((customer, index) => partnerFunctionRecords(customer, areaRows[index] as ODataRecord));
  const areasByCustomer = groupBy(areaRows, 'Customer');
  const functionsByArea = groupBy(functionRows, 'Customer', 'SalesOrganization', 'DistributionChannel', 'Division');
  const salesAreaKeys = ['Customer', 'SalesOrganization', 'DistributionChannel', 'Division'];

  return {
    name: 'API_BUSINESS_PARTNER',
    entitySets: [
      {
        name: 'A_Customer',
        typeName: 'A_CustomerType',
        keys: ['Customer'],
        properties: [
          edm.string('Customer', 10),
          edm.string('CustomerName', 80),
          edm.string('CustomerAccountGroup', 4),
          edm.boolean('DeletionIndicator'),
          edm.string('CityName', 40),
          edm.string('PostalCode', 10),
          edm.string('Region', 3),
          edm.string('Country', 3),
          edm.string('StreetName', 60),
        ],
        navigations: [{ name: 'to_CustomerSalesArea', target: 'A_CustomerSalesArea', many: true, resolve: (row) => areasByCustomer.get(text(row, 'Customer')) ?? [] }],
        rows: () => customerRows,
        find: (key) => customerByNumber.get(key.Customer ?? ''),
      },
      {
        name: 'A_CustomerSalesArea',
        typeName: 'A_CustomerSalesAreaType',
        keys: salesAreaKeys,
        properties: [
          edm.string('Customer', 10),
          edm.string('SalesOrganization', 4),
          edm.string('DistributionChannel', 2),
          edm.string('Division', 2),
          edm.string('Currency', 5),
          edm.string('CustomerPaymentTerms', 4),
          edm.string('CustomerPriceGroup', 2),
        ],
        navigations: [
          {
            name: 'to_PartnerFunction',
            target: 'A_CustSalesPartnerFunc',
            many: true,
            resolve: (row) => functionsByArea.get(salesAreaKeys.map((field) => text(row, field)).join('|')) ?? [],
          },
        ],
        rows: () => areaRows,
      },
      {
        name: 'A_CustSalesPartnerFunc',
        typeName: 'A_CustSalesPartnerFuncType',
        keys: [...salesAreaKeys, 'PartnerCounter', 'PartnerFunction'],
        properties: [
          edm.string('Customer', 10),
          edm.string('SalesOrganization', 4),
          edm.string('DistributionChannel', 2),
          edm.string('Division', 2),
          edm.string('PartnerCounter', 3),
          edm.string('PartnerFunction', 2),
          edm.string('BPCustomerNumber', 10),
        ],
        navigations: [],
        rows: () => functionRows,
      },
    ],
  };
}
