/**
 * The WMS adapter for ShipBob's REST API, 2026-01 (sandbox/wms/DIALECT.md): Bearer token, snake_case JSON, cursor
 * pages for inventory and products, orders by reference id. Maps ShipBob's answers to the v1 contract and its
 * refusals to the gateway's problem codes.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import { AxiosError } from 'axios';
import type { z } from 'zod';
import { GatewayError, type FieldError } from '../../../../../gateway/errors';
import type { WmsConnection } from '../../../../../gateway/config/schema';
import { createPlatformClient, PlatformResponseError, type PlatformClientOptions } from '../../../../../gateway/http/platform-client';
import type { InventoryPosition, InventoryPositionPage, OrderRelease, OrderReleaseCreate, ShipmentConfirmation } from '../../v1/models';
import type { InventoryQuery, WmsAdapter } from '../wms-adapter';
import {
  inventoryByLocationPageSchema,
  orderListSchema,
  orderSchema,
  productPageSchema,
  shipmentSchema,
  type ShipBobInventoryByLocation,
  type ShipBobOrder,
  type ShipBobProduct,
} from './dialect';
import { comparePositions, isShipped, toConfirmations, toCreateOrder, toInventoryPositions, toOrderRelease, type ProductFacts } from './mapping';

export interface ShipBobAdapterOptions {
  connection: WmsConnection;
  /** The HTTP client; built from the connection when absent. */
  client?: AxiosInstance;
  /** The clock (inventory `asOf`, order `purchase_date`). */
  now?: () => Date;
  /** Most pages one listing may follow before the WMS counts as broken. Default 200. */
  maxPages?: number;
  /** Observers for the HTTP client built from the connection (the gateway's upstream metrics). */
  instrument?: PlatformClientOptions['instrument'];
}

const PLATFORM = 'WMS';
const API = '/2026-01';
const PAGE_SIZE = 250;
/** Most orders one search by reference id asks for. */
const ORDER_SEARCH_LIMIT = 50;
const INT32_MAX = 2_147_483_647;
/** Units the adapter passes on: ShipBob knows EA, INP, CS and PL; the Rec 20 codes for the three it shares are the same. */
const UNITS = new Set(['EA', 'CS', 'PL']);

export function createShipBobAdapter(options: ShipBobAdapterOptions): WmsAdapter {
  const { connection } = options;
  if (!connection.baseUrl && !options.client) throw new TypeError('platforms.wms.baseUrl: required by the ShipBob adapter');
  const http =
    options.client ??
    createPlatformClient({
      name: PLATFORM,
      baseURL: connection.baseUrl as string,
      timeoutMs: connection.timeoutMs,
      retries: connection.retries,
      retryBaseDelayMs: connection.retryBaseDelayMs,
      headers: { Authorization: `Bearer ${connection.apiToken}`, Accept: 'application/json' },
      ...(options.instrument ? { instrument: options.instrument } : {}),
    });
  const now = options.now ?? (() => new Date());
  const maxPages = options.maxPages ?? 200;
  const origin = connection.baseUrl ? new URL(connection.baseUrl).origin : undefined;
  const channelHeaders = { shipbob_channel_id: connection.channelId };

  /** Reads an answer against its schema: a body that does not fit is the WMS's failure. */
  function read<T extends z.ZodType>(schema: T, response: AxiosResponse<unknown>, what: string): z.infer<T> {
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} answered ${what} with an unexpected body`, { cause: parsed.error });
    }
    return parsed.data;
  }

  /** A `next` link, as a path on the configured WMS: never a request with our token to another host. */
  function followable(link: string): string {
    if (link.startsWith('/')) return link;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} answered a malformed page link`);
    }
    if (origin && url.origin !== origin) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} pointed its next page at another host`);
    return `${url.pathname}${url.search}`;
  }

  /** Every item of a cursor-paged listing. */
  async function readAll<T>(path: string, params: Record<string, string | number>, schema: z.ZodType<{ items: T[]; next?: string | null }>, what: string): Promise<T[]> {
    const items: T[] = [];
    let response = await http.get(`${API}${path}`, { params: { ...params, PageSize: PAGE_SIZE } });
    for (let page = 1; ; page += 1) {
      const body = read(schema, response, what);
      // A page larger than asked for is not ShipBob keeping its contract: refuse it rather than pass on an unbounded list.
      if (body.items.length > PAGE_SIZE) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} answered a page of ${what} with ${body.items.length} items (asked for at most ${PAGE_SIZE})`);
      items.push(...body.items);
      if (!body.next) return items;
      if (page >= maxPages) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} listed more than ${maxPages} pages of ${what}`);
      response = await http.get(followable(body.next));
    }
  }

  async function productsBySku(sku?: string): Promise<ShipBobProduct[]> {
    return readAll('/product', sku ? { SKU: sku } : {}, productPageSchema, 'the products');
  }

  function factsByInventoryId(products: readonly ShipBobProduct[]): Map<number, ProductFacts & { sku?: string }> {
    const facts = new Map<number, ProductFacts & { sku?: string }>();
    for (const product of products) {
      for (const variant of product.variants ?? []) {
        const inventoryId = variant.inventory?.inventory_id;
        if (inventoryId === null || inventoryId === undefined) continue;
        facts.set(inventoryId, { ...(variant.gtin ? { gtin: variant.gtin } : {}), ...(variant.sku ? { sku: variant.sku } : {}) });
      }
    }
    return facts;
  }

  /** The inventory id of a SKU; undefined when the WMS has no such product. */
  async function inventoryIdOf(material: string): Promise<{ inventoryId: number; facts: ProductFacts } | undefined> {
    const products = await productsBySku(material);
    for (const [inventoryId, facts] of factsByInventoryId(products)) {
      if (facts.sku === material) return { inventoryId, facts };
    }
    return undefined;
  }

  async function levels(params: Record<string, string | number>): Promise<ShipBobInventoryByLocation[]> {
    return readAll('/inventory-level/locations', params, inventoryByLocationPageSchema, 'the inventory levels');
  }

  async function positions(query: { material?: string; warehouse?: string }): Promise<InventoryPosition[] | undefined> {
    const params: Record<string, string | number> = {};
    if (query.warehouse !== undefined) params.LocationId = Number(query.warehouse);
    let facts: Map<number, ProductFacts>;
    if (query.material !== undefined) {
      const found = await inventoryIdOf(query.material);
      if (!found) return undefined;
      params.InventoryIds = String(found.inventoryId);
      facts = new Map([[found.inventoryId, found.facts]]);
    } else {
      facts = factsByInventoryId(await productsBySku());
    }
    const items = await levels(params);
    const asOf = now().toISOString();
    return items
      .filter((item) => query.material === undefined || item.sku === query.material)
      .flatMap((item) => toInventoryPositions(item, facts.get(item.inventory_id), asOf))
      .filter((position) => query.warehouse === undefined || position.warehouse === query.warehouse)
      .sort(comparePositions);
  }

  async function findOrder(referenceId: string): Promise<ShipBobOrder | undefined> {
    const response = await http.get(`${API}/order`, { params: { ReferenceIds: referenceId, Limit: ORDER_SEARCH_LIMIT }, headers: channelHeaders });
    const orders = read(orderListSchema, response, 'the order search');
    if (orders.length > ORDER_SEARCH_LIMIT) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} answered the order search with ${orders.length} orders (asked for at most ${ORDER_SEARCH_LIMIT})`);
    return orders.find((order) => order.reference_id === referenceId);
  }

  async function orderOrNotFound(releaseId: string): Promise<ShipBobOrder> {
    const order = await translateErrors(() => findOrder(releaseId));
    if (!order) throw new GatewayError('ERR_NOT_FOUND', `Release '${releaseId}' does not exist`);
    return order;
  }

  return {
    async listInventory(query: InventoryQuery): Promise<InventoryPositionPage> {
      const all = (await translateErrors(() => positions(query))) ?? [];
      return { items: all.slice(query.offset, query.offset + query.limit), total: all.length, offset: query.offset, limit: query.limit };
    },

    async getInventory(material: string): Promise<InventoryPosition[]> {
      const found = await translateErrors(() => positions({ material }));
      if (!found) throw new GatewayError('ERR_NOT_FOUND', `Material '${material}' does not exist in the WMS`);
      return found;
    },

    async createRelease(release: OrderReleaseCreate): Promise<OrderRelease> {
      const quantities = checkRelease(release);
      const body = toCreateOrder(release, quantities, now());
      let response: AxiosResponse<unknown>;
      try {
        response = await http.post(`${API}/order`, body, { headers: channelHeaders });
      } catch (error) {
        if (error instanceof PlatformResponseError && (error.status === 422 || error.status === 409)) {
          const existing = await findOrder(release.salesOrderNumber).catch(() => undefined);
          if (existing) {
            throw new GatewayError('ERR_CONFLICT', `Sales order '${release.salesOrderNumber}' was already released (WMS order ${existing.id})`);
          }
        }
        if (unknownOutcome(error)) {
          // The WMS may have created the order and lost the answer: look before reporting a failure.
          const created = await findOrder(release.salesOrderNumber).catch(() => undefined);
          if (created) return toOrderRelease(created);
        }
        throw translate(error, { fieldFor: releaseField });
      }
      return toOrderRelease(read(orderSchema, response, 'the new order'));
    },

    async getRelease(releaseId: string): Promise<OrderRelease> {
      return toOrderRelease(await orderOrNotFound(releaseId));
    },

    async listShipments(releaseId: string): Promise<ShipmentConfirmation[]> {
      return toConfirmations(await orderOrNotFound(releaseId));
    },

    async getShipment(shipmentId: string): Promise<ShipmentConfirmation> {
      const notFound = () => new GatewayError('ERR_NOT_FOUND', `Shipment '${shipmentId}' does not exist`);
      if (!/^\d{1,10}$/.test(shipmentId) || Number(shipmentId) > INT32_MAX) throw notFound();
      return translateErrors(
        async () => {
          const shipment = read(shipmentSchema, await http.get(`${API}/shipment/${shipmentId}`, { headers: channelHeaders }), 'the shipment');
          if (!isShipped(shipment)) throw new GatewayError('ERR_NOT_FOUND', `Shipment '${shipmentId}' has not shipped yet`);
          if (shipment.order_id === null || shipment.order_id === undefined) {
            throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} answered a shipment without its order`);
          }
          const order = read(orderSchema, await http.get(`${API}/order/${shipment.order_id}`, { headers: channelHeaders }), 'the order');
          const confirmation = toConfirmations(order).find((candidate) => candidate.shipmentId === String(shipment.id));
          if (!confirmation) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} does not list shipment ${shipmentId} on its order`);
          return confirmation;
        },
        { notFound },
      );
    },

    async checkHealth(): Promise<void> {
      try {
        await http.get(`${API}/fulfillment-center`);
      } catch (error) {
        if (error instanceof PlatformResponseError) {
          const reason = error.status === 401 || error.status === 403 ? 'rejected the gateway\'s credentials' : 'refused the health check';
          throw new GatewayError('ERR_PLATFORM_UNAVAILABLE', `${PLATFORM} ${reason} (status ${error.status})`, { cause: error });
        }
        const detail = error instanceof GatewayError ? error.message : `${PLATFORM} is unavailable`;
        throw new GatewayError('ERR_PLATFORM_UNAVAILABLE', detail, { cause: error });
      }
    },
  };
}

// ---- checks and error translation ----------------------------------------------------------------------------------

/** What ShipBob cannot take, refused before the call: whole quantities, known units, unique line numbers. Answers the quantities. */
function checkRelease(release: OrderReleaseCreate): number[] {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  const quantities = release.lines.map((line, index) => {
    if (seen.has(line.lineNumber)) {
      fields.push({ name: `body.lines.${index}.lineNumber`, message: `line number '${line.lineNumber}' appears more than once`, value: line.lineNumber });
    }
    seen.add(line.lineNumber);
    if (!UNITS.has(line.quantity.uom)) {
      fields.push({ name: `body.lines.${index}.quantity.uom`, message: 'the WMS takes EA, CS or PL', value: line.quantity.uom });
    }
    const value = Number(line.quantity.value);
    if (!/^\d+(\.0+)?$/.test(line.quantity.value) || !Number.isSafeInteger(value) || value < 1 || value > INT32_MAX) {
      fields.push({ name: `body.lines.${index}.quantity.value`, message: 'must be a whole number from 1', value: line.quantity.value });
    }
    return value;
  });
  if (fields.length > 0) {
    throw new GatewayError('ERR_VALIDATION', `Invalid request: ${fields.map((field) => field.name).join(', ')}`, { fields });
  }
  return quantities;
}

/** ShipBob's field of a create-order error → the field of the release the caller sent. */
function releaseField(field: string): string | undefined {
  const product = /^products\[(\d+)\]\.?(.*)$/i.exec(field);
  if (product) {
    const [, index, member] = product;
    const target = /quantity_unit/i.test(member ?? '') ? 'quantity.uom' : /quantity/i.test(member ?? '') ? 'quantity.value' : 'material';
    return `body.lines.${index}.${target}`;
  }
  if (/^reference_id$/i.test(field)) return 'body.salesOrderNumber';
  if (/^location_id$/i.test(field)) return 'body.warehouse';
  if (/^recipient\./i.test(field)) return 'body.shipTo';
  if (/^retailer_program_data\.purchase_order_number$/i.test(field)) return 'body.customerPurchaseOrderNumber';
  return undefined;
}

/** The WMS's own words from an error body: a problem's detail, or field → messages. */
export function wmsMessages(body: unknown, fieldFor?: (field: string) => string | undefined): { text: string; fields: FieldError[] } {
  if (typeof body === 'string') return { text: body.trim().slice(0, 500), fields: [] };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { text: '', fields: [] };
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string' || typeof record.title === 'string') {
    return { text: String(record.detail ?? record.title).slice(0, 500), fields: [] };
  }
  const parts: string[] = [];
  const fields: FieldError[] = [];
  for (const [field, value] of Object.entries(record).slice(0, 50)) {
    const messages = (Array.isArray(value) ? value : [value]).filter((message): message is string => typeof message === 'string').slice(0, 10);
    for (const message of messages) {
      parts.push(field === '$' || field === 'errors' ? message : `${field}: ${message}`);
      const name = fieldFor?.(field);
      if (name) fields.push({ name, message: message.slice(0, 300) });
    }
  }
  return { text: parts.join('; ').slice(0, 1000), fields };
}

interface TranslateOptions {
  notFound?: () => GatewayError;
  fieldFor?: (field: string) => string | undefined;
}

/** A platform 4xx in the gateway's terms; everything else passes through (createPlatformClient mapped the 5xx). */
function translate(error: unknown, options: TranslateOptions = {}): unknown {
  if (!(error instanceof PlatformResponseError)) return error;
  const { text, fields } = wmsMessages(error.body, options.fieldFor);
  switch (error.status) {
    case 404:
      return options.notFound?.() ?? new GatewayError('ERR_NOT_FOUND', `${PLATFORM}: ${text || 'not found'}`);
    case 400:
    case 422:
      return new GatewayError('ERR_UNPROCESSABLE', `${PLATFORM} refused the request: ${text || `status ${error.status}`}`, {
        ...(fields.length > 0 ? { fields } : {}),
        cause: error,
      });
    case 409:
      return new GatewayError('ERR_CONFLICT', `${PLATFORM}: ${text || 'conflict'}`, { cause: error });
    case 401:
    case 403:
      return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} rejected the gateway's credentials (status ${error.status})`, { cause: error });
    default:
      return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${PLATFORM} answered status ${error.status}`, { cause: error });
  }
}

async function translateErrors<T>(call: () => Promise<T>, options: TranslateOptions = {}): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translate(error, options);
  }
}

/** Whether a failed create may have reached the WMS and been done there: its answer was lost, or it failed midway. */
function unknownOutcome(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === 'ERR_PLATFORM_TIMEOUT' || error.code === 'ERR_PLATFORM_BAD_GATEWAY') return true;
  if (error.code !== 'ERR_PLATFORM_UNAVAILABLE') return false;
  const cause = error.cause;
  // Refused connections never reached the WMS; a 503/429 says it did not do the work.
  return cause instanceof AxiosError && !cause.response && cause.code !== 'ECONNREFUSED';
}
