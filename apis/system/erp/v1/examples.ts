/**
 * Examples shown in the ERP system API's spec, taken from the sandbox ERP's data so that "try it" answers look
 * like them. tsoa reads these at generation time: keep them plain object literals (no spreads, no `as const`).
 */

import type { ProblemDetails } from '../../../common/problem';
import type {
  Availability,
  Customer,
  CustomerPage,
  CustomerPriceList,
  GoodsIssue,
  Invoice,
  Item,
  ItemPage,
  SalesOrder,
  SalesOrderConflictProblem,
} from './models';


export const customerExample: Customer = {
  customerNumber: '0010100001',
  name: 'Globex Facilities Group',
  address: { name: 'Globex Facilities Group', lines: ['4951 Logistics Way'], city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' },
  currency: 'USD',
  paymentTerms: 'NT30',
  priceList: 'A',
  shipTos: [
    {
      partnerNumber: '0010200001',
      name: 'Globex Facilities Group - Main DC',
      address: { name: 'Globex Facilities Group - Main DC', lines: ['8431 Market St'], city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' },
    },
  ],
};

export const customerPageExample: CustomerPage = { items: [customerExample], total: 20, offset: 0, limit: 1 };

export const priceListExample: CustomerPriceList = {
  customerNumber: '0010100001',
  prices: [
    { material: 'TG-10001', unitPrice: { amount: '10.62', currency: 'USD' }, uom: 'EA' },
    { material: 'TG-10002', unitPrice: { amount: '6.16', currency: 'USD' }, uom: 'EA' },
  ],
};

export const itemExample: Item = {
  material: 'TG-10001',
  description: 'Nitrile Exam Gloves, Powder-Free, 100ct, Small',
  category: 'Gloves',
  baseUnit: 'EA',
  gtin: '0614141000012',
  units: [
    { uom: 'EA', packSize: '1', gtin: '0614141000012' },
    { uom: 'CS', packSize: '10', gtin: '10614141000019' },
  ],
  grossWeightKg: '1.452',
};

export const itemPageExample: ItemPage = { items: [itemExample], total: 1, offset: 0, limit: 20 };

export const availabilityExample: Availability[] = [
  { material: 'TG-10001', plant: '1010', available: '2496', uom: 'EA', asOf: '2026-11-28T09:30:00.000Z', future: [] },
  {
    material: 'TG-10001',
    plant: '1020',
    available: '2104',
    uom: 'EA',
    asOf: '2026-11-28T09:30:00.000Z',
    future: [{ from: '2026-12-03T00:00:00.000Z', quantity: '2400' }],
  },
];

export const salesOrderExample: SalesOrder = {
  salesOrderNumber: '1000001',
  customerNumber: '0010100001',
  shipTo: '0010200001',
  purchaseOrderNumber: 'PO-4711',
  purchaseOrderDate: '2026-11-28',
  requestedDeliveryDate: '2026-12-03',
  createdOn: '2026-11-28',
  status: 'OPEN',
  netAmount: { amount: '212.40', currency: 'USD' },
  lines: [
    {
      itemNumber: '10',
      lineNumber: '1',
      material: 'TG-10001',
      description: 'Nitrile Exam Gloves, Powder-Free, 100ct, Small',
      quantity: { value: '2', uom: 'CS' },
      plant: '1010',
      netAmount: { amount: '212.40', currency: 'USD' },
    },
  ],
};

export const invoiceExample: Invoice = {
  invoiceNumber: '90000001',
  invoiceDate: '2026-12-02',
  salesOrderNumber: '1000001',
  customerNumber: '0010100001',
  purchaseOrderNumber: 'PO-4711',
  paymentTerms: 'NT30',
  netAmount: { amount: '212.40', currency: 'USD' },
  taxAmount: { amount: '0.00', currency: 'USD' },
  totalAmount: { amount: '212.40', currency: 'USD' },
  lines: [{ itemNumber: '10', salesOrderItem: '10', material: 'TG-10001', quantity: { value: '2', uom: 'CS' }, netAmount: { amount: '212.40', currency: 'USD' } }],
};

export const goodsIssueExample: GoodsIssue = {
  deliveryNumber: '80000001',
  salesOrderNumber: '1000001',
  goodsIssueDate: '2026-12-02',
  alreadyPosted: false,
};

export const goodsIssueAlreadyPostedExample: GoodsIssue = {
  deliveryNumber: '80000001',
  salesOrderNumber: '1000001',
  goodsIssueDate: '2026-12-02',
  alreadyPosted: true,
};

export const goodsIssueValidationExample: ProblemDetails = {
  type: '/portal/problems#ERR_VALIDATION',
  title: 'Request validation failed',
  status: 400,
  detail: 'Invalid request: body.shipmentIds',
  instance: '/system/erp/v1/sales-orders/1000001/goods-issue',
  code: 'ERR_VALIDATION',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'body.shipmentIds', message: 'minItems 1', value: [] }],
};

export const goodsIssueNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Sales order '1099999' does not exist",
  instance: '/system/erp/v1/sales-orders/1099999/goods-issue',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const goodsIssueRefusedExample: ProblemDetails = {
  type: '/portal/problems#ERR_UNPROCESSABLE',
  title: 'Business rule violated',
  status: 422,
  detail: 'Goods cannot have been issued on 2026-12-09: it is a future day',
  instance: '/system/erp/v1/sales-orders/1000001/goods-issue',
  code: 'ERR_UNPROCESSABLE',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'body.goodsIssueDate', message: 'must not be after 2026-12-02', value: '2026-12-09' }],
};

export const validationProblemExample: ProblemDetails = {
  type: '/portal/problems#ERR_VALIDATION',
  title: 'Request validation failed',
  status: 400,
  detail: 'Invalid request: limit',
  instance: '/system/erp/v1/customers',
  code: 'ERR_VALIDATION',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'limit', message: 'max 100', value: '500' }],
};

export const customerNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Customer '0010199999' does not exist",
  instance: '/system/erp/v1/customers/0010199999',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const itemNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Item 'TG-99999' does not exist",
  instance: '/system/erp/v1/items/TG-99999',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const salesOrderNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Sales order '1099999' does not exist",
  instance: '/system/erp/v1/sales-orders/1099999',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const unknownMaterialProblemExample: ProblemDetails = {
  type: '/portal/problems#ERR_UNPROCESSABLE',
  title: 'Business rule violated',
  status: 422,
  detail: "No such item: 'TG-99999'",
  instance: '/system/erp/v1/customers/0010100001/prices',
  code: 'ERR_UNPROCESSABLE',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'material', message: "Item 'TG-99999' does not exist", value: 'TG-99999' }],
};

export const salesOrderRefusedExample: ProblemDetails = {
  type: '/portal/problems#ERR_UNPROCESSABLE',
  title: 'Business rule violated',
  status: 422,
  detail: "The ERP refused sales order for purchase order 'PO-4711' (body.lines.0.material): Material TG-99999 does not exist",
  instance: '/system/erp/v1/sales-orders',
  code: 'ERR_UNPROCESSABLE',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'body.lines.0.material', message: 'Material TG-99999 does not exist' }],
};

export const conflictProblemExample: SalesOrderConflictProblem = {
  type: '/portal/problems#ERR_CONFLICT',
  title: 'Conflict',
  status: 409,
  detail: "Sales order 1000001 already exists for customer '0010100001' and purchase order 'PO-4711'",
  instance: '/system/erp/v1/sales-orders',
  code: 'ERR_CONFLICT',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  salesOrderNumber: '1000001',
};

export const badGatewayExample: ProblemDetails = {
  type: '/portal/problems#ERR_PLATFORM_BAD_GATEWAY',
  title: 'Upstream platform failed',
  status: 502,
  detail: 'ERP failed with status 500',
  instance: '/system/erp/v1/customers/0010100001',
  code: 'ERR_PLATFORM_BAD_GATEWAY',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const unavailableExample: ProblemDetails = {
  type: '/portal/problems#ERR_PLATFORM_UNAVAILABLE',
  title: 'Upstream platform unavailable',
  status: 503,
  detail: 'ERP is unavailable (ECONNREFUSED)',
  instance: '/system/erp/v1/customers/0010100001',
  code: 'ERR_PLATFORM_UNAVAILABLE',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const timeoutExample: ProblemDetails = {
  type: '/portal/problems#ERR_PLATFORM_TIMEOUT',
  title: 'Upstream platform timed out',
  status: 504,
  detail: 'ERP did not answer GET API_BUSINESS_PARTNER/A_Customer in time',
  instance: '/system/erp/v1/customers/0010100001',
  code: 'ERR_PLATFORM_TIMEOUT',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};
