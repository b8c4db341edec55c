/**
 * `npm run smoke -- [GATEWAY_URL]`: checks a running gateway the way a newcomer would. Reads the portal's catalog,
 * fetches every spec (each must be OpenAPI 3 with at least one operation), gets tokens from the built-in
 * authorization server for the demo clients globex-dev and internal-crm (their development secrets, or
 * SMOKE_PARTNER_SECRET / SMOKE_INTERNAL_SECRET), places an order at the partner tier, and follows it through the
 * process tier (whose workflow posts it to the ERP after the partner's 201: the smoke waits for that, up to
 * SMOKE_WAIT_MS, default 30000, printing each status) and the ERP system API, under one correlation id. Exit 0 when
 * all holds.
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { DEV_CLIENT_SECRETS } from '../gateway/auth/dev-secrets';

/** An `authorization` header with a client-credentials token of `clientId` (its development secret unless `secret` is given). */
export async function bearer(http: AxiosInstance, clientId: string, secret: string | undefined): Promise<Record<string, string>> {
  const response = await http.post<{ access_token?: string }>('/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }).toString(), {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    auth: { username: encodeURIComponent(clientId), password: encodeURIComponent(secret ?? DEV_CLIENT_SECRETS[clientId] ?? '') },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (response.status !== 200 || !response.data.access_token) throw new Error(`no token for ${clientId}: ${response.status} ${JSON.stringify(response.data)}`);
  return { authorization: `Bearer ${response.data.access_token}` };
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Process-tier statuses from the ERP's sales order on: the order is posted. */
const POSTED_OR_LATER = new Set(['POSTED', 'ACKNOWLEDGED', 'RELEASED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'INVOICED']);
/** How often the smoke reads the order while it waits for the workflow, in milliseconds. */
const FOLLOW_INTERVAL_MS = 250;

export interface SmokeOptions {
  /** Longest wait for the process tier to post the order to the ERP, in milliseconds. Default SMOKE_WAIT_MS, else 30000. */
  waitMs?: number;
}

interface ProcessRecord {
  status: string;
  reason?: string;
  correlationId: string;
  erp?: { salesOrderNumber: string };
  history: Array<{ status: string }>;
  steps: Array<{ step: string; failedAttempts: number; lastError?: string }>;
}

interface CatalogEntry {
  id: string;
  specUrl: string;
  docsUrl: string;
  status: string;
}

export async function smoke(baseUrl: string, log: (line: string) => void = console.log, options: SmokeOptions = {}): Promise<void> {
  const waitMs = options.waitMs ?? (Number(process.env.SMOKE_WAIT_MS) || 30_000);
  const http = axios.create({ baseURL: baseUrl, timeout: 15_000, validateStatus: () => true });
  const expect = (condition: unknown, message: string): void => {
    if (!condition) throw new Error(message);
  };

  const catalog = await http.get<{ apis: CatalogEntry[] }>('/portal/catalog.json');
  expect(catalog.status === 200, `GET /portal/catalog.json answered ${catalog.status}`);
  for (const entry of catalog.data.apis) {
    const spec = await http.get<{ openapi?: string; paths?: Record<string, Record<string, unknown>> }>(entry.specUrl);
    expect(spec.status === 200 && /^3\./.test(spec.data.openapi ?? ''), `${entry.specUrl} is not an OpenAPI 3 document`);
    const operations = Object.values(spec.data.paths ?? {}).flatMap((item) => Object.keys(item).filter((key) => HTTP_METHODS.has(key)));
    expect(operations.length > 0, `${entry.id} has no operation`);
    log(`spec ok   ${entry.id} (${entry.status}, ${operations.length} operations)`);
  }

  const correlationId = `smoke-${randomUUID()}`;
  const partner = { 'x-correlation-id': correlationId, ...(await bearer(http, 'globex-dev', process.env.SMOKE_PARTNER_SECRET)) };
  const internal = { 'x-correlation-id': correlationId, ...(await bearer(http, 'internal-crm', process.env.SMOKE_INTERNAL_SECRET)) };
  log('tokens    globex-dev (partner), internal-crm (internal app)');
  const placed = await http.post(
    '/partner/customers/v1/orders',
    { purchaseOrderNumber: `SMOKE-${Date.now()}`, lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'CS' }] },
    { headers: partner },
  );
  expect(placed.status === 201, `placing the order answered ${placed.status}: ${JSON.stringify(placed.data)}`);
  expect(placed.headers['x-correlation-id'] === correlationId, 'the partner tier did not keep the correlation id');
  log(`partner   order ${placed.data.id} ${placed.data.status}; the process tier takes it from here`);

  // The workflow validates, prices, allocates and posts after the 201: follow it until the ERP has it.
  const started = Date.now();
  let processed: ProcessRecord | undefined;
  let seen = '';
  for (;;) {
    const response = await http.get<ProcessRecord>(`/process/orders/v2/orders/${placed.data.id}`, { headers: internal });
    expect(response.status === 200, `reading the order at the process tier answered ${response.status}: ${JSON.stringify(response.data)}`);
    processed = response.data;
    expect(processed.correlationId === correlationId, 'the process tier does not show the same correlation id');
    const failing = processed.steps.find((step) => step.failedAttempts > 0 && step.lastError);
    const progress = `${processed.status}${failing ? ` (step ${failing.step}: ${failing.failedAttempts} failed attempts, last ${failing.lastError})` : ''}`;
    if (progress !== seen) log(`process   ${progress} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    seen = progress;
    if (POSTED_OR_LATER.has(processed.status) && processed.erp) break;
    expect(processed.status !== 'REJECTED', `the process tier rejected the order: ${processed.reason ?? 'no reason given'}`);
    expect(processed.status !== 'EXCEPTION', `the order is in the exceptions queue: ${processed.reason ?? 'no reason given'}`);
    expect(Date.now() - started < waitMs, `the process tier did not post the order in ${waitMs} ms; it is ${progress}`);
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS));
  }
  const salesOrderNumber = processed.erp!.salesOrderNumber;
  log(`process   ${processed.history.map((step) => step.status).join(' → ')}, correlation ${processed.correlationId}`);

  const confirmed = await http.get(`/partner/customers/v1/orders/${placed.data.id}`, { headers: partner });
  expect(confirmed.status === 200 && confirmed.data.status === 'CONFIRMED' && confirmed.data.salesOrderNumber === salesOrderNumber, `the partner tier does not show the order confirmed: ${JSON.stringify(confirmed.data)}`);
  log(`partner   order ${confirmed.data.id} ${confirmed.data.status}, sales order ${confirmed.data.salesOrderNumber}`);

  const erp = await http.get(`/system/erp/v1/sales-orders/${salesOrderNumber}`, { headers: internal });
  expect(erp.status === 200 && erp.data.purchaseOrderNumber === placed.data.purchaseOrderNumber, 'the ERP does not hold the order');
  log(`system    ERP sales order ${erp.data.salesOrderNumber} for PO ${erp.data.purchaseOrderNumber}, ${erp.data.netAmount.amount} ${erp.data.netAmount.currency}`);
}

if (require.main === module) {
  const baseUrl = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
  smoke(baseUrl).then(
    () => console.log('smoke ok'),
    (error: unknown) => {
      console.error(`smoke failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
