/** API_SALES_ORDER_SRV: sales orders with items and header partners; deep insert creates them, priced and numbered. */
import { ERROR_CODES, ODataError } from '../odata/errors';
import { edm, text, type ODataRecord, type ODataService } from '../odata/model';
import { startOfUtcDay } from '../odata/values';
import { formatCents } from '../pricing';
import { readSalesDocument, SALES_ITEM_PROPERTIES } from '../sales-document';
import type { ErpStore, SalesOrder, SalesOrderItem } from '../store';

function orderRecord(order: SalesOrder): ODataRecord {
  return {
    SalesOrder: order.salesOrder,
    SalesOrderType: order.salesOrderType,
    SalesOrganization: order.salesOrganization,
    DistributionChannel: order.distributionChannel,
    OrganizationDivision: order.division,
    SoldToParty: order.soldToParty,
    CreationDate: order.creationDate,
    SalesOrderDate: order.creationDate,
    PurchaseOrderByCustomer: order.purchaseOrderByCustomer,
    CustomerPurchaseOrderDate: order.customerPurchaseOrderDate,
    RequestedDeliveryDate: order.requestedDeliveryDate,
    TotalNetAmount: formatCents(order.totalNetCents),
    TransactionCurrency: order.currency,
    CustomerPaymentTerms: order.paymentTerms,
    OverallSDProcessStatus: order.overallStatus,
    OverallTotalDeliveryStatus: order.overallDeliveryStatus,
  };
}

function itemRecord(order: SalesOrder, item: SalesOrderItem): ODataRecord {
  return {
    SalesOrder: order.salesOrder,
    SalesOrderItem: item.salesOrderItem,
    Material: item.material,
    SalesOrderItemText: item.text,
    RequestedQuantity: String(item.quantity),
    RequestedQuantityUnit: item.unit,
    NetAmount: formatCents(item.netCents),
    TransactionCurrency: order.currency,
    ProductionPlant: item.plant,
    UnderlyingPurchaseOrderItem: item.underlyingPurchaseOrderItem,
    SDProcessStatus: item.processStatus,
    DeliveryStatus: item.deliveryStatus,
  };
}

function partnerRecords(order: SalesOrder): ODataRecord[] {
  return order.partners.map((partner) => ({ SalesOrder: order.salesOrder, PartnerFunction: partner.partnerFunction, Customer: partner.customer }));
}

export function createSalesOrderService(store: ErpStore, now: () => number, duplicatePurchaseOrders: 'error' | 'warning' = 'error'): ODataService {
  const itemsOf = (row: ODataRecord): ODataRecord[] => {
    const order = store.salesOrder(text(row, 'SalesOrder'));
    return order ? order.items.map((item) => itemRecord(order, item)) : [];
  };
  const partnersOf = (row: ODataRecord): ODataRecord[] => {
    const order = store.salesOrder(text(row, 'SalesOrder'));
    return order ? partnerRecords(order) : [];
  };
  const orderOf = (row: ODataRecord): ODataRecord[] => {
    const order = store.salesOrder(text(row, 'SalesOrder'));
    return order ? [orderRecord(order)] : [];
  };

  const create = (body: unknown): { record: ODataRecord; expand: string[] } => {
    const draft = readSalesDocument(body, store);
    if (draft.purchaseOrderByCustomer !== '' && duplicatePurchaseOrders === 'error') {
      const existing = store.findByPurchaseOrder(draft.soldTo.customerNumber, draft.purchaseOrderByCustomer);
      if (existing) {
        // Most systems only warn here; refusing (the default) makes a duplicate attempt visible as an error.
        const message = `Purchase order ${draft.purchaseOrderByCustomer} of sold-to party ${draft.soldTo.customerNumber} already exists in sales order ${existing.salesOrder}`;
        throw new ODataError(400, ERROR_CODES.duplicatePurchaseOrder, message, [
          { code: ERROR_CODES.duplicatePurchaseOrder, message, target: 'PurchaseOrderByCustomer', severity: 'error' },
        ]);
      }
    }
    const today = startOfUtcDay(now());
    const order = store.addSalesOrder({
      salesOrderType: draft.salesOrderType,
      salesOrganization: draft.salesOrganization,
      distributionChannel: draft.distributionChannel,
      division: draft.division,
      soldToParty: draft.soldTo.customerNumber,
      purchaseOrderByCustomer: draft.purchaseOrderByCustomer,
      customerPurchaseOrderDate: draft.customerPurchaseOrderDate,
      // SAP proposes today when no delivery date is requested.
      requestedDeliveryDate: draft.requestedDeliveryDate ?? today,
      creationDate: today,
      currency: draft.currency,
      paymentTerms: draft.soldTo.paymentTerms,
      totalNetCents: draft.totalNetCents,
      overallStatus: 'A',
      overallDeliveryStatus: 'A',
      partners: draft.partners,
      items: draft.lines.map((line) => ({
        salesOrderItem: line.salesOrderItem,
        material: line.item.material,
        text: line.item.description,
        quantity: line.quantity,
        unit: line.unit,
        eaches: line.eaches,
        unitPriceCents: line.unitPriceCents,
        netCents: line.netCents,
        plant: line.plant,
        underlyingPurchaseOrderItem: line.underlyingPurchaseOrderItem,
        processStatus: 'A',
        deliveryStatus: 'A',
        goodsIssued: false,
      })),
    });
    return { record: orderRecord(order), expand: ['to_Item', 'to_Partner'] };
  };

  return {
    name: 'API_SALES_ORDER_SRV',
    entitySets: [
      {
        name: 'A_SalesOrder',
        typeName: 'A_SalesOrderType',
        keys: ['SalesOrder'],
        properties: [
          edm.string('SalesOrder', 10),
          edm.string('SalesOrderType', 4),
          edm.string('SalesOrganization', 4),
          edm.string('DistributionChannel', 2),
          edm.string('OrganizationDivision', 2),
          edm.string('SoldToParty', 10),
          edm.date('CreationDate'),
          edm.date('SalesOrderDate'),
          edm.string('PurchaseOrderByCustomer', 35),
          edm.date('CustomerPurchaseOrderDate'),
          edm.date('RequestedDeliveryDate'),
          edm.decimal('TotalNetAmount', 16, 3),
          edm.string('TransactionCurrency', 5),
          edm.string('CustomerPaymentTerms', 4),
          edm.string('OverallSDProcessStatus', 1),
          edm.string('OverallTotalDeliveryStatus', 1),
        ],
        navigations: [
          { name: 'to_Item', target: 'A_SalesOrderItem', many: true, resolve: itemsOf },
          { name: 'to_Partner', target: 'A_SalesOrderHeaderPartner', many: true, resolve: partnersOf },
        ],
        rows: () => store.salesOrders().map(orderRecord),
        find: (key) => {
          const order = store.salesOrder(key.SalesOrder ?? '');
          return order ? orderRecord(order) : undefined;
        },
        create,
      },
      {
        name: 'A_SalesOrderItem',
        typeName: 'A_SalesOrderItemType',
        keys: ['SalesOrder', 'SalesOrderItem'],
        properties: [
          ...SALES_ITEM_PROPERTIES,
          edm.string('UnderlyingPurchaseOrderItem', 6),
          edm.string('SDProcessStatus', 1),
          edm.string('DeliveryStatus', 1),
        ],
        navigations: [{ name: 'to_SalesOrder', target: 'A_SalesOrder', many: false, resolve: orderOf }],
        rows: () => store.salesOrders().flatMap((order) => order.items.map((item) => itemRecord(order, item))),
      },
      {
        name: 'A_SalesOrderHeaderPartner',
        typeName: 'A_SalesOrderHeaderPartnerType',
        keys: ['SalesOrder', 'PartnerFunction'],
        properties: [edm.string('SalesOrder', 10), edm.string('PartnerFunction', 2), edm.string('Customer', 10)],
        navigations: [{ name: 'to_SalesOrder', target: 'A_SalesOrder', many: false, resolve: orderOf }],
        rows: () => store.salesOrders().flatMap(partnerRecords),
      },
    ],
  };
}
