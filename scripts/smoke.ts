/**
 * `npm run smoke -- [GATEWAY_URL]`: checks a running gateway the way a newcomer would. Reads the portal's catalog,
 * fetches every spec (each must be OpenAPI 3 with at least one operation), gets tokens from the built-in
 * authorization server for the demo clients globex-dev and internal-crm (their development secrets, or
 * SMOKE_PARTNER_SECRET / SMOKE_INTERNAL_SECRET), places an order at the partner tier, and follows it through the
 * process tier and the ERP system API, under one correlation id. Exit 0 when all holds.
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { DEV_CLIENT_SECRETS } from '../gateway/auth/dev-secrets';

async function bearer(http: AxiosInstance, clientId: string, secret: string | undefined): Promise<Record<string, string>> {
  const response = await http.post<{ access_token?: string }>('/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }).toString(), {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    auth: { username: encodeURIComponent(clientId), password: encodeURIComponent(secret ?? DEV_CLIENT_SECRETS[clientId] ?? '') },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (response.status !== 200 || !response.data.access_token) throw new Error(`no token for ${clientId}: ${response.status} ${JSON.stringify(response.data)}`);
  return { authorization: `Bearer ${response.data.access_token}` };
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

interface CatalogEntry {
  id: string;
  specUrl: string;
  docsUrl: string;
  status: string;
}

export async function smoke(baseUrl: string, log: (line: string) => void = console.log): Promise<void> {
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
  log(`partner   order ${placed.data.id} ${placed.data.status}, sales order ${placed.data.salesOrderNumber}`);

  const processed = await http.get(`/process/orders/v1/orders/${placed.data.id}`, { headers: internal });
  expect(processed.status === 200 && processed.data.correlationId === correlationId, 'the process tier does not show the same correlation id');
  log(`process   ${processed.data.history.map((step: { status: string }) => step.status).join(' → ')}, correlation ${processed.data.correlationId}`);

  const erp = await http.get(`/system/erp/v1/sales-orders/${placed.data.salesOrderNumber}`, { headers: internal });
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
