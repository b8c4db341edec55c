/**
 * The sandbox WMS: a real HTTP server speaking the ShipBob 2026-01 subset in DIALECT.md, seeded from the
 * distributor seed (the same items, warehouses and stock as the sandbox ERP), with test controls under /__sandbox/.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createDistributorSeed, type DistributorSeed } from '../seed/distributor';
import { servePlatform } from '../listen';
import type { PlatformServer, SandboxServerOptions } from '../types';
import { addFieldError, parseCreateOrder, type FieldErrors } from './order-input';
import { fulfillmentCenterView, inventoryByLocationView, inventoryTotalsView, orderView, productView, shipmentView } from './views';
import { OrderRejected, SandboxWarehouse, type OrderRecord, type ProductRecord } from './warehouse';

export interface SandboxWmsOptions extends SandboxServerOptions {
  /** The distributor seed; `createDistributorSeed()` when absent. */
  seed?: DistributorSeed;
  /** The one Bearer token the sandbox accepts. Default `sandbox-wms-token`. */
  apiToken?: string;
  /** How long a packed shipment waits before it ships by itself, in milliseconds. Default 60000. */
  shipDelayMs?: number;
  /** The clock. Default: the system clock. */
  now?: () => Date;
}

interface SandboxWmsConfig {
  seed: DistributorSeed;
  apiToken: string;
  shipDelayMs: number;
  now: () => Date;
}

const OPTION_KEYS = new Set(['port', 'host', 'seed', 'apiToken', 'shipDelayMs', 'now']);
export const DEFAULT_API_TOKEN = 'sandbox-wms-token';
export const DEFAULT_SHIP_DELAY_MS = 60_000;
const API_PREFIX = '/2026-01';
const JOURNAL_LIMIT = 1000;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 250;
const INT32_MAX = 2_147_483_647;

/** Options in, frozen configuration out; a mistake is the caller's bug and throws at once. */
function configure(options: SandboxWmsOptions): SandboxWmsConfig {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`sandbox WMS: unknown option '${key}'`);
  }
  const shipDelayMs = options.shipDelayMs ?? DEFAULT_SHIP_DELAY_MS;
  if (!Number.isInteger(shipDelayMs) || shipDelayMs < 0 || shipDelayMs > INT32_MAX) {
    throw new TypeError('sandbox WMS: shipDelayMs must be a whole number of milliseconds, 0 or more');
  }
  const apiToken = options.apiToken ?? DEFAULT_API_TOKEN;
  if (typeof apiToken !== 'string' || apiToken.length === 0) throw new TypeError('sandbox WMS: apiToken must be a non-empty string');
  return Object.freeze({ seed: options.seed ?? createDistributorSeed(), apiToken, shipDelayMs, now: options.now ?? (() => new Date()) });
}

// ---- journal and faults ----------------------------------------------------------------------------------------

interface JournalEntry {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number | null;
  correlationId: string | null;
  traceparent: string | null;
  channelId: string | null;
}

interface Faults {
  latencyMs: number;
  /** When > 0, only this many next requests are slowed down. */
  latencyNext: number;
  failNext: number;
  failStatus: number;
}

const NO_FAULTS: Faults = Object.freeze({ latencyMs: 0, latencyNext: 0, failNext: 0, failStatus: 503 });

function headerText(request: Request, name: string): string | null {
  const value = request.headers[name];
  if (Array.isArray(value)) return value.join(', ');
  return value ?? null;
}

// ---- ShipBob-style answers ---------------------------------------------------------------------------------------

/** An RFC 7807 problem, as ShipBob's inventory and product services answer. */
function sendProblem(response: Response, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  response
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: `https://httpstatuses.io/${status}`, title, status, detail, instance: response.req.originalUrl.split('?')[0], ...extra }));
}

/** ShipBob's order-service error body: field → messages. */
function sendFieldErrors(response: Response, status: 400 | 422 | 409, errors: FieldErrors): void {
  response.status(status).json(errors);
}

class BadRequest extends Error {
  constructor(readonly errors: FieldErrors) {
    super('bad request');
  }
}

/** Query parameters by name, case-insensitively (ASP.NET binds them so); repeated ones joined by commas. */
function queryParameters(request: Request): Map<string, string> {
  const out = new Map<string, string>();
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    const text = Array.isArray(value) ? value.filter((part) => typeof part === 'string').join(',') : typeof value === 'string' ? value : undefined;
    if (text !== undefined) out.set(name.toLowerCase(), text);
  }
  return out;
}

function intParameter(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadRequest({ [name]: [`The value '${text.slice(0, 50)}' is not valid for ${name}.`] });
  }
  return value;
}

function intListParameter(name: string, text: string | undefined): number[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parts = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length > 500) throw new BadRequest({ [name]: [`At most 500 values are accepted in ${name}.`] });
  return parts.map((part) => intParameter(name, part, 0, INT32_MAX) as number);
}

function pathId(request: Request, name: string): number {
  const text = String(request.params[name] ?? '');
  return intParameter(name, text, 0, INT32_MAX) ?? Number.NaN;
}

// ---- cursor pages --------------------------------------------------------------------------------------------------

interface CursorState {
  /** Offset of the page. */
  o: number;
  /** Page size. */
  s: number;
  /** The filters of the first call. */
  f: Record<string, string>;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(text: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorState;
    const filtersOk =
      state.f !== null && typeof state.f === 'object' && !Array.isArray(state.f) && Object.values(state.f).every((value) => typeof value === 'string');
    if (Number.isInteger(state.o) && state.o >= 0 && Number.isInteger(state.s) && state.s >= 1 && state.s <= MAX_PAGE_SIZE && filtersOk) {
      return state;
    }
  } catch {
    // falls through to the 400 below
  }
  throw new BadRequest({ Cursor: ['The cursor is not valid.'] });
}

/** The page's state: from the cursor when one is given (it carries the filters), else from the query. */
function cursorRequest(request: Request, filterNames: readonly string[]): CursorState {
  const query = queryParameters(request);
  const cursor = query.get('cursor');
  if (cursor) return decodeCursor(cursor);
  const filters: Record<string, string> = {};
  for (const name of filterNames) {
    const value = query.get(name.toLowerCase());
    if (value !== undefined && value !== '') filters[name] = value;
  }
  return { o: 0, s: intParameter('PageSize', query.get('pagesize'), 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE, f: filters };
}

function cursorPage<T>(path: string, state: CursorState, all: readonly T[], render: (item: T) => unknown): Record<string, unknown> {
  const link = (offset: number) => `${API_PREFIX}${path}?Cursor=${encodeCursor({ ...state, o: offset })}`;
  const lastOffset = all.length === 0 ? 0 : Math.floor((all.length - 1) / state.s) * state.s;
  return {
    items: all.slice(state.o, state.o + state.s).map(render),
    first: state.o > 0 ? link(0) : null,
    prev: state.o > 0 ? link(Math.max(0, state.o - state.s)) : null,
    next: state.o + state.s < all.length ? link(state.o + state.s) : null,
    last: state.o < lastOffset ? link(lastOffset) : null,
  };
}

// ---- the app --------------------------------------------------------------------------------------------------------

interface SandboxWmsRuntime {
  app: Express;
  /** Stops every timer the sandbox holds (pending shipments, delayed answers). */
  dispose(): void;
}

function buildSandboxWms(options: SandboxWmsOptions): SandboxWmsRuntime {
  const config = configure(options);
  let warehouse = new SandboxWarehouse({ seed: config.seed, shipDelayMs: config.shipDelayMs, now: config.now });
  let journal: JournalEntry[] = [];
  let faults: Faults = { ...NO_FAULTS };
  const shipTimers = new Map<number, NodeJS.Timeout>();
  const answerTimers = new Set<NodeJS.Timeout>();
  const expectedToken = Buffer.from(config.apiToken);

  const clearShipTimer = (orderId: number) => {
    const timer = shipTimers.get(orderId);
    if (timer) clearTimeout(timer);
    shipTimers.delete(orderId);
  };
  const clearAllTimers = () => {
    for (const timer of shipTimers.values()) clearTimeout(timer);
    shipTimers.clear();
    for (const timer of answerTimers) clearTimeout(timer);
    answerTimers.clear();
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Journal, latency and failure injection for platform calls (never for /__sandbox/).
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith('/__sandbox')) {
      next();
      return;
    }
    const entry: JournalEntry = {
      at: config.now().toISOString(),
      method: request.method,
      path: request.path,
      query: request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?') + 1) : '',
      status: null,
      correlationId: headerText(request, 'x-correlation-id'),
      traceparent: headerText(request, 'traceparent'),
      channelId: headerText(request, 'shipbob_channel_id'),
    };
    journal.unshift(entry);
    if (journal.length > JOURNAL_LIMIT) journal.length = JOURNAL_LIMIT;

    let delayMs = 0;
    if (faults.latencyMs > 0) {
      if (faults.latencyNext > 0) {
        delayMs = faults.latencyMs;
        faults.latencyNext -= 1;
        if (faults.latencyNext === 0) faults.latencyMs = 0;
      } else {
        delayMs = faults.latencyMs;
      }
    }
    // The answer is written late, after the work is done: a platform that did the job and answered after the caller gave up.
    const mutable = response as unknown as { end: (...args: unknown[]) => unknown };
    const end = mutable.end.bind(response);
    mutable.end = (...args: unknown[]) => {
      entry.status = response.statusCode;
      if (delayMs === 0) return end(...args);
      const timer = setTimeout(() => {
        answerTimers.delete(timer);
        if (!response.destroyed && !response.socket?.destroyed) end(...args);
      }, delayMs);
      timer.unref();
      answerTimers.add(timer);
      return response;
    };

    if (faults.failNext > 0) {
      faults.failNext -= 1;
      sendProblem(response, faults.failStatus, 'Injected fault', `The sandbox was told to fail this request with ${faults.failStatus}`);
      return;
    }
    next();
  });

  // ---- sandbox controls ----
  const controls = express.Router();
  controls.use(express.json({ limit: '16kb' }));
  controls.get('/requests', (request, response) => {
    const limit = intParameter('limit', queryParameters(request).get('limit'), 1, JOURNAL_LIMIT) ?? 50;
    // Same shape as the sandbox ERP's journal: { requests: [...] }, newest first.
    response.json({ requests: journal.slice(0, limit) });
  });
  controls.get('/faults', (_request, response) => {
    response.json(faults);
  });
  controls.post('/faults', (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const errors: FieldErrors = {};
    const read = (name: keyof Faults, min: number, max: number, fallback: number): number => {
      const value = body[name];
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        addFieldError(errors, name, `${name} must be a whole number from ${min} to ${max}`);
        return fallback;
      }
      return value;
    };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendFieldErrors(response, 400, { $: ['The body must be a JSON object.'] });
      return;
    }
    const next: Faults = {
      latencyMs: read('latencyMs', 0, 120_000, 0),
      latencyNext: read('latencyNext', 0, 10_000, 0),
      failNext: read('failNext', 0, 10_000, 0),
      failStatus: read('failStatus', 400, 599, 503),
    };
    for (const key of Object.keys(body)) {
      if (!(key in NO_FAULTS)) addFieldError(errors, key, `unknown fault '${key}'`);
    }
    if (Object.keys(errors).length > 0) {
      sendFieldErrors(response, 400, errors);
      return;
    }
    faults = next;
    response.json(faults);
  });
  controls.delete('/faults', (_request, response) => {
    faults = { ...NO_FAULTS };
    response.status(204).end();
  });
  controls.post('/reset', (_request, response) => {
    clearAllTimers();
    warehouse = new SandboxWarehouse({ seed: config.seed, shipDelayMs: config.shipDelayMs, now: config.now });
    journal = [];
    faults = { ...NO_FAULTS };
    response.status(204).end();
  });
  controls.post('/orders/:orderId/ship', (request, response) => {
    const order = warehouse.order(pathId(request, 'orderId'));
    if (!order) {
      sendProblem(response, 404, 'Not Found', `Order ${String(request.params.orderId)} does not exist`);
      return;
    }
    clearShipTimer(order.id);
    const result = warehouse.shipOrder(order.id);
    if (result.shipped === 0 && result.alreadyShipped === 0 && result.waiting > 0) {
      sendFieldErrors(response, 409, { errors: [`Order ${order.id} has no packed shipment: every shipment waits for stock`] });
      return;
    }
    response.json(orderView(warehouse, order));
  });
  app.use('/__sandbox', controls);

  // ---- the platform API ----
  const api = express.Router();
  api.use((request, response, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const presented = Buffer.from(match?.[1] ?? '');
    if (!match || presented.length !== expectedToken.length || !timingSafeEqual(presented, expectedToken)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      sendProblem(response, 401, 'Unauthorized', 'A valid Bearer token is required');
      return;
    }
    next();
  });
  api.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  api.get('/fulfillment-center', (_request, response) => {
    response.json(warehouse.locations.map(fulfillmentCenterView));
  });

  api.get('/product', (request, response) => {
    const state = cursorRequest(request, ['SKU', 'Search', 'InventoryId', 'Barcode']);
    const inventoryId = intParameter('InventoryId', state.f.InventoryId, 0, INT32_MAX);
    const search = state.f.Search?.toLowerCase();
    const products = warehouse.products.filter(
      (product) =>
        (state.f.SKU === undefined || product.item.material === state.f.SKU) &&
        (search === undefined || product.item.material.toLowerCase().includes(search) || product.item.description.toLowerCase().includes(search)) &&
        (inventoryId === undefined || product.inventoryId === inventoryId) &&
        (state.f.Barcode === undefined || product.item.gtin === state.f.Barcode || product.item.caseGtin === state.f.Barcode),
    );
    response.json(cursorPage('/product', state, products, (product) => productView(warehouse, product)));
  });

  api.get('/product/:productId', (request, response) => {
    const product = warehouse.productById(pathId(request, 'productId'));
    if (!product) {
      sendProblem(response, 404, 'Not Found', `Product ${String(request.params.productId)} does not exist`);
      return;
    }
    response.json(productView(warehouse, product));
  });

  const inventoryFilter = (state: CursorState): ProductRecord[] => {
    const ids = intListParameter('InventoryIds', state.f.InventoryIds);
    const search = state.f.SearchBy;
    return warehouse.products.filter(
      (product) =>
        (ids === undefined || ids.includes(product.inventoryId)) &&
        (search === undefined || product.item.material === search || product.item.description.toLowerCase().includes(search.toLowerCase())),
    );
  };

  api.get('/inventory-level/locations', (request, response) => {
    const state = cursorRequest(request, ['InventoryIds', 'SearchBy', 'LocationId']);
    const locationId = intParameter('LocationId', state.f.LocationId, 0, INT32_MAX);
    const locations = warehouse.locations.filter((location) => locationId === undefined || location.id === locationId);
    const products = locations.length === 0 ? [] : inventoryFilter(state);
    response.json(cursorPage('/inventory-level/locations', state, products, (product) => inventoryByLocationView(warehouse, product, locations)));
  });

  api.get('/inventory-level', (request, response) => {
    const state = cursorRequest(request, ['InventoryIds', 'SearchBy']);
    response.json(cursorPage('/inventory-level', state, inventoryFilter(state), (product) => inventoryTotalsView(warehouse, product)));
  });

  api.get('/inventory-level/:inventoryId', (request, response) => {
    const product = warehouse.productByInventoryId(pathId(request, 'inventoryId'));
    if (!product) {
      sendProblem(response, 404, 'Not Found', `Inventory item ${String(request.params.inventoryId)} does not exist`);
      return;
    }
    response.json(inventoryTotalsView(warehouse, product));
  });

  const channelOf = (request: Request, required: boolean): number | undefined => {
    const text = headerText(request, 'shipbob_channel_id');
    if (text === null || text.trim() === '') {
      if (required) throw new BadRequest({ shipbob_channel_id: ['The shipbob_channel_id header is required.'] });
      return undefined;
    }
    return intParameter('shipbob_channel_id', text, 1, INT32_MAX);
  };

  api.get('/order', (request, response) => {
    const query = queryParameters(request);
    const channelId = channelOf(request, false);
    const page = intParameter('Page', query.get('page'), 1, INT32_MAX) ?? 1;
    const limit = intParameter('Limit', query.get('limit'), 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
    const ids = intListParameter('IDs', query.get('ids'));
    const referenceText = query.get('referenceids');
    const references = referenceText === undefined || referenceText === '' ? undefined : referenceText.split(',').map((part) => part.trim());
    const orders = warehouse
      .allOrders()
      .filter(
        (order) =>
          (channelId === undefined || order.channelId === channelId) &&
          (ids === undefined || ids.includes(order.id)) &&
          (references === undefined || references.includes(order.input.reference_id)),
      )
      .sort((a, b) => a.id - b.id);
    const pageOrders = orders.slice((page - 1) * limit, page * limit);
    response.setHeader('Page-Number', String(page));
    response.setHeader('Page-Size', String(limit));
    response.setHeader('Total-Count', String(orders.length));
    response.setHeader('Total-Pages', String(Math.max(1, Math.ceil(orders.length / limit))));
    response.json(pageOrders.map((order) => orderView(warehouse, order)));
  });

  api.post('/order', (request, response) => {
    const channelId = channelOf(request, true) as number;
    if (request.body === undefined) {
      const typed = request.headers['content-type'] !== undefined && Number(request.headers['content-length'] ?? '1') !== 0;
      if (typed) sendProblem(response, 415, 'Unsupported Media Type', 'The body must be application/json');
      else sendFieldErrors(response, 400, { $: ['A non-empty request body is required.'] });
      return;
    }
    const parsed = parseCreateOrder(request.body);
    if (!parsed.ok) {
      sendFieldErrors(response, 400, parsed.errors);
      return;
    }
    let order: OrderRecord;
    try {
      order = warehouse.createOrder(channelId, parsed.value);
    } catch (error) {
      if (error instanceof OrderRejected) {
        sendFieldErrors(response, 422, error.errors);
        return;
      }
      throw error;
    }
    if (order.shipments.some((shipment) => shipment.status === 'LabeledCreated')) {
      const current = warehouse;
      const timer = setTimeout(() => {
        shipTimers.delete(order.id);
        // A reset in between replaced the warehouse; the old order is gone.
        if (current === warehouse) warehouse.shipOrder(order.id);
      }, config.shipDelayMs);
      timer.unref();
      shipTimers.set(order.id, timer);
    }
    response.setHeader('Location', `${API_PREFIX}/order/${order.id}`);
    response.status(201).json(orderView(warehouse, order));
  });

  const findOrder = (request: Request, response: Response): OrderRecord | undefined => {
    const order = warehouse.order(pathId(request, 'orderId'));
    const channelId = channelOf(request, false);
    if (!order || (channelId !== undefined && order.channelId !== channelId)) {
      sendProblem(response, 404, 'Not Found', `Order ${String(request.params.orderId)} does not exist`);
      return undefined;
    }
    return order;
  };

  api.get('/order/:orderId', (request, response) => {
    const order = findOrder(request, response);
    if (order) response.json(orderView(warehouse, order));
  });

  api.get('/order/:orderId/shipment', (request, response) => {
    const order = findOrder(request, response);
    if (order) response.json(order.shipments.map((shipment) => shipmentView(order, shipment)));
  });

  api.get('/order/:orderId/shipment/:shipmentId', (request, response) => {
    const order = findOrder(request, response);
    if (!order) return;
    const shipmentId = pathId(request, 'shipmentId');
    const shipment = order.shipments.find((candidate) => candidate.id === shipmentId);
    if (!shipment) {
      sendProblem(response, 404, 'Not Found', `Shipment ${String(request.params.shipmentId)} does not exist on order ${order.id}`);
      return;
    }
    response.json(shipmentView(order, shipment));
  });

  api.get('/shipment/:shipmentId', (request, response) => {
    const shipment = warehouse.shipment(pathId(request, 'shipmentId'));
    const order = shipment ? warehouse.order(shipment.orderId) : undefined;
    const channelId = channelOf(request, false);
    if (!shipment || !order || (channelId !== undefined && order.channelId !== channelId)) {
      sendProblem(response, 404, 'Not Found', `Shipment ${String(request.params.shipmentId)} does not exist`);
      return;
    }
    response.json(shipmentView(order, shipment));
  });

  app.use(API_PREFIX, api);

  app.use((request: Request, response: Response) => {
    sendProblem(response, 404, 'Not Found', `No resource at ${request.method} ${request.path}`);
  });

  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    if (error instanceof BadRequest) {
      sendFieldErrors(response, 400, error.errors);
      return;
    }
    const type = error && typeof error === 'object' && 'type' in error ? (error as { type: unknown }).type : undefined;
    switch (type) {
      case 'entity.parse.failed':
        sendFieldErrors(response, 400, { $: ['The JSON value could not be parsed.'] });
        return;
      case 'entity.too.large':
        sendProblem(response, 413, 'Payload Too Large', 'The request body is too large');
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        sendProblem(response, 415, 'Unsupported Media Type', 'The request body encoding is not supported');
        return;
      case 'request.aborted':
      case 'request.size.invalid':
        sendFieldErrors(response, 400, { $: ['The request body could not be read.'] });
        return;
      default:
        sendProblem(response, 500, 'Internal Server Error', 'An unexpected error occurred');
    }
  });

  return { app, dispose: clearAllTimers };
}

/** The sandbox WMS as an express app, for mounting elsewhere. Its timers are unref'd and end with the process. */
export function createSandboxWmsApp(options: SandboxWmsOptions = {}): Express {
  return buildSandboxWms(options).app;
}

/** Starts the sandbox WMS on its own port. `close()` stops the listener, every open connection and every timer. */
export async function startSandboxWms(options: SandboxWmsOptions = {}): Promise<PlatformServer> {
  const runtime = buildSandboxWms(options);
  return servePlatform(runtime.app, options, () => runtime.dispose());
}
