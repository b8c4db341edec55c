/** Renders the sandbox warehouse's records in ShipBob's 2026-01 JSON shapes (DIALECT.md lists the subset). */
import type { PackedCarton, PackedContent, PackedParent } from './packing';
import type { LocationRecord, OrderRecord, ProductRecord, SandboxWarehouse, ShipmentRecord } from './warehouse';

const OZ_PER_KG = 35.27396195;
const SEED_CREATED = '2026-01-01T00:00:00.000Z';

function ounces(kg: number): number {
  return Math.round(kg * OZ_PER_KG * 10) / 10;
}

export function fulfillmentCenterView(location: LocationRecord): Record<string, unknown> {
  const { warehouse } = location;
  return {
    id: location.id,
    name: warehouse.name,
    address1: warehouse.address.street,
    address2: null,
    city: warehouse.address.city,
    state: warehouse.address.region,
    zip_code: warehouse.address.postalCode,
    country: warehouse.address.country,
    phone_number: null,
    email: null,
    timezone: warehouse.address.region === 'NV' ? 'Pacific Standard Time' : warehouse.address.region === 'OH' ? 'Eastern Standard Time' : 'Central Standard Time',
  };
}

export function productView(warehouse: SandboxWarehouse, product: ProductRecord): Record<string, unknown> {
  const { item } = product;
  const onHand = warehouse.locations.reduce((sum, location) => sum + warehouse.level(product.inventoryId, location.id).onHand, 0);
  return {
    id: product.productId,
    name: item.description,
    type: 'Regular',
    user_id: 1,
    created_on: SEED_CREATED,
    updated_on: null,
    taxonomy: null,
    variants: [
      {
        id: product.variantId,
        name: item.description,
        sku: item.material,
        gtin: item.gtin,
        upc: item.gtin.startsWith('0') ? item.gtin.slice(1) : null,
        status: 'Active',
        is_digital: false,
        is_image_uploaded: false,
        barcodes: [
          { value: item.gtin, sticker_url: null },
          { value: item.caseGtin, sticker_url: null },
        ],
        inventory: { inventory_id: product.inventoryId, on_hand_qty: onHand },
        weight: { weight: Number(item.weightKg), unit: 'kg' },
        fulfillment_settings: { is_case_pick: false, dangerous_goods: false, requires_prop65: false, is_bpm_parcel: false, msds_url: null, serial_scan: null },
        created_on: SEED_CREATED,
        updated_on: null,
      },
    ],
  };
}

export function inventoryByLocationView(warehouse: SandboxWarehouse, product: ProductRecord, locations: readonly LocationRecord[]): Record<string, unknown> {
  return {
    inventory_id: product.inventoryId,
    name: product.item.description,
    sku: product.item.material,
    locations: locations.map((location) => {
      const level = warehouse.level(product.inventoryId, location.id);
      return {
        location_id: location.id,
        name: location.warehouse.name,
        on_hand_quantity: level.onHand,
        committed_quantity: level.committed,
        fulfillable_quantity: Math.max(0, level.onHand - level.committed),
        awaiting_quantity: level.awaiting,
        internal_transfer_quantity: 0,
        backordered_quantity: level.backordered,
      };
    }),
  };
}

export function inventoryTotalsView(warehouse: SandboxWarehouse, product: ProductRecord): Record<string, unknown> {
  const totals = { onHand: 0, committed: 0, fulfillable: 0, awaiting: 0, backordered: 0 };
  for (const location of warehouse.locations) {
    const level = warehouse.level(product.inventoryId, location.id);
    totals.onHand += level.onHand;
    totals.committed += level.committed;
    totals.fulfillable += Math.max(0, level.onHand - level.committed);
    totals.awaiting += level.awaiting;
    totals.backordered += level.backordered;
  }
  return {
    inventory_id: product.inventoryId,
    name: product.item.description,
    sku: product.item.material,
    total_on_hand_quantity: totals.onHand,
    total_committed_quantity: totals.committed,
    total_fulfillable_quantity: totals.fulfillable,
    total_sellable_quantity: totals.fulfillable + totals.awaiting,
    total_awaiting_quantity: totals.awaiting,
    total_backordered_quantity: totals.backordered,
    total_exception_quantity: 0,
    total_internal_transfer_quantity: 0,
  };
}

function recipientView(order: OrderRecord, forShipment: boolean): Record<string, unknown> {
  const { recipient } = order.input;
  return {
    name: recipient.name,
    ...(forShipment ? { full_name: recipient.name } : {}),
    email: recipient.email ?? null,
    phone_number: recipient.phone_number ?? null,
    address: {
      address1: recipient.address.address1,
      address2: recipient.address.address2 ?? null,
      company_name: recipient.address.company_name ?? null,
      city: recipient.address.city,
      state: recipient.address.state ?? null,
      zip_code: recipient.address.zip_code ?? null,
      country: recipient.address.country,
    },
  };
}

function inventoryItem(product: ProductRecord, quantity: number, committed: number): Record<string, unknown> {
  return {
    id: product.inventoryId,
    name: product.item.description,
    quantity,
    quantity_committed: committed,
    lot: null,
    expiration_date: null,
    serial_numbers: [],
    is_dangerous_goods: false,
  };
}

function shipmentProduct(product: ProductRecord, inventoryItems: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: product.productId,
    name: product.item.description,
    sku: product.item.material,
    reference_id: product.item.material,
    inventory_items: inventoryItems,
  };
}

function contentsView(contents: readonly PackedContent[], products: ReadonlyMap<string, ProductRecord>): Record<string, unknown>[] {
  return contents.map((content) => {
    const product = products.get(content.item.material) as ProductRecord;
    return shipmentProduct(product, [inventoryItem(product, content.eaches, content.eaches)]);
  });
}

function measurements(dimensions: { length: number; width: number; depth: number }, weightKg: number): Record<string, number> {
  return { length_in: dimensions.length, width_in: dimensions.width, depth_in: dimensions.depth, total_weight_oz: ounces(weightKg) };
}

function cartonView(carton: PackedCarton, products: ReadonlyMap<string, ProductRecord>): Record<string, unknown> {
  return {
    id: carton.id,
    barcode: carton.sscc,
    type: carton.type,
    measurements: measurements(carton.dimensionsIn, carton.weightKg),
    carton_details: [{ products: contentsView(carton.contents, products) }],
  };
}

function parentView(parent: PackedParent, products: ReadonlyMap<string, ProductRecord>): Record<string, unknown> {
  return {
    barcode: parent.sscc,
    type: parent.type,
    measurements: measurements(parent.dimensionsIn, parent.weightKg),
    cartons: parent.cartons.map((carton) => cartonView(carton, products)),
  };
}

export function shipmentView(order: OrderRecord, shipment: ShipmentRecord): Record<string, unknown> {
  const products = new Map(shipment.lines.map((line) => [line.product.item.material, line.product]));
  // ShipBob lists a shipment's products once per SKU, with the quantities summed.
  const totals = new Map<number, { product: ProductRecord; quantity: number; committed: number }>();
  for (const line of shipment.lines) {
    const total = totals.get(line.product.inventoryId) ?? { product: line.product, quantity: 0, committed: 0 };
    total.quantity += line.eaches;
    total.committed += line.committed;
    totals.set(line.product.inventoryId, total);
  }
  const packing = shipment.packing;
  const completed = shipment.status === 'Completed';
  return {
    id: shipment.id,
    order_id: order.id,
    reference_id: order.input.reference_id,
    status: shipment.status,
    status_details: shipment.statusDetails.map((detail) => ({
      id: detail.id,
      name: detail.name,
      description: detail.description,
      inventory_id: detail.inventoryId,
      exception_fulfillment_center_id: shipment.status === 'Exception' ? shipment.location.id : null,
      extra_information: null,
    })),
    location: { id: shipment.location.id, name: shipment.location.warehouse.name },
    created_date: shipment.createdDate,
    last_update_at: shipment.lastUpdateAt,
    estimated_fulfillment_date: shipment.estimatedFulfillmentDate,
    estimated_fulfillment_date_status: completed ? 'FulfilledOnTime' : shipment.status === 'Exception' ? 'AwaitingInventoryAllocation' : 'PendingOnTime',
    actual_fulfillment_date: shipment.actualFulfillmentDate,
    delivery_date: null,
    recipient: recipientView(order, true),
    products: [...totals.values()].map((total) => shipmentProduct(total.product, [inventoryItem(total.product, total.quantity, total.committed)])),
    parent_cartons: packing ? packing.parents.map((parent) => parentView(parent, products)) : [],
    tracking: shipment.tracking
      ? {
          carrier: shipment.tracking.carrier,
          carrier_service: shipment.tracking.carrierService,
          scac: shipment.tracking.scac,
          tracking_number: shipment.tracking.trackingNumber,
          tracking_url: shipment.tracking.trackingUrl,
          pro_number: shipment.tracking.proNumber,
          bol: shipment.tracking.bol,
          shipping_date: shipment.tracking.shippingDate,
        }
      : null,
    measurements: packing
      ? { length_in: 0, width_in: 0, depth_in: 0, total_weight_oz: Math.round(ounces(packing.totalWeightKg)) }
      : null,
    ship_option: order.input.shipping_method,
    package_material_type: packing ? 'Box' : 'Unknown',
    require_signature: false,
    is_tracking_uploaded: false,
    last_tracking_update_at: completed ? shipment.actualFulfillmentDate : null,
    insurance_value: null,
    invoice_amount: null,
    invoice_currency_code: null,
    gift_message: order.input.gift_message ?? null,
  };
}

export function orderView(warehouse: SandboxWarehouse, order: OrderRecord): Record<string, unknown> {
  const { input } = order;
  return {
    id: order.id,
    reference_id: input.reference_id,
    order_number: input.order_number ?? input.reference_id,
    status: warehouse.orderStatus(order),
    type: input.type,
    channel: { id: order.channelId, name: `Sandbox channel ${order.channelId}` },
    created_date: order.createdDate,
    purchase_date: input.purchase_date ?? null,
    recipient: recipientView(order, false),
    products: order.products.map((line) => ({
      id: line.product.productId,
      reference_id: line.product.item.material,
      sku: line.product.item.material,
      gtin: line.product.item.gtin,
      upc: line.product.item.gtin.startsWith('0') ? line.product.item.gtin.slice(1) : null,
      quantity: line.quantity,
      quantity_unit_of_measure_code: line.uom,
      external_line_id: line.externalLineId,
      unit_price: line.unitPrice,
    })),
    shipments: order.shipments.map((shipment) => shipmentView(order, shipment)),
    shipping_method: input.shipping_method,
    shipping_terms: input.shipping_terms
      ? { carrier_type: input.shipping_terms.carrier_type ?? null, payment_term: input.shipping_terms.payment_term ?? null }
      : null,
    retailer_program_data: input.retailer_program_data
      ? {
          purchase_order_number: input.retailer_program_data.purchase_order_number,
          retailer_program_type: input.retailer_program_data.retailer_program_type,
          mark_for_store: input.retailer_program_data.mark_for_store ?? null,
          department: input.retailer_program_data.department ?? null,
          customer_ticket_number: input.retailer_program_data.customer_ticket_number ?? null,
          shipByDate: input.retailer_program_data.shipByDate ?? null,
          doNotShipBeforeDate: input.retailer_program_data.doNotShipBeforeDate ?? null,
          delivery_date: input.retailer_program_data.delivery_date ?? null,
          addresses: [],
        }
      : null,
    tags: (input.tags ?? []).map((tag) => ({ name: tag.name, value: tag.value })),
    financials: { total_price: input.financials?.total_price ?? null },
    gift_message: input.gift_message ?? null,
  };
}
