/** API_SALES_ORDER_SIMULATION_SRV: prices a would-be sales order (the same rule as a real one) and stores nothing. */
import { edm, type ODataRecord, type ODataService } from '../odata/model';
import { formatCents } from '../pricing';
import { readSalesDocument, SALES_ITEM_PROPERTIES } from '../sales-document';
import type { ErpStore } from '../store';

export function createSimulationService(store: ErpStore): ODataService {
  const create = (body: unknown): { record: ODataRecord; expand: string[] } => {
    const draft = readSalesDocument(body, store);
    // A simulated document has no number: SAP answers its key as ''.
    const items: ODataRecord[] = draft.lines.map((line) => {
      const netAmount = formatCents(line.netCents);
      return {
        SalesOrder: '',
        SalesOrderItem: line.salesOrderItem,
        Material: line.item.material,
        SalesOrderItemText: line.item.description,
        RequestedQuantity: String(line.quantity),
        RequestedQuantityUnit: line.unit,
        NetAmount: netAmount,
        TransactionCurrency: draft.currency,
        ProductionPlant: line.plant,
        to_PricingElement: [
          {
            SalesOrder: '',
            SalesOrderItem: line.salesOrderItem,
            PricingProcedureStep: '10',
            PricingProcedureCounter: '1',
            ConditionType: 'PPR0',
            ConditionRateValue: formatCents(line.unitPriceCents),
            ConditionCurrency: draft.currency,
            ConditionQuantity: '1',
            ConditionQuantityUnit: 'EA',
            ConditionAmount: netAmount,
            TransactionCurrency: draft.currency,
          },
        ],
      };
    });
    const record: ODataRecord = {
      SalesOrder: '',
      SalesOrderType: draft.salesOrderType,
      SalesOrganization: draft.salesOrganization,
      DistributionChannel: draft.distributionChannel,
      OrganizationDivision: draft.division,
      SoldToParty: draft.soldTo.customerNumber,
      PurchaseOrderByCustomer: draft.purchaseOrderByCustomer,
      TransactionCurrency: draft.currency,
      TotalNetAmount: formatCents(draft.totalNetCents),
      to_Item: items,
    };
    return { record, expand: ['to_Item/to_PricingElement'] };
  };

  return {
    name: 'API_SALES_ORDER_SIMULATION_SRV',
    entitySets: [
      {
        name: 'A_SalesOrderSimulation',
        typeName: 'A_SalesOrderSimulationType',
        keys: ['SalesOrder'],
        properties: [
          edm.string('SalesOrder', 10),
          edm.string('SalesOrderType', 4),
          edm.string('SalesOrganization', 4),
          edm.string('DistributionChannel', 2),
          edm.string('OrganizationDivision', 2),
          edm.string('SoldToParty', 10),
          edm.string('PurchaseOrderByCustomer', 35),
          edm.string('TransactionCurrency', 5),
          edm.decimal('TotalNetAmount', 16, 3),
        ],
        navigations: [{ name: 'to_Item', target: 'A_SalesOrderItemSimulation', many: true }],
        // Nothing is stored: the sets read empty, as a simulation leaves no trace.
        rows: () => [],
        create,
      },
      {
        name: 'A_SalesOrderItemSimulation',
        typeName: 'A_SalesOrderItemSimulationType',
        keys: ['SalesOrder', 'SalesOrderItem'],
        properties: [
          ...SALES_ITEM_PROPERTIES,
        ],
        navigations: [{ name: 'to_PricingElement', target: 'A_SalesOrderItmPrcgElmntSimln', many: true }],
        rows: () => [],
      },
      {
        name: 'A_SalesOrderItmPrcgElmntSimln',
        typeName: 'A_SalesOrderItmPrcgElmntSimlnType',
        keys: ['SalesOrder', 'SalesOrderItem', 'PricingProcedureStep', 'PricingProcedureCounter'],
        properties: [
          edm.string('SalesOrder', 10),
          edm.string('SalesOrderItem', 6),
          edm.string('PricingProcedureStep', 3),
          edm.string('PricingProcedureCounter', 3),
          edm.string('ConditionType', 4),
          edm.decimal('ConditionRateValue', 24, 9),
          edm.string('ConditionCurrency', 5),
          edm.decimal('ConditionQuantity', 5, 0),
          edm.string('ConditionQuantityUnit', 3),
          edm.decimal('ConditionAmount', 16, 3),
          edm.string('TransactionCurrency', 5),
        ],
        navigations: [],
        rows: () => [],
      },
    ],
  };
}
