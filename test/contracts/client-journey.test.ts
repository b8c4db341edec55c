/**
 * A customer developer's journey with the published contract of partner/customers/v2: fetch the spec from the
 * portal, generate TypeScript types from it (openapi-typescript), write a client (openapi-fetch) against those
 * types, type-check it strictly, get a token and place an order, then read it back until we have confirmed it (the
 * 201 answers the order as taken in) and find it by reference.
 * The journey module is type-checked and then run as it is, so the calls that compile are the calls that pass.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { PROJECT_ROOT } from '../../openapi/catalog';
import { startTestGateway, type TestGateway } from '../support/gateway';

const CLIENT_ID = 'globex-dev';
const CLIENT_SECRET = 'dev-secret-globex-dev-2Rk7';
const API_PATH = '/partner/customers/v2';
const SPEC_PATH = '/portal/specs/partner/customers/v2.json';

/** What the partner writes: only type imports, so the module loads from a temp folder and is handed the client. */
const JOURNEY_SOURCE = `import type createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { components, paths } from './customers-v2';

type Order = components['schemas']['Order'];
type OrderRequest = components['schemas']['OrderRequest'];

export interface JourneyResult {
  placedStatus: number;
  location: string | null;
  placed: Order;
  readStatus: number;
  /** How many reads it took until the order was decided. */
  reads: number;
  read: Order;
  found: Order[];
}

export async function journey(create: typeof createClient, baseUrl: string, token: string, reference: string): Promise<JourneyResult> {
  const client = create<paths>({ baseUrl, headers: { Authorization: \`Bearer \${token}\` } });
  const request: OrderRequest = {
    customerReference: reference,
    customerNumber: '0010100001',
    shipTo: { id: '0010200001' },
    items: [
      { lineNumber: '1', sku: 'TG-10001', quantity: { value: '2', unit: 'CS' } },
      { lineNumber: '2', gtin: '0614141000029', quantity: { value: '5', unit: 'EA' } },
    ],
  };
  const placed = await client.POST('/orders', { body: request });
  if (placed.error !== undefined) throw new Error(\`placing answered \${placed.response.status}: \${placed.error.code} \${placed.error.detail}\`);
  const status: 'RECEIVED' | 'PROCESSING' | 'CONFIRMED' | 'REJECTED' | 'FAILED' = placed.data.status;
  if (status === 'FAILED') throw new Error('our systems failed');

  // The 201 answers the order as taken in: read it until it is confirmed or rejected, for at most 15 seconds.
  const orderId = placed.data.id;
  const readOrder = async (): Promise<{ status: number; order: Order }> => {
    const read = await client.GET('/orders/{orderId}', { params: { path: { orderId } } });
    if (read.error !== undefined) throw new Error(\`reading answered \${read.response.status}: \${read.error.code}\`);
    return { status: read.response.status, order: read.data };
  };
  let read = await readOrder();
  let reads = 1;
  for (const deadline = Date.now() + 15_000; read.order.status === 'RECEIVED' || read.order.status === 'PROCESSING'; reads += 1) {
    if (Date.now() > deadline) throw new Error(\`order \${orderId} is still \${read.order.status} after 15 s\`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    read = await readOrder();
  }
  const found = await client.GET('/orders', { params: { query: { customerReference: reference } } });
  if (found.error !== undefined) throw new Error(\`finding answered \${found.response.status}: \${found.error.code}\`);

  return {
    placedStatus: placed.response.status,
    location: placed.response.headers.get('location'),
    placed: placed.data,
    readStatus: read.status,
    reads,
    read: read.order,
    found: found.data.orders,
  };
}

/** Never called, only compiled: the generated types refuse a v1 body and an unknown unit. */
export function refusedByTheTypes(client: Client<paths>): void {
  // @ts-expect-error v1's purchaseOrderNumber and lines are not v2's customerReference and items
  void client.POST('/orders', { body: { purchaseOrderNumber: 'PO-1', lines: [] } });
  // @ts-expect-error PL is not an OrderUnit
  void client.POST('/orders', { body: { customerReference: 'PO-1', items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'PL' } }] } });
}
`;

interface OrderShape {
  id: string;
  customerReference: string;
  customerNumber: string;
  status: string;
  currency: string;
  salesOrderNumber?: string;
  items: Array<{ lineNumber: string; status: string }>;
  links: { self: string };
  createdAt: string;
}
interface JourneyResultShape {
  placedStatus: number;
  location: string | null;
  placed: OrderShape;
  readStatus: number;
  reads: number;
  read: OrderShape;
  found: Array<{ id: string }>;
}
type JourneyModule = { journey: (create: typeof createClient, baseUrl: string, token: string, reference: string) => Promise<JourneyResultShape> };

/** Strict diagnostics of the journey against the generated types, as a partner's `tsc --strict` would show them. */
function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    // The temp folder has no node_modules: resolve the client library from the project's.
    baseUrl: path.dirname(files[0] as string),
    paths: { 'openapi-fetch': [path.join(PROJECT_ROOT, 'node_modules', 'openapi-fetch')] },
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const file = diagnostic.file ? path.basename(diagnostic.file.fileName) : '';
    return `${file}${where ? `:${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('a customer developer’s journey with partner/customers/v2 (generated types, openapi-fetch)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let dir: string;

  before(async () => {
    gateway = await startTestGateway();
    dir = mkdtempSync(path.join(tmpdir(), 'dg-client-journey-'));
  });
  after(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates types from the published spec, compiles a strict client with them, places an order and reads it until confirmed', async () => {
    const specResponse = await fetch(`${gateway.url}${SPEC_PATH}`);
    assert.equal(specResponse.status, 200);
    const spec = (await specResponse.json()) as Parameters<typeof openapiTS>[0];
    const types = astToString(await openapiTS(spec, { silent: true }));
    const typesFile = path.join(dir, 'customers-v2.ts');
    const journeyFile = path.join(dir, 'journey.ts');
    writeFileSync(typesFile, types);
    writeFileSync(journeyFile, JOURNEY_SOURCE);

    const diagnostics = typeCheck([journeyFile, typesFile]);
    assert.deepEqual(diagnostics, [], `the journey does not compile against the generated types:\n${diagnostics.join('\n')}`);

    const tokenResponse = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    assert.equal(tokenResponse.status, 200);
    const token = ((await tokenResponse.json()) as { access_token: string; token_type: string }).access_token;
    assert.ok(token);

    const { journey } = (await import(journeyFile)) as JourneyModule;
    const reference = `JOURNEY-${Date.now()}`;
    const result = await journey(createClient, `${gateway.url}${API_PATH}`, token, reference);

    // Placed: taken in, not yet decided.
    assert.equal(result.placedStatus, 201);
    assert.equal(result.placed.status, 'RECEIVED');
    assert.equal(result.placed.salesOrderNumber, undefined);
    assert.equal(result.placed.customerReference, reference);
    assert.equal(result.location, `${API_PATH}/orders/${result.placed.id}`);
    assert.equal(result.placed.links.self, result.location);
    // Read back until decided: confirmed with our sales order number.
    assert.equal(result.readStatus, 200);
    assert.ok(result.reads >= 1);
    assert.equal(result.read.id, result.placed.id);
    assert.equal(result.read.createdAt, result.placed.createdAt);
    assert.equal(result.read.status, 'CONFIRMED');
    assert.equal(result.read.customerReference, reference);
    assert.equal(result.read.customerNumber, '0010100001');
    assert.equal(result.read.currency, 'USD');
    assert.match(result.read.salesOrderNumber ?? '', /^\d+$/);
    assert.deepEqual(
      result.read.items.map((item) => [item.lineNumber, item.status]),
      [
        ['1', 'ACCEPTED'],
        ['2', 'ACCEPTED'],
      ],
    );
    assert.equal(result.read.links.self, result.location);
    assert.deepEqual(
      result.found.map((order) => order.id),
      [result.placed.id],
    );
  });
});
