/**
 * API_OUTBOUND_DELIVERY_SRV (version 0002): outbound deliveries created with reference to a sales order (deep insert
 * of A_OutbDeliveryHeader with its items), read by key or by the sales order they reference, and the PostGoodsIssue
 * action. The sandbox delivers whole orders: every item, full quantities, one delivery per order.
 */
import { ERROR_CODES, ODataError, badRequest, notFound, validationFailed, type ErrorDetail } from '../odata/errors';
import { edm, text, type ODataRecord, type ODataService } from '../odata/model';
import { parseODataDate, startOfUtcDay } from '../odata/values';
import type { Shipping } from '../shipping';
import type { ErpStore, OutboundDelivery, OutboundDeliveryItem, SalesOrder } from '../store';

/** SAP's LIFEX (`DeliveryDocumentBySupplier`) holds 35 characters. */
const EXTERNAL_ID_LENGTH = 35;
const MAX_ITEMS = 999;
const QUANTITY = /^\s*\d{1,12}(?:\.\d{1,6})?\s*$/;

type Body = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document number as SAP's ALPHA conversion reads it: `0080000001` and `80000001` are the same delivery. */
function withoutLeadingZeros(value: string): string {
  return /^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : value;
}

/** `W/"'3'"`: weak, and changed by every change of the delivery (goods issue, billing). */
function etagOf(delivery: OutboundDelivery): string {
  return `W/"'${delivery.revision}'"`;
}

function headerRecord(delivery: OutboundDelivery): ODataRecord {
  const posted = delivery.overallGoodsMovementStatus === 'C';
  return {
    DeliveryDocument: delivery.deliveryDocument,
    DeliveryDocumentType: 'LF',
    SDDocumentCategory: 'J',
    SalesOrganization: delivery.salesOrganization,
    SoldToParty: delivery.soldToParty,
    ShipToParty: delivery.shipToParty,
    ShippingPoint: delivery.shippingPoint,
    CreationDate: delivery.creationDate,
    ActualGoodsMovementDate: delivery.actualGoodsMovementDate,
    DeliveryDocumentBySupplier: delivery.deliveryDocumentBySupplier,
    OverallGoodsMovementStatus: delivery.overallGoodsMovementStatus,
    OverallDelivReltdBillgStatus: delivery.billingStatus,
    OverallSDProcessStatus: delivery.billingStatus === 'C' ? 'C' : posted ? 'B' : 'A',
  };
}

function itemRecord(delivery: OutboundDelivery, item: OutboundDeliveryItem): ODataRecord {
  return {
    DeliveryDocument: delivery.deliveryDocument,
    DeliveryDocumentItem: item.deliveryDocumentItem,
    ReferenceSDDocument: delivery.salesOrder,
    ReferenceSDDocumentItem: item.salesOrderItem,
    ReferenceSDDocumentCategory: 'C',
    Material: item.material,
    DeliveryDocumentItemText: item.text,
    ActualDeliveryQuantity: String(item.quantity),
    DeliveryQuantityUnit: item.unit,
    ActualDeliveredQtyInBaseUnit: String(item.eaches),
    BaseUnit: 'EA',
    Plant: item.plant,
    GoodsMovementStatus: item.goodsMovementStatus,
  };
}

function detail(code: string, target: string, message: string): ErrorDetail {
  return { code, target, message, severity: 'error' };
}

/** A deep-insert navigation: a JSON array, or `{"results": [...]}` as SAP's own examples send it. */
function navigationRows(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value.results)) return value.results;
  return undefined;
}

interface ItemReference {
  salesOrder: string;
  salesOrderItem: string;
  quantity?: number;
  unit?: string;
}

interface DeliveryDraft {
  order: SalesOrder;
  actualGoodsMovementDate: number | null;
  deliveryDocumentBySupplier: string;
}

/**
 * Reads a delivery's deep insert and checks it against the order it references; every problem is reported with its
 * target, as the sales order service does. Throws a 400 ODataError.
 */
function readDelivery(body: unknown, store: ErpStore, now: () => number): DeliveryDraft {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object');
  const problems: ErrorDetail[] = [];

  let deliveryDocumentBySupplier = '';
  const external = body.DeliveryDocumentBySupplier;
  if (external !== undefined && external !== null && external !== '') {
    if (typeof external !== 'string') problems.push(detail(ERROR_CODES.invalidValue, 'DeliveryDocumentBySupplier', 'DeliveryDocumentBySupplier must be a string'));
    else if (external.length > EXTERNAL_ID_LENGTH) {
      problems.push(detail(ERROR_CODES.invalidValue, 'DeliveryDocumentBySupplier', `DeliveryDocumentBySupplier '${external}' is longer than ${EXTERNAL_ID_LENGTH} characters`));
    } else deliveryDocumentBySupplier = external;
  }

  let actualGoodsMovementDate: number | null = null;
  const rawDate = body.ActualGoodsMovementDate;
  if (rawDate !== undefined && rawDate !== null && rawDate !== '') {
    const ms = parseODataDate(rawDate);
    if (ms === undefined) problems.push(detail(ERROR_CODES.invalidValue, 'ActualGoodsMovementDate', 'ActualGoodsMovementDate must be an Edm.DateTime such as /Date(1764288000000)/'));
    else if (startOfUtcDay(ms) > startOfUtcDay(now())) {
      problems.push(detail(ERROR_CODES.invalidValue, 'ActualGoodsMovementDate', `Goods cannot be issued on a future day (${new Date(ms).toISOString().slice(0, 10)})`));
    } else actualGoodsMovementDate = startOfUtcDay(ms);
  }

  const rows = body.to_DeliveryDocumentItem === undefined || body.to_DeliveryDocumentItem === null ? undefined : navigationRows(body.to_DeliveryDocumentItem);
  const references: Array<ItemReference | undefined> = [];
  if (!rows || rows.length === 0) {
    problems.push(detail(ERROR_CODES.missingValue, 'to_DeliveryDocumentItem', 'A delivery needs at least one item (to_DeliveryDocumentItem) referencing a sales order item'));
  } else if (rows.length > MAX_ITEMS) {
    problems.push(detail(ERROR_CODES.invalidValue, 'to_DeliveryDocumentItem', `A delivery holds at most ${MAX_ITEMS} items`));
  } else {
    rows.forEach((row, index) => references.push(readItemReference(row, index, problems)));
  }
  if (problems.length > 0) throw validationFailed(problems);

  // Every item named its order: now check them against it.
  const orders = [...new Set(references.map((reference) => (reference as ItemReference).salesOrder))];
  if (orders.length > 1) {
    throw validationFailed([detail(ERROR_CODES.wholeOrderOnly, 'to_DeliveryDocumentItem', `The sandbox delivers one sales order per delivery, not ${orders.join(', ')}`)]);
  }
  const salesOrder = orders[0] as string;
  const order = store.salesOrder(salesOrder);
  const orderTarget = 'to_DeliveryDocumentItem(1)/ReferenceSDDocument';
  if (!order) throw validationFailed([detail(ERROR_CODES.unknownSalesOrder, orderTarget, `Sales order ${salesOrder} does not exist`)]);
  const existing = store.deliveriesOf(order.salesOrder)[0];
  if (existing) {
    const message = `Sales order ${order.salesOrder} is already completely delivered (delivery ${existing.deliveryDocument})`;
    throw validationFailed([detail(ERROR_CODES.alreadyDelivered, orderTarget, message)]);
  }

  const seen = new Set<string>();
  references.forEach((reference, index) => {
    const { salesOrderItem, quantity, unit } = reference as ItemReference;
    const target = `to_DeliveryDocumentItem(${index + 1})`;
    const item = order.items.find((candidate) => candidate.salesOrderItem === salesOrderItem);
    if (!item) {
      problems.push(detail(ERROR_CODES.invalidValue, `${target}/ReferenceSDDocumentItem`, `Item ${salesOrderItem} of sales order ${order.salesOrder} does not exist`));
      return;
    }
    if (seen.has(salesOrderItem)) {
      problems.push(detail(ERROR_CODES.invalidValue, `${target}/ReferenceSDDocumentItem`, `Item ${salesOrderItem} of sales order ${order.salesOrder} is given twice`));
      return;
    }
    seen.add(salesOrderItem);
    if (unit !== undefined && unit !== item.unit) {
      problems.push(detail(ERROR_CODES.invalidUnit, `${target}/DeliveryQuantityUnit`, `Item ${salesOrderItem} is ordered in ${item.unit}, not ${unit}`));
    } else if (quantity !== undefined && quantity !== item.quantity) {
      const message = `The sandbox delivers full quantities: item ${salesOrderItem} has ${item.quantity} ${item.unit} to deliver, not ${quantity}`;
      problems.push(detail(ERROR_CODES.wholeOrderOnly, `${target}/ActualDeliveryQuantity`, message));
    }
  });
  const missing = order.items.filter((item) => !seen.has(item.salesOrderItem)).map((item) => item.salesOrderItem);
  if (problems.length === 0 && missing.length > 0) {
    const message = `The sandbox delivers whole sales orders: item${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of sales order ${order.salesOrder} ${missing.length > 1 ? 'are' : 'is'} missing`;
    problems.push(detail(ERROR_CODES.wholeOrderOnly, 'to_DeliveryDocumentItem', message));
  }
  if (problems.length > 0) throw validationFailed(problems);
  return { order, actualGoodsMovementDate, deliveryDocumentBySupplier };
}

function readItemReference(row: unknown, index: number, problems: ErrorDetail[]): ItemReference | undefined {
  const target = `to_DeliveryDocumentItem(${index + 1})`;
  if (!isObject(row)) {
    problems.push(detail(ERROR_CODES.invalidValue, target, `Item ${index + 1} must be an object`));
    return undefined;
  }
  const before = problems.length;
  const required = (name: string, maxLength: number): string | undefined => {
    const value = row[name];
    if (value === undefined || value === null || value === '') problems.push(detail(ERROR_CODES.missingValue, `${target}/${name}`, `${name} is required`));
    else if (typeof value !== 'string' || value.length > maxLength) problems.push(detail(ERROR_CODES.invalidValue, `${target}/${name}`, `${name} must be a string of at most ${maxLength} characters`));
    else return withoutLeadingZeros(value);
    return undefined;
  };
  const salesOrder = required('ReferenceSDDocument', 10);
  const salesOrderItem = required('ReferenceSDDocumentItem', 6);

  let quantity: number | undefined;
  const rawQuantity = row.ActualDeliveryQuantity;
  if (rawQuantity !== undefined && rawQuantity !== null && rawQuantity !== '') {
    const text = typeof rawQuantity === 'number' ? String(rawQuantity) : rawQuantity;
    if (typeof text !== 'string' || !QUANTITY.test(text) || Number(text) <= 0) {
      problems.push(detail(ERROR_CODES.invalidQuantity, `${target}/ActualDeliveryQuantity`, `ActualDeliveryQuantity '${String(rawQuantity)}' is not a positive decimal number`));
    } else quantity = Number(text);
  }
  let unit: string | undefined;
  const rawUnit = row.DeliveryQuantityUnit;
  if (rawUnit !== undefined && rawUnit !== null && rawUnit !== '') {
    if (typeof rawUnit !== 'string') problems.push(detail(ERROR_CODES.invalidUnit, `${target}/DeliveryQuantityUnit`, 'DeliveryQuantityUnit must be a string'));
    else unit = rawUnit;
  }
  if (problems.length > before || salesOrder === undefined || salesOrderItem === undefined) return undefined;
  return { salesOrder, salesOrderItem, ...(quantity === undefined ? {} : { quantity }), ...(unit === undefined ? {} : { unit }) };
}

export function createOutboundDeliveryService(store: ErpStore, shipping: Shipping, now: () => number): ODataService {
  const itemsOf = (row: ODataRecord): ODataRecord[] => {
    const delivery = store.delivery(text(row, 'DeliveryDocument'));
    return delivery ? delivery.items.map((item) => itemRecord(delivery, item)) : [];
  };
  const deliveryOfRecord = (row: ODataRecord): OutboundDelivery => {
    const delivery = store.delivery(text(row, 'DeliveryDocument'));
    if (!delivery) throw new TypeError(`no delivery ${text(row, 'DeliveryDocument')}`);
    return delivery;
  };

  const create = (body: unknown): { record: ODataRecord; expand: string[] } => {
    const draft = readDelivery(body, store, now);
    const delivery = shipping.deliver(draft.order, { actualGoodsMovementDate: draft.actualGoodsMovementDate, deliveryDocumentBySupplier: draft.deliveryDocumentBySupplier });
    return { record: headerRecord(delivery), expand: ['to_DeliveryDocumentItem'] };
  };

  const postGoodsIssue = (parameters: Readonly<Record<string, string>>, call: { ifMatch?: string }): ODataRecord[] => {
    const number = withoutLeadingZeros(parameters.DeliveryDocument ?? '');
    const delivery = store.delivery(number);
    if (!delivery) throw notFound(`Delivery ${number} does not exist`);
    // The action changes the delivery, so it is guarded by the delivery's ETag as an update would be.
    if (call.ifMatch === undefined) throw new ODataError(428, ERROR_CODES.generic, `Precondition required: send the ETag of delivery ${number} in If-Match`);
    if (call.ifMatch.trim() !== '*' && !call.ifMatch.split(',').some((tag) => tag.trim() === etagOf(delivery))) {
      throw new ODataError(412, ERROR_CODES.generic, `Precondition failed: delivery ${number} has changed since its ETag was read`);
    }
    const result = shipping.postGoodsIssue(delivery);
    if (result.outcome === 'already-posted') {
      const message = `Goods issue for delivery ${number} has already been posted`;
      throw validationFailed([detail(ERROR_CODES.goodsIssuePosted, 'DeliveryDocument', message)]);
    }
    return [headerRecord(result.delivery)];
  };

  return {
    name: 'API_OUTBOUND_DELIVERY_SRV',
    version: 2,
    entitySets: [
      {
        name: 'A_OutbDeliveryHeader',
        typeName: 'A_OutbDeliveryHeaderType',
        keys: ['DeliveryDocument'],
        properties: [
          edm.string('DeliveryDocument', 10),
          edm.string('DeliveryDocumentType', 4),
          edm.string('SDDocumentCategory', 4),
          edm.string('SalesOrganization', 4),
          edm.string('SoldToParty', 10),
          edm.string('ShipToParty', 10),
          edm.string('ShippingPoint', 4),
          edm.date('CreationDate'),
          edm.date('ActualGoodsMovementDate'),
          edm.string('DeliveryDocumentBySupplier', EXTERNAL_ID_LENGTH),
          edm.string('OverallGoodsMovementStatus', 1),
          edm.string('OverallDelivReltdBillgStatus', 1),
          edm.string('OverallSDProcessStatus', 1),
        ],
        navigations: [{ name: 'to_DeliveryDocumentItem', target: 'A_OutbDeliveryItem', many: true, resolve: itemsOf }],
        rows: () => store.deliveries().map(headerRecord),
        find: (key) => {
          const delivery = store.delivery(withoutLeadingZeros(key.DeliveryDocument ?? ''));
          return delivery ? headerRecord(delivery) : undefined;
        },
        create,
        etag: (row) => etagOf(deliveryOfRecord(row)),
      },
      {
        name: 'A_OutbDeliveryItem',
        typeName: 'A_OutbDeliveryItemType',
        keys: ['DeliveryDocument', 'DeliveryDocumentItem'],
        properties: [
          edm.string('DeliveryDocument', 10),
          edm.string('DeliveryDocumentItem', 6),
          edm.string('ReferenceSDDocument', 10),
          edm.string('ReferenceSDDocumentItem', 6),
          edm.string('ReferenceSDDocumentCategory', 4),
          edm.string('Material', 40),
          edm.string('DeliveryDocumentItemText', 40),
          edm.decimal('ActualDeliveryQuantity', 13, 3),
          edm.string('DeliveryQuantityUnit', 3),
          edm.decimal('ActualDeliveredQtyInBaseUnit', 13, 3),
          edm.string('BaseUnit', 3),
          edm.string('Plant', 4),
          edm.string('GoodsMovementStatus', 1),
        ],
        navigations: [],
        rows: () => store.deliveries().flatMap((delivery) => delivery.items.map((item) => itemRecord(delivery, item))),
      },
    ],
    functionImports: [
      {
        name: 'PostGoodsIssue',
        httpMethod: 'POST',
        parameters: [{ name: 'DeliveryDocument', maxLength: 10 }],
        returns: { entitySet: 'A_OutbDeliveryHeader' },
        invoke: postGoodsIssue,
      },
    ],
  };
}
