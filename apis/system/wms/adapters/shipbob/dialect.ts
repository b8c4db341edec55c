/**
 * The part of ShipBob's 2026-01 JSON the adapter reads (sandbox/wms/DIALECT.md), as schemas: an answer that does
 * not fit is the WMS's failure (502), never a crash. Lenient where ShipBob may leave things out: what the adapter
 * does not need is not checked, and absent values may be null or missing.
 */
import { z } from 'zod';

const int = z.number().int();
const text = z.string().nullish();

export const pageLinksSchema = {
  first: text,
  prev: text,
  next: text,
  last: text,
};

export const locationLevelSchema = z.object({
  location_id: int,
  name: text,
  on_hand_quantity: int.nullish(),
  committed_quantity: int.nullish(),
  fulfillable_quantity: int.nullish(),
  awaiting_quantity: int.nullish(),
  /** Sandbox addition; ShipBob reports backorders only as totals. */
  backordered_quantity: int.nullish(),
});

export const inventoryByLocationSchema = z.object({
  inventory_id: int,
  name: text,
  sku: text,
  locations: z.array(locationLevelSchema).nullish(),
});

export const inventoryByLocationPageSchema = z.object({ items: z.array(inventoryByLocationSchema), ...pageLinksSchema });

export const variantSchema = z.object({
  id: int.nullish(),
  sku: text,
  gtin: text,
  upc: text,
  inventory: z.object({ inventory_id: int.nullish() }).nullish(),
});

export const productSchema = z.object({
  id: int,
  name: text,
  variants: z.array(variantSchema).nullish(),
});

export const productPageSchema = z.object({ items: z.array(productSchema), ...pageLinksSchema });

export const inventoryItemSchema = z.object({
  id: int.nullish(),
  name: text,
  quantity: int.nullish(),
  quantity_committed: int.nullish(),
});

export const shipmentProductSchema = z.object({
  id: int.nullish(),
  name: text,
  sku: text,
  reference_id: text,
  inventory_items: z.array(inventoryItemSchema).nullish(),
});

const measurementsSchema = z.object({ total_weight_oz: z.number().nullish() }).nullish();

export const cartonSchema = z.object({
  id: int.nullish(),
  barcode: text,
  type: text,
  measurements: measurementsSchema,
  carton_details: z.array(z.object({ products: z.array(shipmentProductSchema).nullish() })).nullish(),
});

export const parentCartonSchema = z.object({
  barcode: text,
  type: text,
  measurements: measurementsSchema,
  cartons: z.array(cartonSchema).nullish(),
});

export const trackingSchema = z.object({
  carrier: text,
  carrier_service: text,
  scac: text,
  tracking_number: text,
  pro_number: text,
  bol: text,
  shipping_date: text,
});

export const statusDetailSchema = z.object({ name: text, description: text });

export const shipmentSchema = z.object({
  id: int,
  order_id: int.nullish(),
  reference_id: text,
  status: text,
  status_details: z.array(statusDetailSchema).nullish(),
  location: z.object({ id: int, name: text }).nullish(),
  actual_fulfillment_date: text,
  products: z.array(shipmentProductSchema).nullish(),
  parent_cartons: z.array(parentCartonSchema).nullish(),
  tracking: trackingSchema.nullish(),
});

export const orderProductSchema = z.object({
  id: int.nullish(),
  reference_id: text,
  sku: text,
  quantity: int,
  quantity_unit_of_measure_code: text,
  external_line_id: int.nullish(),
});

export const orderSchema = z.object({
  id: int,
  reference_id: text,
  order_number: text,
  status: text,
  created_date: z.string(),
  products: z.array(orderProductSchema).nullish(),
  shipments: z.array(shipmentSchema).nullish(),
  retailer_program_data: z.object({ purchase_order_number: text, shipByDate: text }).nullish(),
  tags: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

export const orderListSchema = z.array(orderSchema);
export const shipmentListSchema = z.array(shipmentSchema);

export type ShipBobInventoryByLocation = z.infer<typeof inventoryByLocationSchema>;
export type ShipBobProduct = z.infer<typeof productSchema>;
export type ShipBobOrder = z.infer<typeof orderSchema>;
export type ShipBobOrderProduct = z.infer<typeof orderProductSchema>;
export type ShipBobShipment = z.infer<typeof shipmentSchema>;
export type ShipBobCarton = z.infer<typeof cartonSchema>;

/** The body of `POST /2026-01/order` the adapter sends. */
export interface ShipBobCreateOrder {
  reference_id: string;
  order_number: string;
  type: 'B2B';
  shipping_method: string;
  location_id: number;
  purchase_date: string;
  recipient: {
    name: string;
    address: {
      address1: string;
      address2: string | null;
      company_name: string;
      city: string;
      state: string | null;
      zip_code: string | null;
      country: string;
    };
  };
  products: { reference_id: string; quantity: number; quantity_unit_of_measure_code: string; external_line_id: number }[];
  retailer_program_data: { purchase_order_number: string; retailer_program_type: string; shipByDate: string | null };
  tags: { name: string; value: string }[];
}
