/**
 * Reads a sales document's deep body (the simulation's and the sales order's are the same shape), checks every
 * field against the master data, prices the items, and reports every problem at once with its `target`.
 */
import type { SeedCustomer, SeedItem } from '../seed/distributor';
import { ERROR_CODES, badRequest, validationFailed, type ErrorDetail } from './odata/errors';
import { edm } from './odata/model';
import { parseODataDate } from './odata/values';
import { eachesPerUnit, priceLine } from './pricing';
import type { ErpStore, SalesOrderPartner, SalesUnit } from './store';

/** The item properties a sales order and a sales order simulation share (as their S/4HANA entity types do). */
export const SALES_ITEM_PROPERTIES = [
  edm.string('SalesOrder', 10),
  edm.string('SalesOrderItem', 6),
  edm.string('Material', 40),
  edm.string('SalesOrderItemText', 80),
  edm.decimal('RequestedQuantity', 15, 3),
  edm.string('RequestedQuantityUnit', 3),
  edm.decimal('NetAmount', 16, 3),
  edm.string('TransactionCurrency', 5),
  edm.string('ProductionPlant', 4),
] as const;

export interface SalesDocumentLine {
  salesOrderItem: string;
  item: SeedItem;
  quantity: number;
  unit: SalesUnit;
  eaches: number;
  unitPriceCents: number;
  netCents: number;
  plant: string;
  underlyingPurchaseOrderItem: string;
}

export interface SalesDocumentDraft {
  salesOrderType: string;
  salesOrganization: string;
  distributionChannel: string;
  division: string;
  soldTo: SeedCustomer;
  /** Sold-to first, then the ship-to (proposed from the customer master when the body names none). */
  partners: SalesOrderPartner[];
  purchaseOrderByCustomer: string;
  customerPurchaseOrderDate: number | null;
  requestedDeliveryDate: number | null;
  lines: SalesDocumentLine[];
  totalNetCents: number;
  currency: string;
}

type Body = Readonly<Record<string, unknown>>;

const MAX_ITEMS = 999;
/** Largest quantity in one line: far above any real order, low enough that cents stay exact integers. */
const MAX_QUANTITY = 10_000_000;
const QUANTITY = /^[+-]?\d{1,12}(?:\.\d{1,6})?$/;
const ITEM_NUMBER = /^\d{1,6}$/;
const UNITS: readonly SalesUnit[] = ['EA', 'CS'];
const PARTNER_FUNCTIONS: ReadonlyArray<SalesOrderPartner['partnerFunction']> = ['SP', 'SH', 'BP', 'PY'];

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep-insert navigation: a JSON array, or `{"results": [...]}` as some clients send it. */
function navigationRows(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value.results)) return value.results;
  return undefined;
}

class Problems {
  readonly details: ErrorDetail[] = [];

  add(code: string, target: string, message: string): void {
    this.details.push({ code, message, target, severity: 'error' });
  }

  /** A string field: its value, the default when absent, or undefined (and a problem) when not a string. */
  string(body: Body, name: string, target: string, options: { fallback?: string; maxLength?: number; required?: boolean } = {}): string | undefined {
    const value = body[name];
    if (value === undefined || value === null || value === '') {
      if (options.required) {
        this.add(ERROR_CODES.missingValue, target, `${name} is required`);
        return undefined;
      }
      return options.fallback ?? '';
    }
    if (typeof value !== 'string') {
      this.add(ERROR_CODES.invalidValue, target, `${name} must be a string`);
      return undefined;
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      this.add(ERROR_CODES.invalidValue, target, `${name} '${value}' is longer than ${options.maxLength} characters`);
      return undefined;
    }
    return value;
  }

  date(body: Body, name: string): number | null | undefined {
    const value = body[name];
    if (value === undefined || value === null || value === '') return null;
    const ms = parseODataDate(value);
    if (ms === undefined) this.add(ERROR_CODES.invalidValue, name, `${name} must be an Edm.DateTime such as /Date(1764288000000)/`);
    return ms;
  }
}

function readQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && QUANTITY.test(value.trim())) return Number(value.trim());
  return undefined;
}

function readPartners(body: Body, store: ErpStore, soldTo: SeedCustomer | undefined, problems: Problems): SalesOrderPartner[] {
  const raw = body.to_Partner;
  const partners: SalesOrderPartner[] = [];
  if (raw !== undefined && raw !== null) {
    const rows = navigationRows(raw);
    if (!rows) problems.add(ERROR_CODES.invalidValue, 'to_Partner', 'to_Partner must be an array of partners');
    (rows ?? []).forEach((row, index) => {
      const target = `to_Partner(${index + 1})`;
      if (!isObject(row)) {
        problems.add(ERROR_CODES.invalidValue, target, `Partner ${index + 1} must be an object`);
        return;
      }
      const partnerFunction = problems.string(row, 'PartnerFunction', `${target}/PartnerFunction`, { required: true });
      const customer = problems.string(row, 'Customer', `${target}/Customer`, { required: true });
      if (partnerFunction === undefined || customer === undefined) return;
      if (!(PARTNER_FUNCTIONS as readonly string[]).includes(partnerFunction)) {
        problems.add(ERROR_CODES.invalidValue, `${target}/PartnerFunction`, `Partner function '${partnerFunction}' is not one of ${PARTNER_FUNCTIONS.join(', ')}`);
        return;
      }
      if (partners.some((partner) => partner.partnerFunction === partnerFunction)) {
        problems.add(ERROR_CODES.invalidValue, `${target}/PartnerFunction`, `Partner function '${partnerFunction}' is given more than once`);
        return;
      }
      if (partnerFunction === 'SH') {
        const shipTo = store.customers.get(customer);
        if (!shipTo) {
          problems.add(ERROR_CODES.unknownShipTo, `${target}/Customer`, `Ship-to party ${customer} does not exist`);
          return;
        }
        // The sold-to itself may take the goods (a sold-to's account group allows every partner function in SAP);
        // any other ship-to must be one of its own.
        if (soldTo && customer !== soldTo.customerNumber && !soldTo.shipTos.some((candidate) => candidate.partnerNumber === customer)) {
          problems.add(ERROR_CODES.unknownShipTo, `${target}/Customer`, `Customer ${customer} is not a ship-to party of sold-to party ${soldTo.customerNumber}`);
          return;
        }
      } else if (soldTo && customer !== soldTo.customerNumber) {
        // The seed's customers pay and are billed themselves: SP, BP and PY are the sold-to party.
        problems.add(ERROR_CODES.invalidValue, `${target}/Customer`, `Partner function ${partnerFunction} must be the sold-to party ${soldTo.customerNumber}, not ${customer}`);
        return;
      }
      partners.push({ partnerFunction: partnerFunction as SalesOrderPartner['partnerFunction'], customer });
    });
  }
  if (!soldTo) return partners;
  const result: SalesOrderPartner[] = [{ partnerFunction: 'SP', customer: soldTo.customerNumber }];
  const shipTo = partners.find((partner) => partner.partnerFunction === 'SH');
  // Partner determination: without an explicit ship-to, the customer master's first one is proposed.
  const proposed = soldTo.shipTos[0]?.partnerNumber ?? soldTo.customerNumber;
  result.push(shipTo ?? { partnerFunction: 'SH', customer: proposed });
  for (const partner of partners) if (partner.partnerFunction === 'BP' || partner.partnerFunction === 'PY') result.push(partner);
  return result;
}

function readLine(row: unknown, index: number, store: ErpStore, soldTo: SeedCustomer | undefined, seen: Set<string>, problems: Problems): SalesDocumentLine | undefined {
  const target = `to_Item(${index + 1})`;
  if (!isObject(row)) {
    problems.add(ERROR_CODES.invalidValue, target, `Item ${index + 1} must be an object`);
    return undefined;
  }
  const before = problems.details.length;
  let salesOrderItem = problems.string(row, 'SalesOrderItem', `${target}/SalesOrderItem`, { fallback: String((index + 1) * 10) });
  if (salesOrderItem !== undefined && (!ITEM_NUMBER.test(salesOrderItem) || Number(salesOrderItem) === 0)) {
    problems.add(ERROR_CODES.invalidValue, `${target}/SalesOrderItem`, `Item number '${salesOrderItem}' must be 1 to 6 digits and not zero`);
    salesOrderItem = undefined;
  }
  if (salesOrderItem !== undefined) {
    salesOrderItem = String(Number(salesOrderItem));
    if (seen.has(salesOrderItem)) problems.add(ERROR_CODES.invalidValue, `${target}/SalesOrderItem`, `Item number ${salesOrderItem} is used twice`);
    seen.add(salesOrderItem);
  }
  // Messages name the customer's own line too, so a rejection can be mapped back onto the purchase order.
  const customerItem = row.UnderlyingPurchaseOrderItem;
  const customerLine = typeof customerItem === 'string' && customerItem !== '' ? ` (customer item ${customerItem.slice(0, 6)})` : '';
  const label = `Item ${salesOrderItem ?? index + 1}${customerLine}`;

  const material = problems.string(row, 'Material', `${target}/Material`, { required: true, maxLength: 40 });
  const item = material === undefined ? undefined : store.items.get(material);
  if (material !== undefined && !item) problems.add(ERROR_CODES.unknownMaterial, `${target}/Material`, `${label}: material ${material} does not exist`);

  const unitText = problems.string(row, 'RequestedQuantityUnit', `${target}/RequestedQuantityUnit`, { fallback: 'EA' });
  const unit = UNITS.find((candidate) => candidate === unitText);
  if (unitText !== undefined && !unit) {
    const forMaterial = item ? ` for material ${item.material}` : '';
    problems.add(ERROR_CODES.invalidUnit, `${target}/RequestedQuantityUnit`, `${label}: unit '${unitText}' is not defined${forMaterial} (use EA or CS)`);
  }

  const rawQuantity = row.RequestedQuantity;
  const quantity = readQuantity(rawQuantity);
  if (rawQuantity === undefined || rawQuantity === null || rawQuantity === '') {
    problems.add(ERROR_CODES.missingValue, `${target}/RequestedQuantity`, `${label}: RequestedQuantity is required`);
  } else if (quantity === undefined) {
    problems.add(ERROR_CODES.invalidQuantity, `${target}/RequestedQuantity`, `${label}: quantity '${String(rawQuantity)}' is not a decimal number`);
  } else if (quantity <= 0) {
    problems.add(ERROR_CODES.invalidQuantity, `${target}/RequestedQuantity`, `${label}: quantity must be greater than zero`);
  } else if (!Number.isInteger(quantity)) {
    problems.add(ERROR_CODES.invalidQuantity, `${target}/RequestedQuantity`, `${label}: unit ${unit ?? 'EA'} allows no decimal places (quantity ${String(rawQuantity)})`);
  } else if (quantity > MAX_QUANTITY) {
    problems.add(ERROR_CODES.invalidQuantity, `${target}/RequestedQuantity`, `${label}: quantity exceeds ${MAX_QUANTITY}`);
  }

  const defaultPlant = store.seed.warehouses[0]?.id ?? '';
  const plant = problems.string(row, 'ProductionPlant', `${target}/ProductionPlant`, { fallback: defaultPlant });
  if (plant !== undefined && !store.plants.has(plant)) problems.add(ERROR_CODES.unknownPlant, `${target}/ProductionPlant`, `${label}: plant ${plant} does not exist`);

  // SAP's UnderlyingPurchaseOrderItem (VBAP-POSEX) holds 6 characters.
  const underlying = problems.string(row, 'UnderlyingPurchaseOrderItem', `${target}/UnderlyingPurchaseOrderItem`, { maxLength: 6 });

  if (problems.details.length > before || !item || !unit || quantity === undefined || plant === undefined || underlying === undefined || salesOrderItem === undefined) return undefined;
  const eaches = quantity * eachesPerUnit(item, unit);
  const price = soldTo ? priceLine(store.seed, soldTo.customerNumber, item.material, eaches) : undefined;
  if (!price) return undefined;
  return { salesOrderItem, item, quantity, unit, eaches, unitPriceCents: price.unitPriceCents, netCents: price.netCents, plant, underlyingPurchaseOrderItem: underlying };
}

/** The checked, priced document, or a 400 ODataError listing every problem with its target. */
export function readSalesDocument(body: unknown, store: ErpStore): SalesDocumentDraft {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object');
  const problems = new Problems();
  const company = store.seed.company;

  const salesOrderType = problems.string(body, 'SalesOrderType', 'SalesOrderType', { fallback: 'OR' });
  if (salesOrderType !== undefined && salesOrderType !== 'OR') problems.add(ERROR_CODES.invalidValue, 'SalesOrderType', `Sales document type '${salesOrderType}' is not supported (use OR)`);
  const organization: Array<[string, string]> = [
    ['SalesOrganization', company.salesOrganization],
    ['DistributionChannel', company.distributionChannel],
    ['OrganizationDivision', company.division],
  ];
  for (const [name, expected] of organization) {
    const value = problems.string(body, name, name, { fallback: expected });
    if (value !== undefined && value !== expected) problems.add(ERROR_CODES.invalidValue, name, `${name} '${value}' does not exist (the sandbox sells from ${expected})`);
  }

  const soldToNumber = problems.string(body, 'SoldToParty', 'SoldToParty', { required: true, maxLength: 10 });
  const soldTo = soldToNumber === undefined ? undefined : store.soldTo(soldToNumber);
  if (soldToNumber !== undefined && !soldTo) {
    const message = store.customers.has(soldToNumber) ? `Customer ${soldToNumber} is a ship-to party, not a sold-to party` : `Sold-to party ${soldToNumber} does not exist`;
    problems.add(ERROR_CODES.unknownCustomer, 'SoldToParty', message);
  }
  const purchaseOrderByCustomer = problems.string(body, 'PurchaseOrderByCustomer', 'PurchaseOrderByCustomer', { maxLength: 35 });
  const customerPurchaseOrderDate = problems.date(body, 'CustomerPurchaseOrderDate');
  const requestedDeliveryDate = problems.date(body, 'RequestedDeliveryDate');
  const partners = readPartners(body, store, soldTo, problems);

  const rows = body.to_Item === undefined || body.to_Item === null ? undefined : navigationRows(body.to_Item);
  const lines: SalesDocumentLine[] = [];
  if (body.to_Item === undefined || body.to_Item === null || (rows && rows.length === 0)) problems.add(ERROR_CODES.missingValue, 'to_Item', 'A sales document needs at least one item (to_Item)');
  else if (!rows) problems.add(ERROR_CODES.invalidValue, 'to_Item', 'to_Item must be an array of items');
  else if (rows.length > MAX_ITEMS) problems.add(ERROR_CODES.invalidValue, 'to_Item', `A sales document holds at most ${MAX_ITEMS} items`);
  else {
    const seen = new Set<string>();
    rows.forEach((row, index) => {
      const line = readLine(row, index, store, soldTo, seen, problems);
      if (line) lines.push(line);
    });
  }

  if (problems.details.length > 0) throw validationFailed(problems.details);
  // Every field was checked above; the narrowing below only restates it for the compiler.
  if (!soldTo || salesOrderType === undefined || purchaseOrderByCustomer === undefined || customerPurchaseOrderDate === undefined || requestedDeliveryDate === undefined) {
    throw new TypeError('sales document passed validation with missing fields');
  }
  return {
    salesOrderType,
    salesOrganization: company.salesOrganization,
    distributionChannel: company.distributionChannel,
    division: company.division,
    soldTo,
    partners,
    purchaseOrderByCustomer,
    customerPurchaseOrderDate,
    requestedDeliveryDate,
    lines,
    totalNetCents: lines.reduce((sum, line) => sum + line.netCents, 0),
    currency: soldTo.currency,
  };
}
