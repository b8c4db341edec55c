/** Shared pieces of the sandbox WMS tests: a started sandbox, authorised requests, and order bodies. */
import request from 'supertest';
import { startSandboxWms, type SandboxWmsOptions } from '../../../sandbox/wms/server';
import type { SandboxServer } from '../../../sandbox/types';
import { gs1CheckDigit } from '../../../sandbox/seed/distributor';

export const TOKEN = 'sandbox-wms-token';
export const CHANNEL = '100';
export const AUTH = { Authorization: `Bearer ${TOKEN}` };

export interface WmsFixture {
  server: SandboxServer;
  /** GET with the token. */
  get(path: string): request.Test;
  /** POST /2026-01/order with the token and the channel header. */
  createOrder(body: unknown, channel?: string): request.Test;
  ship(orderId: number): request.Test;
  reset(): Promise<void>;
}

export async function startWmsFixture(options: SandboxWmsOptions = {}): Promise<WmsFixture> {
  const server = await startSandboxWms(options);
  return {
    server,
    get: (path) => request(server.url).get(path).set(AUTH),
    createOrder: (body, channel = CHANNEL) =>
      request(server.url)
        .post('/2026-01/order')
        .set(AUTH)
        .set('shipbob_channel_id', channel)
        .send(body as object),
    ship: (orderId) => request(server.url).post(`/__sandbox/orders/${orderId}/ship`),
    reset: async () => {
      await request(server.url).post('/__sandbox/reset').expect(204);
    },
  };
}

export interface OrderLine {
  reference_id?: string;
  id?: number;
  quantity: number;
  quantity_unit_of_measure_code?: string;
  external_line_id?: number;
}

/** A valid CreateOrderModel body; lines and fields may be replaced. */
export function orderBody(referenceId: string, products: OrderLine[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reference_id: referenceId,
    order_number: referenceId,
    type: 'B2B',
    shipping_method: 'Standard',
    recipient: {
      name: 'Globex Facilities Group - Main DC',
      address: { address1: '4951 Logistics Way', city: 'Columbus', state: 'OH', zip_code: '43215', country: 'US', company_name: 'Globex' },
    },
    products,
    retailer_program_data: { purchase_order_number: 'PO-4711', retailer_program_type: 'Wholesale' },
    ...extra,
  };
}

export function isValidSscc(value: unknown): boolean {
  return typeof value === 'string' && /^\d{18}$/.test(value) && gs1CheckDigit(value.slice(0, 17)) === value.slice(17);
}

/** Shapes of the ShipBob JSON the tests read. */
export interface InventoryItemJson {
  id: number;
  quantity: number;
  quantity_committed: number;
}
export interface CartonProductJson {
  sku: string;
  reference_id: string;
  inventory_items: InventoryItemJson[];
}
export interface CartonJson {
  id: number;
  barcode: string;
  type: string;
  measurements: { total_weight_oz: number };
  carton_details: { products: CartonProductJson[] }[];
}
export interface ParentCartonJson {
  barcode: string | null;
  type: string;
  cartons: CartonJson[];
}
export interface ShipmentJson {
  id: number;
  order_id: number;
  reference_id: string;
  status: string;
  status_details: { name: string; description: string; inventory_id: number | null }[];
  location: { id: number; name: string };
  parent_cartons: ParentCartonJson[];
  products: CartonProductJson[];
  tracking: { carrier: string; scac: string; carrier_service: string; tracking_number: string; pro_number: string | null; bol: string | null; shipping_date: string | null } | null;
  actual_fulfillment_date: string | null;
}
export interface OrderJson {
  id: number;
  reference_id: string;
  status: string;
  channel: { id: number };
  products: { id: number; reference_id: string; quantity: number; quantity_unit_of_measure_code: string; external_line_id: number | null }[];
  shipments: ShipmentJson[];
  tags: { name: string; value: string }[];
}
export interface LocationLevelJson {
  location_id: number;
  on_hand_quantity: number;
  committed_quantity: number;
  fulfillable_quantity: number;
  awaiting_quantity: number;
  backordered_quantity: number;
}

/** Eaches per SKU over every carton of a shipment. */
export function packedEaches(shipment: ShipmentJson): Map<string, number> {
  const totals = new Map<string, number>();
  for (const parent of shipment.parent_cartons) {
    for (const carton of parent.cartons) {
      for (const detail of carton.carton_details) {
        for (const product of detail.products) {
          const eaches = product.inventory_items.reduce((sum, item) => sum + item.quantity, 0);
          totals.set(product.sku, (totals.get(product.sku) ?? 0) + eaches);
        }
      }
    }
  }
  return totals;
}
