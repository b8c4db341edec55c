/**
 * Examples shown in the WMS system API's spec, taken from the sandbox WMS's answers so that "try it" answers look
 * like them. tsoa reads these at generation time: keep them plain object literals (no spreads, no `as const`).
 */
import type { ProblemDetails } from '../../../common/problem';
import type { InventoryPosition, InventoryPositionPage, OrderRelease, ShipmentConfirmation } from './models';


export const inventoryPositionExample: InventoryPosition = {
  material: 'TG-10001',
  gtin: '0614141000012',
  ids: [
    { scheme: 'SKU', value: 'TG-10001' },
    { scheme: 'GTIN', value: '0614141000012' },
    { scheme: 'WMS_INVENTORY_ID', value: '7000001' },
  ],
  warehouse: '1010',
  uom: 'EA',
  onHand: '2700',
  available: '2496',
  committed: '204',
  backordered: '0',
  incoming: '0',
  asOf: '2026-11-28T09:30:00.000Z',
};

export const inventoryPageExample: InventoryPositionPage = { items: [inventoryPositionExample], total: 720, offset: 0, limit: 1 };

export const releaseExample: OrderRelease = {
  releaseId: '1000001',
  wmsOrderId: '20000001',
  salesOrderNumber: '1000001',
  customerPurchaseOrderNumber: 'PO-4711',
  warehouse: '1010',
  status: 'PACKED',
  createdAt: '2026-11-28T09:30:00.000Z',
  requestedShipDate: '2026-12-01',
  lines: [
    { lineNumber: '10', material: 'TG-10001', quantity: { value: '1', uom: 'CS' } },
    { lineNumber: '20', material: 'TG-10002', quantity: { value: '5', uom: 'EA' } },
  ],
};

export const shipmentExample: ShipmentConfirmation = {
  shipmentId: '30000001',
  releaseId: '1000001',
  wmsOrderId: '20000001',
  warehouse: '1010',
  shipDate: '2026-11-28',
  shippedAt: '2026-11-28T10:30:00.000Z',
  carrier: { name: 'UPS', scac: 'UPSN', service: 'Ground', trackingNumbers: ['1Z9W4A710300000019'] },
  handlingUnits: [
    {
      sscc: '006141410000000012',
      type: 'CARTON',
      weightKg: '14.521',
      contents: [{ lineNumber: '10', material: 'TG-10001', quantity: { value: '10', uom: 'EA' } }],
    },
    {
      sscc: '006141410000000029',
      type: 'CARTON',
      weightKg: '10.265',
      contents: [{ lineNumber: '20', material: 'TG-10002', quantity: { value: '5', uom: 'EA' } }],
    },
  ],
};

export const validationProblemExample: ProblemDetails = {
  type: '/portal/problems#ERR_VALIDATION',
  title: 'Request validation failed',
  status: 400,
  detail: 'Invalid request: body.lines.0.quantity.value',
  instance: '/system/wms/v1/releases',
  code: 'ERR_VALIDATION',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'body.lines.0.quantity.value', message: 'must be a whole number from 1', value: '2.5' }],
};

export const queryProblemExample: ProblemDetails = {
  type: '/portal/problems#ERR_VALIDATION',
  title: 'Request validation failed',
  status: 400,
  detail: 'Invalid request: limit',
  instance: '/system/wms/v1/inventory',
  code: 'ERR_VALIDATION',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'limit', message: 'max 100', value: '500' }],
};

export const materialNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Material 'TG-99999' does not exist in the WMS",
  instance: '/system/wms/v1/inventory/TG-99999',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const releaseNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Release '1000099' does not exist",
  instance: '/system/wms/v1/releases/1000099',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const shipmentNotFoundExample: ProblemDetails = {
  type: '/portal/problems#ERR_NOT_FOUND',
  title: 'Not found',
  status: 404,
  detail: "Shipment '30000002' has not shipped yet",
  instance: '/system/wms/v1/shipments/30000002',
  code: 'ERR_NOT_FOUND',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const conflictExample: ProblemDetails = {
  type: '/portal/problems#ERR_CONFLICT',
  title: 'Conflict',
  status: 409,
  detail: "Sales order '1000001' was already released (WMS order 20000001)",
  instance: '/system/wms/v1/releases',
  code: 'ERR_CONFLICT',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const refusedExample: ProblemDetails = {
  type: '/portal/problems#ERR_UNPROCESSABLE',
  title: 'Business rule violated',
  status: 422,
  detail: "WMS refused the request: products[0].reference_id: No product with reference_id 'TG-99999' exists",
  instance: '/system/wms/v1/releases',
  code: 'ERR_UNPROCESSABLE',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
  errors: [{ name: 'body.lines.0.material', message: "No product with reference_id 'TG-99999' exists" }],
};

export const internalExample: ProblemDetails = {
  type: '/portal/problems#ERR_INTERNAL',
  title: 'Internal error',
  status: 500,
  detail: 'Internal error',
  instance: '/system/wms/v1/releases/1000001',
  code: 'ERR_INTERNAL',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const badGatewayExample: ProblemDetails = {
  type: '/portal/problems#ERR_PLATFORM_BAD_GATEWAY',
  title: 'Upstream platform failed',
  status: 502,
  detail: 'WMS failed with status 500',
  instance: '/system/wms/v1/releases/1000001',
  code: 'ERR_PLATFORM_BAD_GATEWAY',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const unavailableExample: ProblemDetails = {
  type: '/portal/problems#ERR_PLATFORM_UNAVAILABLE',
  title: 'Upstream platform unavailable',
  status: 503,
  detail: 'WMS is unavailable (ECONNREFUSED)',
  instance: '/system/wms/v1/inventory',
  code: 'ERR_PLATFORM_UNAVAILABLE',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};

export const timeoutExample: ProblemDetails = {
  type: '/portal/problems#ERR_PLATFORM_TIMEOUT',
  title: 'Upstream platform timed out',
  status: 504,
  detail: 'WMS did not answer GET /2026-01/inventory-level/locations in time',
  instance: '/system/wms/v1/inventory',
  code: 'ERR_PLATFORM_TIMEOUT',
  requestId: '0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51',
};
