/**
 * ShipBob shapes ↔ WMS system API v1 DTOs, without I/O. Quantities become decimal strings, ids strings, ounces
 * kilograms; the verbatim line numbers travel as order tags (`line:<external_line_id>`), since ShipBob's line ids
 * are integers.
 */
import type { Ident } from '../../../../canonical/model';
import type {
  HandlingUnit,
  HandlingUnitContent,
  InventoryPosition,
  OrderRelease,
  OrderReleaseCreate,
  ReleaseStatus,
  ShipmentConfirmation,
} from '../../v1/models';
import type { ShipBobCarton, ShipBobCreateOrder, ShipBobInventoryByLocation, ShipBobOrder, ShipBobOrderProduct, ShipBobShipment } from './dialect';

/** Tag name prefix that carries a line's verbatim line number. */
export const LINE_TAG_PREFIX = 'line:';
/** ShipBob's ship option the adapter asks for. */
export const SHIPPING_METHOD = 'Standard';
/** `retailer_program_type` sent with the customer's PO number. */
export const RETAILER_PROGRAM_TYPE = 'Wholesale';

const OZ_PER_KG = 35.27396195;

// ---- inventory -------------------------------------------------------------------------------------------------

export interface ProductFacts {
  gtin?: string;
}

export function toInventoryPositions(
  item: ShipBobInventoryByLocation,
  facts: ProductFacts | undefined,
  asOf: string,
): InventoryPosition[] {
  const sku = item.sku ?? String(item.inventory_id);
  const ids: Ident[] = [{ scheme: 'SKU', value: sku }];
  if (facts?.gtin) ids.push({ scheme: 'GTIN', value: facts.gtin });
  ids.push({ scheme: 'WMS_INVENTORY_ID', value: String(item.inventory_id) });
  return (item.locations ?? []).map((location) => {
    const onHand = location.on_hand_quantity ?? 0;
    const committed = location.committed_quantity ?? 0;
    const available = location.fulfillable_quantity ?? Math.max(0, onHand - committed);
    return {
      material: sku,
      ...(facts?.gtin ? { gtin: facts.gtin } : {}),
      ids,
      warehouse: String(location.location_id),
      uom: 'EA',
      onHand: String(onHand),
      available: String(available),
      committed: String(committed),
      ...(location.backordered_quantity === null || location.backordered_quantity === undefined
        ? {}
        : { backordered: String(location.backordered_quantity) }),
      incoming: String(location.awaiting_quantity ?? 0),
      asOf,
    };
  });
}

export function comparePositions(a: InventoryPosition, b: InventoryPosition): number {
  if (a.material !== b.material) return a.material < b.material ? -1 : 1;
  return Number(a.warehouse) - Number(b.warehouse) || (a.warehouse < b.warehouse ? -1 : a.warehouse > b.warehouse ? 1 : 0);
}

// ---- releases --------------------------------------------------------------------------------------------------

/** `2026-12-01` → `2026-12-01T00:00:00Z`. */
function startOfDay(date: string): string {
  return `${date}T00:00:00Z`;
}

export function toCreateOrder(release: OrderReleaseCreate, quantities: number[], now: Date): ShipBobCreateOrder {
  const [address1, ...rest] = release.shipTo.lines;
  return {
    reference_id: release.salesOrderNumber,
    order_number: release.salesOrderNumber,
    type: 'B2B',
    shipping_method: SHIPPING_METHOD,
    location_id: Number(release.warehouse),
    purchase_date: now.toISOString(),
    recipient: {
      name: release.shipTo.name,
      address: {
        address1: address1 ?? '',
        address2: rest.length > 0 ? rest.join(', ') : null,
        company_name: release.shipTo.name,
        city: release.shipTo.city,
        state: release.shipTo.region ?? null,
        zip_code: release.shipTo.postalCode ?? null,
        country: release.shipTo.country,
      },
    },
    products: release.lines.map((line, index) => ({
      reference_id: line.material,
      quantity: quantities[index] as number,
      quantity_unit_of_measure_code: line.quantity.uom,
      external_line_id: index + 1,
    })),
    retailer_program_data: {
      purchase_order_number: release.customerPurchaseOrderNumber,
      retailer_program_type: RETAILER_PROGRAM_TYPE,
      shipByDate: release.requestedShipDate ? startOfDay(release.requestedShipDate) : null,
    },
    tags: release.lines.map((line, index) => ({ name: `${LINE_TAG_PREFIX}${index + 1}`, value: line.lineNumber })),
  };
}

/** The verbatim line number of an order product: its tag, else its external line id, else its position. */
export function lineNumberOf(order: ShipBobOrder, product: ShipBobOrderProduct, index: number): string {
  const externalId = product.external_line_id ?? index + 1;
  const tag = (order.tags ?? []).find((candidate) => candidate.name === `${LINE_TAG_PREFIX}${externalId}`);
  return tag?.value ?? String(externalId);
}

function materialOf(product: { reference_id?: string | null; sku?: string | null; id?: number | null }): string {
  return product.reference_id ?? product.sku ?? String(product.id ?? '');
}

const STATUS_RANK: Record<ReleaseStatus, number> = { CANCELLED: -1, RELEASED: 0, PICKING: 1, PACKED: 2, SHIPPED: 3 };
const PICKING_DETAILS = new Set(['picking', 'picked', 'packing', 'packed', 'sorting']);

export function shipmentStatus(shipment: ShipBobShipment): ReleaseStatus {
  switch (shipment.status) {
    case 'Completed':
      return 'SHIPPED';
    case 'LabeledCreated':
      return 'PACKED';
    case 'Cancelled':
    case 'CleanSweeped':
      return 'CANCELLED';
    case 'Processing':
      return (shipment.status_details ?? []).some((detail) => PICKING_DETAILS.has((detail.name ?? '').toLowerCase())) ? 'PICKING' : 'RELEASED';
    default:
      // None, Exception, OnHold, ImportReview: queued, or waiting for something.
      return 'RELEASED';
  }
}

/** The release's status: its least advanced live shipment; CANCELLED only when every shipment is. */
export function releaseStatus(order: ShipBobOrder): ReleaseStatus {
  const statuses = (order.shipments ?? []).map(shipmentStatus);
  if (statuses.length === 0) {
    if (order.status === 'Cancelled') return 'CANCELLED';
    if (order.status === 'Fulfilled') return 'SHIPPED';
    return 'RELEASED';
  }
  const live = statuses.filter((status) => status !== 'CANCELLED');
  if (live.length === 0) return 'CANCELLED';
  return live.reduce((least, status) => (STATUS_RANK[status] < STATUS_RANK[least] ? status : least));
}

export function toOrderRelease(order: ShipBobOrder): OrderRelease {
  const reference = order.reference_id ?? String(order.id);
  const products = order.products ?? [];
  const reasons = (order.shipments ?? [])
    .filter((shipment) => shipment.status === 'Exception' || shipment.status === 'OnHold')
    .flatMap((shipment) => (shipment.status_details ?? []).map((detail) => detail.description ?? detail.name ?? '').filter(Boolean));
  const warehouse = order.shipments?.[0]?.location?.id;
  const purchaseOrder = order.retailer_program_data?.purchase_order_number;
  const shipBy = order.retailer_program_data?.shipByDate;
  return {
    releaseId: reference,
    wmsOrderId: String(order.id),
    salesOrderNumber: reference,
    ...(purchaseOrder ? { customerPurchaseOrderNumber: purchaseOrder } : {}),
    ...(warehouse === undefined ? {} : { warehouse: String(warehouse) }),
    status: releaseStatus(order),
    ...(reasons.length > 0 ? { statusReasons: reasons } : {}),
    createdAt: order.created_date,
    ...(shipBy ? { requestedShipDate: shipBy.slice(0, 10) } : {}),
    lines: products.map((product, index) => ({
      lineNumber: lineNumberOf(order, product, index),
      material: materialOf(product),
      quantity: { value: String(product.quantity), uom: product.quantity_unit_of_measure_code ?? 'EA' },
    })),
  };
}

// ---- shipments -------------------------------------------------------------------------------------------------

function eachesIn(products: ShipBobShipment['products']): Map<string, number> {
  const totals = new Map<string, number>();
  for (const product of products ?? []) {
    const material = materialOf(product);
    const quantity = (product.inventory_items ?? []).reduce((sum, item) => sum + (item.quantity ?? 0), 0);
    totals.set(material, (totals.get(material) ?? 0) + quantity);
  }
  return totals;
}

interface LineCapacity {
  lineNumber: string;
  material: string;
  /** Eaches of the line not yet found in a carton. */
  remaining: number;
}

/**
 * How many eaches each order line holds. ShipBob's API carries no case sizes, so a line ordered in cases is sized
 * from what the order's shipments hold of its SKU, less the lines ordered in eaches.
 */
function lineCapacities(order: ShipBobOrder): LineCapacity[] {
  const products = order.products ?? [];
  const shipped = new Map<string, number>();
  for (const shipment of order.shipments ?? []) {
    for (const [material, eaches] of eachesIn(shipment.products)) shipped.set(material, (shipped.get(material) ?? 0) + eaches);
  }
  const perUnit = new Map<string, number>();
  for (const material of new Set(products.map(materialOf))) {
    const lines = products.filter((product) => materialOf(product) === material);
    const inEaches = lines.filter((product) => (product.quantity_unit_of_measure_code ?? 'EA') === 'EA').reduce((sum, product) => sum + product.quantity, 0);
    const inOtherUnits = lines.filter((product) => (product.quantity_unit_of_measure_code ?? 'EA') !== 'EA').reduce((sum, product) => sum + product.quantity, 0);
    if (inOtherUnits > 0) perUnit.set(material, Math.max(0, ((shipped.get(material) ?? 0) - inEaches) / inOtherUnits));
  }
  return products.map((product, index) => {
    const material = materialOf(product);
    const eaches = (product.quantity_unit_of_measure_code ?? 'EA') === 'EA' ? product.quantity : product.quantity * (perUnit.get(material) ?? 1);
    return { lineNumber: lineNumberOf(order, product, index), material, remaining: eaches };
  });
}

/** Attributes `eaches` of `material` to the order's lines, first line first; the last line takes any excess. */
function attribute(capacities: LineCapacity[], material: string, eaches: number): HandlingUnitContent[] {
  const lines = capacities.filter((line) => line.material === material);
  const out: HandlingUnitContent[] = [];
  let left = eaches;
  lines.forEach((line, index) => {
    if (left <= 0) return;
    const take = index === lines.length - 1 ? left : Math.min(left, line.remaining);
    if (take <= 0) return;
    line.remaining -= take;
    left -= take;
    const existing = out.find((content) => content.lineNumber === line.lineNumber);
    if (existing) existing.quantity.value = String(Number(existing.quantity.value) + take);
    else out.push({ lineNumber: line.lineNumber, material, quantity: { value: String(take), uom: 'EA' } });
  });
  if (left > 0) out.push({ lineNumber: '', material, quantity: { value: String(left), uom: 'EA' } });
  return out;
}

export function isSscc(value: string | null | undefined): value is string {
  if (!value || !/^\d{18}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(value[16 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(value[17]);
}

function kilograms(ounces: number | null | undefined): string | undefined {
  return ounces === null || ounces === undefined ? undefined : (ounces / OZ_PER_KG).toFixed(3);
}

function unitLabel(barcode: string | null | undefined): Pick<HandlingUnit, 'sscc' | 'barcode'> {
  if (isSscc(barcode)) return { sscc: barcode };
  return barcode ? { barcode } : {};
}

function cartonContents(carton: ShipBobCarton, capacities: LineCapacity[]): HandlingUnitContent[] {
  const products = (carton.carton_details ?? []).flatMap((detail) => detail.products ?? []);
  return [...eachesIn(products)].flatMap(([material, eaches]) => attribute(capacities, material, eaches));
}

function toConfirmation(order: ShipBobOrder, shipment: ShipBobShipment, capacities: LineCapacity[]): ShipmentConfirmation {
  const units: HandlingUnit[] = [];
  const cartons: HandlingUnit[] = [];
  for (const parent of shipment.parent_cartons ?? []) {
    const isUnit = Boolean(parent.barcode);
    if (isUnit) {
      const weightKg = kilograms(parent.measurements?.total_weight_oz);
      units.push({ ...unitLabel(parent.barcode), type: 'PALLET', ...(weightKg ? { weightKg } : {}), contents: [] });
    }
    for (const carton of parent.cartons ?? []) {
      const weightKg = kilograms(carton.measurements?.total_weight_oz);
      const parentSscc = isUnit && isSscc(parent.barcode) ? parent.barcode : undefined;
      cartons.push({
        ...unitLabel(carton.barcode),
        type: 'CARTON',
        ...(parentSscc ? { parentSscc } : {}),
        ...(weightKg ? { weightKg } : {}),
        contents: cartonContents(carton, capacities),
      });
    }
  }
  const tracking = shipment.tracking;
  const trackingNumber = tracking?.tracking_number ?? undefined;
  if (units.length === 0 && cartons.length === 1 && trackingNumber) (cartons[0] as HandlingUnit).trackingNumber = trackingNumber;
  const shippedAt = tracking?.shipping_date ?? shipment.actual_fulfillment_date ?? order.created_date;
  return {
    shipmentId: String(shipment.id),
    releaseId: order.reference_id ?? String(order.id),
    wmsOrderId: String(order.id),
    warehouse: String(shipment.location?.id ?? ''),
    shipDate: shippedAt.slice(0, 10),
    shippedAt,
    carrier: {
      ...(tracking?.carrier ? { name: tracking.carrier } : {}),
      ...(tracking?.scac ? { scac: tracking.scac } : {}),
      ...(tracking?.carrier_service ? { service: tracking.carrier_service } : {}),
      trackingNumbers: trackingNumber ? [trackingNumber] : [],
      ...(tracking?.pro_number ? { proNumber: tracking.pro_number } : {}),
      ...(tracking?.bol ? { bolNumber: tracking.bol } : {}),
    },
    handlingUnits: [...units, ...cartons],
  };
}

export function isShipped(shipment: ShipBobShipment): boolean {
  return shipment.status === 'Completed';
}

/**
 * The confirmations of the order's shipped shipments. Every shipment is walked in id order, shipped or not, so that
 * a line split over shipments is attributed the same way whichever one is asked for.
 */
export function toConfirmations(order: ShipBobOrder): ShipmentConfirmation[] {
  const capacities = lineCapacities(order);
  const shipments = [...(order.shipments ?? [])].sort((a, b) => a.id - b.id);
  const out: ShipmentConfirmation[] = [];
  for (const shipment of shipments) {
    const confirmation = toConfirmation(order, shipment, capacities);
    if (isShipped(shipment)) out.push(confirmation);
  }
  return out;
}
