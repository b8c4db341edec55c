/** API_BILLING_DOCUMENT_SRV: billing documents (invoices) and their items, read-only; each item names the delivery item it bills. */
import { edm, text, type ODataRecord, type ODataService } from '../odata/model';
import { formatCents } from '../pricing';
import type { BillingDocument, BillingDocumentItem, ErpStore } from '../store';

function documentRecord(document: BillingDocument): ODataRecord {
  return {
    BillingDocument: document.billingDocument,
    BillingDocumentType: document.billingDocumentType,
    BillingDocumentDate: document.billingDocumentDate,
    SoldToParty: document.soldToParty,
    TotalNetAmount: formatCents(document.totalNetCents),
    TotalTaxAmount: formatCents(document.totalTaxCents),
    TransactionCurrency: document.currency,
    CustomerPaymentTerms: document.paymentTerms,
    PurchaseOrderByCustomer: document.purchaseOrderByCustomer,
  };
}

function itemRecord(document: BillingDocument, item: BillingDocumentItem): ODataRecord {
  return {
    BillingDocument: document.billingDocument,
    BillingDocumentItem: item.billingDocumentItem,
    SalesDocument: item.salesDocument,
    SalesDocumentItem: item.salesDocumentItem,
    Material: item.material,
    BillingDocumentItemText: item.text,
    BillingQuantity: String(item.quantity),
    BillingQuantityUnit: item.unit,
    NetAmount: formatCents(item.netCents),
    TaxAmount: formatCents(item.taxCents),
    TransactionCurrency: document.currency,
    ReferenceSDDocument: item.referenceSDDocument,
    ReferenceSDDocumentItem: item.referenceSDDocumentItem,
    ReferenceSDDocumentCategory: 'J',
  };
}

export function createBillingService(store: ErpStore): ODataService {
  const itemsOf = (row: ODataRecord): ODataRecord[] => {
    const document = store.billingDocument(text(row, 'BillingDocument'));
    return document ? document.items.map((item) => itemRecord(document, item)) : [];
  };
  const documentOf = (row: ODataRecord): ODataRecord[] => {
    const document = store.billingDocument(text(row, 'BillingDocument'));
    return document ? [documentRecord(document)] : [];
  };
  return {
    name: 'API_BILLING_DOCUMENT_SRV',
    entitySets: [
      {
        name: 'A_BillingDocument',
        typeName: 'A_BillingDocumentType',
        keys: ['BillingDocument'],
        properties: [
          edm.string('BillingDocument', 10),
          edm.string('BillingDocumentType', 4),
          edm.date('BillingDocumentDate'),
          edm.string('SoldToParty', 10),
          edm.decimal('TotalNetAmount', 16, 3),
          edm.decimal('TotalTaxAmount', 16, 3),
          edm.string('TransactionCurrency', 5),
          edm.string('CustomerPaymentTerms', 4),
          edm.string('PurchaseOrderByCustomer', 35),
        ],
        navigations: [{ name: 'to_Item', target: 'A_BillingDocumentItem', many: true, resolve: itemsOf }],
        rows: () => store.billingDocumentList().map(documentRecord),
        find: (key) => {
          const document = store.billingDocument(key.BillingDocument ?? '');
          return document ? documentRecord(document) : undefined;
        },
      },
      {
        name: 'A_BillingDocumentItem',
        typeName: 'A_BillingDocumentItemType',
        keys: ['BillingDocument', 'BillingDocumentItem'],
        properties: [
          edm.string('BillingDocument', 10),
          edm.string('BillingDocumentItem', 6),
          edm.string('SalesDocument', 10),
          edm.string('SalesDocumentItem', 6),
          edm.string('Material', 40),
          edm.string('BillingDocumentItemText', 80),
          edm.decimal('BillingQuantity', 13, 3),
          edm.string('BillingQuantityUnit', 3),
          edm.decimal('NetAmount', 16, 3),
          edm.decimal('TaxAmount', 16, 3),
          edm.string('TransactionCurrency', 5),
          edm.string('ReferenceSDDocument', 10),
          edm.string('ReferenceSDDocumentItem', 6),
          edm.string('ReferenceSDDocumentCategory', 4),
        ],
        navigations: [{ name: 'to_BillingDocument', target: 'A_BillingDocument', many: false, resolve: documentOf }],
        rows: () => store.billingDocumentList().flatMap((document) => document.items.map((item) => itemRecord(document, item))),
      },
    ],
  };
}
