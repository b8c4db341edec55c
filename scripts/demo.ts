/**
 * `npm run demo`: a newcomer's first look at a running gateway (`npm start`). One business order (2 cases of TG-10001,
 * 5 each of TG-10002) goes in through each partner channel: an X12 850 from the EDI partner acme (answered by a
 * 997), an Amazon-shaped vendor order from the marketplace shopco, and a JSON order from the customer developer
 * globex. Then it follows them back out: the 855, 856 and 810 as they appear in acme's outbox, shopco's
 * acknowledgement, status and shipment confirmation, globex's shipments and invoices, and finally the process tier's
 * trace of the EDI order. Tokens come from the built-in authorization server with the demo clients' development
 * secrets. `DEMO_URL` (default http://127.0.0.1:8080), `DEMO_WAIT_MS` (default 120000); `--help`. Exit 0 when all
 * holds, 1 on a failure or timeout (with the reason), 2 on a usage error.
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { parseX12, type ParsedInterchange } from '../apis/partner/edi/x12';
import type { X12Segment } from '../apis/partner/edi/x12';
import type { ProcessOrder } from '../apis/process/orders/v2/models';
import { bearer } from './smoke';

export interface DemoOptions {
  /** The gateway's base URL. Default DEMO_URL, else http://127.0.0.1:8080. */
  url?: string;
  /** Longest the whole run may wait for the workflow (confirmation, shipping, invoicing), in milliseconds. Default DEMO_WAIT_MS, else 120000. */
  waitMs?: number;
  /** How often the demo polls while it waits, in milliseconds. Default 1000. */
  pollIntervalMs?: number;
  /** Where the demo writes. Default process.stdout. A TTY gets one progress line updated in place, anything else a dot per poll. */
  output?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A known failure of the demo: the gateway answered something unexpected, or the wait ran out. */
export class DemoError extends Error {
  override name = 'DemoError';
}

const X12_TYPE = 'application/edi-x12';
/** acme's interchange ids and ours, as config/default.yaml's `channels.edi` has them. */
const ACME = { isaQualifier: 'ZZ', isaId: 'ACMEHOSP', gsId: 'ACMEHOSP' };
const US = { isaQualifier: 'ZZ', isaId: 'DISTGATEWAY', gsId: 'DISTGATEWAY' };
const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_WAIT_MS = 120_000;

/** What an 855 says per line (ACK01) and for the whole order (BAK02). */
const ACK_LINE_CODES: Record<string, string> = { IA: 'accepted', IB: 'backordered', IR: 'rejected', IQ: 'quantity changed', IP: 'price changed', DR: 'date changed' };
const BAK_CODES: Record<string, string> = { AD: 'accepted, no changes', AC: 'accepted with changes', RD: 'rejected' };
const AK9_CODES: Record<string, string> = { A: 'accepted', E: 'accepted, with errors noted', P: 'partially accepted', R: 'rejected' };

/** Writes lines, and one progress line that later lines close first. */
class Screen {
  private progressOpen = false;
  private lastDetail = '';
  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {}

  line(text = ''): void {
    this.endProgress();
    this.out.write(`${text}\n`);
  }
  block(text: string, indent = '    '): void {
    for (const line of text.split('\n')) this.line(`${indent}${line}`);
  }
  heading(text: string): void {
    this.line();
    this.line(`== ${text} ${'='.repeat(Math.max(3, 100 - text.length))}`);
  }
  subheading(text: string): void {
    this.line();
    this.line(`-- ${text}`);
  }
  note(text: string): void {
    this.line(`   ${text}`);
  }
  /** One poll: a TTY gets its line rewritten, anything else the label once, a dot per poll and the detail when it changes. */
  progress(label: string, detail: string, elapsedMs: number): void {
    const seconds = `${Math.round(elapsedMs / 1000)} s`;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K   … ${label}: ${detail} (${seconds})`);
    } else {
      if (!this.progressOpen) this.out.write(`   … ${label} `);
      if (detail !== this.lastDetail) this.out.write(`[${detail}]`);
      this.out.write('.');
    }
    this.lastDetail = detail;
    this.progressOpen = true;
  }
  endProgress(): void {
    if (!this.progressOpen) return;
    this.out.write(this.out.isTTY ? '\r\x1b[2K' : '\n');
    this.progressOpen = false;
    this.lastDetail = '';
  }
}

/** JSON, two spaces deep, with any object or array that fits on one line of 100 characters kept on one line. */
export function formatJson(value: unknown, indent = ''): string {
  const flat = flatJson(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= 100) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => `${inner}${formatJson(item, inner)}`).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${formatJson(item, inner)}`).join(',\n')}\n${indent}}`;
}

function flatJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(flatJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${flatJson(item)}`).join(', ')} }`;
}

/** An X12 interchange one segment a line, whatever its segment terminator (ISA byte 106). */
export function segmentLines(x12: string): string[] {
  const text = x12.trim();
  const terminator = text.startsWith('ISA') && text.length > 105 ? text[105]! : '~';
  return text
    .split(terminator)
    .map((segment) => segment.trim())
    .filter(Boolean)
    .map((segment) => `${segment}${terminator}`);
}

function readInterchange(x12: string, what: string): ParsedInterchange {
  const interchange = parseX12(x12).interchanges[0];
  if (!interchange) throw new DemoError(`the ${what} is not an X12 interchange:\n${x12}`);
  return interchange;
}

const segmentsOf = (interchange: ParsedInterchange, id: string): X12Segment[] =>
  interchange.groups.flatMap((group) => group.sets.flatMap((set) => set.segments.filter((segment) => segment.id === id)));

/** The business order every channel sends: our SKUs, in cases and eaches. */
const ORDER = [
  { line: '1', sku: 'TG-10001', upc: undefined, quantity: 2, unit: 'CS', packSize: 10 },
  { line: '2', sku: 'TG-10002', upc: '614141000029', quantity: 5, unit: 'EA', packSize: undefined },
] as const;

/** An 850 from acme to us: ISA13 from the clock (milliseconds modulo 10^9, unique well beyond the 7-day duplicate window). */
export function build850(purchaseOrderNumber: string, now: Date): { x12: string; isa13: string; gs06: string; st02: string } {
  const isa13 = String(now.getTime() % 1_000_000_000).padStart(9, '0');
  const gs06 = String(Number(isa13) || 1);
  const st02 = isa13.slice(-4);
  const iso = now.toISOString();
  const ccyymmdd = iso.slice(0, 10).replaceAll('-', '');
  const hhmm = iso.slice(11, 16).replace(':', '');
  const body = [
    `ST*850*${st02}`,
    `BEG*00*SA*${purchaseOrderNumber}**${ccyymmdd}`,
    // PO1: line, quantity, unit (acme's CA is our CS), then item ids: VP our part, UP the UPC.
    ...ORDER.map((item) => `PO1*${item.line}*${item.quantity}*${item.unit === 'CS' ? 'CA' : item.unit}***VP*${item.sku}${item.upc ? `*UP*${item.upc}` : ''}`),
    `CTT*${ORDER.length}`,
  ];
  const segments = [
    `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*${ACME.isaQualifier}*${ACME.isaId.padEnd(15)}*${US.isaQualifier}*${US.isaId.padEnd(15)}*${ccyymmdd.slice(2)}*${hhmm}*U*00401*${isa13}*0*P*>`,
    `GS*PO*${ACME.gsId}*${US.gsId}*${ccyymmdd}*${hhmm}*${gs06}*X*004010`,
    ...body,
    `SE*${body.length + 1}*${st02}`,
    `GE*1*${gs06}`,
    `IEA*1*${isa13}`,
  ];
  return { x12: `${segments.join('~')}~`, isa13, gs06, st02 };
}

/** The same order as an Amazon vendor purchase order (Retail Procurement API), as shopco sends it. */
function vendorOrder(purchaseOrderNumber: string, now: Date): Record<string, unknown> {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    purchaseOrderNumber,
    purchaseOrderState: 'New',
    orderDetails: {
      purchaseOrderDate: `${now.toISOString().slice(0, 19)}Z`,
      purchaseOrderType: 'RegularOrder',
      paymentMethod: 'Invoice',
      buyingParty: { partyId: 'SHOPCO' },
      sellingParty: { partyId: 'DISTRIBUTOR' },
      shipToParty: { partyId: 'ABE8' },
      deliveryWindow: `${day(5)}T00:00:00Z--${day(11)}T00:00:00Z`,
      items: ORDER.map((item) => ({
        itemSequenceNumber: item.line,
        vendorProductIdentifier: item.sku,
        orderedQuantity: item.unit === 'CS' ? { amount: item.quantity, unitOfMeasure: 'Cases', unitSize: item.packSize } : { amount: item.quantity, unitOfMeasure: 'Eaches' },
        isBackOrderAllowed: true,
      })),
    },
  };
}

/** The same order for the customer orders API v2, as globex places it. */
function customerOrder(customerReference: string): Record<string, unknown> {
  return { customerReference, items: ORDER.map((item) => ({ lineNumber: item.line, sku: item.sku, quantity: { value: String(item.quantity), unit: item.unit } })) };
}

const time = (iso: string | undefined) => (iso ? iso.slice(11, 23) : '—');
const after = (iso: string | undefined, from: string) => (iso ? `+${((Date.parse(iso) - Date.parse(from)) / 1000).toFixed(2)} s` : '');

export async function demo(options: DemoOptions = {}): Promise<void> {
  const baseUrl = (options.url ?? process.env.DEMO_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  const waitMs = options.waitMs ?? (Number(process.env.DEMO_WAIT_MS) || DEFAULT_WAIT_MS);
  const pollMs = options.pollIntervalMs ?? 1000;
  const screen = new Screen(options.output ?? process.stdout);
  const http = axios.create({ baseURL: baseUrl, timeout: 30_000, validateStatus: () => true });
  const runId = randomUUID().slice(0, 8);
  const now = new Date();
  const stamp = now.getTime().toString(36).toUpperCase();

  /** One call; anything but `expected` is a DemoError naming the call and the problem the gateway gave. */
  const call = async <T = any>(config: AxiosRequestConfig, expected: number[] = [200]): Promise<AxiosResponse<T>> => {
    let response: AxiosResponse<T>;
    try {
      response = await http.request<T>(config);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const hint = code === 'ECONNREFUSED' ? ' Is the gateway running? Start it with `npm start`, or point DEMO_URL at it.' : '';
      throw new DemoError(`${config.method ?? 'GET'} ${baseUrl}${config.url}: ${(error as Error).message}.${hint}`);
    }
    if (!expected.includes(response.status)) {
      const body = typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
      throw new DemoError(`${(config.method ?? 'GET').toUpperCase()} ${config.url} answered ${response.status}: ${body}`);
    }
    return response;
  };

  const token = async (clientId: string) => {
    try {
      return await bearer(http, clientId, undefined);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const hint = code === 'ECONNREFUSED' ? ` There is no gateway at ${baseUrl}: start one with \`npm start\`, or point DEMO_URL at it.` : '';
      throw new DemoError(`${clientId}: ${(error as Error).message}.${hint}`);
    }
  };

  // One deadline for the whole run: every wait takes what is left of it.
  const started = Date.now();
  const deadline = started + waitMs;
  /** Polls `probe` until it returns a value, showing progress; `detail` says where things stand. */
  const waitFor = async <T>(label: string, probe: () => Promise<{ value?: T; detail: string }>): Promise<T> => {
    let detail = '';
    for (;;) {
      const result = await probe();
      if (result.value !== undefined) {
        screen.endProgress();
        return result.value;
      }
      detail = result.detail;
      if (Date.now() >= deadline) {
        screen.endProgress();
        throw new DemoError(`timed out after ${Math.round((Date.now() - started) / 1000)} s (DEMO_WAIT_MS ${waitMs}) ${label} (${detail}). A slow sandbox? Raise DEMO_WAIT_MS.`);
      }
      screen.progress(label, detail, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  screen.line(`Distribution gateway demo against ${baseUrl} (run ${runId})`);
  screen.note('One business order, 2 cases of TG-10001 and 5 eaches of TG-10002, goes in through each partner channel:');
  screen.note('an X12 EDI 850, an Amazon-style marketplace vendor order, and the JSON customer API. All three become the same');
  screen.note('canonical order at the process tier, run through one order-to-cash workflow (validate, price, allocate, post to');
  screen.note('the ERP, acknowledge, release to the WMS, ship, invoice), and come back to each partner in its own format.');

  const [acme, shopco, globex, crm] = await Promise.all(['acme-edi', 'shopco-market', 'globex-dev', 'internal-crm'].map(token));
  screen.note('Tokens: acme-edi (EDI), shopco-market (marketplace), globex-dev (customer API), internal-crm (process tier).');

  // ---------------------------------------------------------------------------------------------------------------
  // Part 1: the order goes in through each channel.
  const ediPo = `DEMO-${stamp}`;
  const marketPo = `DEMO-${stamp}-M`;
  const customerRef = `DEMO-${stamp}-C`;
  const since = new Date(now.getTime() - 10 * 60_000).toISOString();

  screen.heading('1. EDI: acme sends an X12 850 purchase order');
  screen.note('An 850 is a purchase order. The envelope: ISA (interchange, ISA13 its control number), GS (functional group,');
  screen.note('GS06), ST (transaction set, ST02). BEG carries the PO number, each PO1 a line: quantity, unit (acme says CA for');
  screen.note('a case), item ids (VP our part number, UP the UPC). Control numbers come from the clock, so every run is new.');
  const po850 = build850(ediPo, now);
  screen.block(segmentLines(po850.x12).join('\n'));
  screen.line(`   POST /partner/edi/v1/interchanges (Content-Type: ${X12_TYPE})`);
  const ediCorrelation = `demo-${runId}-edi`;
  const answer = await call<string>({ method: 'post', url: '/partner/edi/v1/interchanges', data: po850.x12, responseType: 'text', transformResponse: (data) => data, headers: { ...acme, 'content-type': X12_TYPE, accept: X12_TYPE, 'x-correlation-id': ediCorrelation } });

  screen.subheading('The 997 functional acknowledgment, answered at once');
  screen.note('A 997 says whether the interchange was readable and valid, not whether we can fill the order: AK1 names the group');
  screen.note('it answers (PO, GS06), AK2/AK5 each transaction set, AK9 the whole group (A = accepted).');
  screen.block(segmentLines(answer.data).join('\n'));
  const fa = readInterchange(answer.data, '997');
  const ak9 = segmentsOf(fa, 'AK9')[0]?.elements[0];
  const ta1 = fa.result.receivedTa1s[0];
  if (!ak9) throw new DemoError(`the gateway refused the 850's envelope${ta1 ? ` (TA1 ${ta1.ackCode}, note ${ta1.noteCode})` : ''}:\n${answer.data}`);
  screen.note(`→ AK9*${ak9}: group ${segmentsOf(fa, 'AK1')[0]?.elements[1]} ${AK9_CODES[ak9] ?? ak9}.`);
  if (ak9 === 'R') throw new DemoError(`the 850 was rejected (997 AK9*R): ${answer.data}`);

  screen.heading('2. Marketplace: shopco sends the same order as an Amazon vendor purchase order');
  screen.note('Amazon Retail Procurement shape: items by vendorProductIdentifier (our SKU), Cases with their unitSize or Eaches.');
  screen.note('One request carries 1 to 100 orders; the answer has a result per order (Accepted with our order id, or Refused).');
  const market = vendorOrder(marketPo, now);
  screen.line('   POST /partner/marketplace/v1/orders');
  screen.block(formatJson({ orders: [market] }));
  const submitted = await call<{ results: Array<{ purchaseOrderNumber: string; result: string; orderId?: string; problem?: unknown }> }>(
    { method: 'post', url: '/partner/marketplace/v1/orders', data: { orders: [market] }, headers: { ...shopco, 'x-correlation-id': `demo-${runId}-market` } },
    [202],
  );
  screen.line(`   → ${submitted.status}`);
  screen.block(formatJson(submitted.data));
  const marketResult = submitted.data.results[0];
  if (marketResult?.result !== 'Accepted') throw new DemoError(`the marketplace refused the vendor order: ${JSON.stringify(marketResult)}`);

  screen.heading('3. Customer API: globex places the same order through /partner/customers/v2');
  screen.note("A customer developer's JSON API: items by SKU, quantities with units (CS, EA). The 201 is the order as taken");
  screen.note('in (RECEIVED); once the workflow has posted it to the ERP it reads CONFIRMED with our sales order number and');
  screen.note('prices (or REJECTED with problems per item).');
  const placedBody = customerOrder(customerRef);
  screen.line('   POST /partner/customers/v2/orders');
  screen.block(formatJson(placedBody));
  const placed = await call<{ id: string; status: string; salesOrderNumber?: string; problems: unknown[] }>(
    { method: 'post', url: '/partner/customers/v2/orders', data: placedBody, headers: { ...globex, 'x-correlation-id': `demo-${runId}-api` } },
    [201],
  );
  screen.line(`   → ${placed.status}`);
  screen.block(formatJson(placed.data));
  // The 201 may come before the workflow has posted the order (RECEIVED, PROCESSING): read it until it is decided.
  const confirmed = await waitFor('waiting for the order to be confirmed', async () => {
    const response = await call<{ status: string; salesOrderNumber?: string; problems: unknown[] }>({ url: `/partner/customers/v2/orders/${placed.data.id}`, headers: globex });
    return ['RECEIVED', 'PROCESSING'].includes(response.data.status) ? { detail: `order ${response.data.status}` } : { value: response, detail: '' };
  });
  if (confirmed.data.status !== placed.data.status) {
    screen.line(`   GET /partner/customers/v2/orders/${placed.data.id}`);
    screen.block(formatJson(confirmed.data));
  }
  if (confirmed.data.status !== 'CONFIRMED') throw new DemoError(`the customer API did not confirm the order: ${JSON.stringify(confirmed.data)}`);
  screen.note(`→ ${confirmed.data.status}, ERP sales order ${confirmed.data.salesOrderNumber}.`);

  // ---------------------------------------------------------------------------------------------------------------
  // Part 2: each channel's documents come back as the workflow goes on.
  screen.line();
  screen.note(`Now the workflow runs: the sandbox WMS ships a packed order after a delay (30 s by default) and the sandbox`);
  screen.note(`ERP bills a few seconds after goods issue. The whole demo waits at most ${Math.round(waitMs / 1000)} s (DEMO_WAIT_MS).`);

  let ediOrderId: string | undefined;
  const processStatus = async (): Promise<string> => {
    if (!ediOrderId) {
      const found = await call<{ orders: ProcessOrder[] }>({ url: '/process/orders/v2/orders', params: { partnerId: 'acme', orderNumber: ediPo }, headers: crm });
      ediOrderId = found.data.orders[0]?.id;
      if (!ediOrderId) return 'not at the process tier yet';
    }
    const order = (await call<ProcessOrder>({ url: `/process/orders/v2/orders/${ediOrderId}`, headers: crm })).data;
    if (order.status === 'REJECTED' || order.status === 'EXCEPTION') throw new DemoError(`the EDI order ${order.id} is ${order.status}: ${order.reason ?? 'no reason given'}`);
    return `order ${order.status}`;
  };

  screen.heading("4. EDI: the 855, 856 and 810 in acme's outbox");
  screen.note('acme polls GET /partner/edi/v1/documents (JSON list) and fetches each document as X12 with');
  screen.note(`Accept: ${X12_TYPE} from GET /partner/edi/v1/documents/{id}.`);
  const explanations: Record<string, string[]> = {
    '855': [
      '855 purchase order acknowledgment: whether we accept the order. BAK02 for the whole order (AD = accepted, no',
      'changes), per PO1 line an ACK with its status (IA = accepted), quantity, unit and scheduled ship date (068).',
    ],
    '856': [
      '856 advance ship notice: what left the warehouse, as a hierarchy of HL levels: shipment (S: carrier TD5, REF BOL),',
      'order (O: PRF with the PO), pack (P: MAN*GM with the 18-digit SSCC on the carton label) and item (I: LIN, SN1).',
    ],
    '810': [
      '810 invoice: BIG with invoice date and number and the PO, IT1 per line (quantity, unit, price), TDS the total in',
      'cents, CTT the line count.',
    ],
  };
  const shown = new Set<string>();
  while (shown.size < 3) {
    const fresh = await waitFor(`waiting for the ${['855', '856', '810'].filter((type) => !shown.has(type)).join(', ').replace(/, (?=\d+$)/, ' and ')} of PO ${ediPo}`, async () => {
      const listed = await call<{ documents: Array<{ id: string; type: string; orderNumber?: string; orderId?: string; createdAt: string; interchangeControlNumber: string }> }>({
        url: '/partner/edi/v1/documents',
        params: { since, limit: 500 },
        headers: acme,
      });
      const found = listed.data.documents.filter((document) => document.orderNumber === ediPo && ['855', '856', '810'].includes(document.type) && !shown.has(document.type));
      return found.length ? { value: found, detail: '' } : { detail: await processStatus() };
    });
    for (const document of fresh) {
      if (shown.has(document.type)) continue;
      shown.add(document.type);
      ediOrderId ??= document.orderId;
      const x12 = (await call<string>({ url: `/partner/edi/v1/documents/${document.id}`, responseType: 'text', transformResponse: (data) => data, headers: { ...acme, accept: X12_TYPE } })).data;
      screen.subheading(`${document.type}, document ${document.id}, made ${time(document.createdAt)} (ISA13 ${document.interchangeControlNumber})`);
      for (const line of explanations[document.type] ?? []) screen.note(line);
      screen.block(segmentLines(x12).join('\n'));
      const interchange = readInterchange(x12, document.type);
      if (document.type === '855') {
        const bak = segmentsOf(interchange, 'BAK')[0]?.elements[1] ?? '?';
        const lines = segmentsOf(interchange, 'ACK').map((ack) => `${ack.elements[1]} ${ack.elements[2]} ${ACK_LINE_CODES[ack.elements[0] ?? ''] ?? ack.elements[0]}`);
        screen.note(`→ BAK*${bak}: ${BAK_CODES[bak] ?? bak}; lines: ${lines.join(', ')}.`);
      } else if (document.type === '856') {
        const ssccs = segmentsOf(interchange, 'MAN').filter((man) => man.elements[0] === 'GM').map((man) => man.elements[1]);
        screen.note(`→ shipment ${segmentsOf(interchange, 'BSN')[0]?.elements[1] ?? '?'}, ${segmentsOf(interchange, 'HL').length} HL levels, SSCCs ${ssccs.join(', ')}.`);
      } else {
        const big = segmentsOf(interchange, 'BIG')[0]?.elements ?? [];
        const tds = Number(segmentsOf(interchange, 'TDS')[0]?.elements[0] ?? 'NaN');
        screen.note(`→ invoice ${big[1] ?? '?'} of ${big[0] ?? '?'} for PO ${big[3] ?? '?'}, total ${(tds / 100).toFixed(2)}.`);
      }
    }
  }

  screen.heading('5. Marketplace: what shopco reads back, in Amazon shapes');
  const marketBase = `/partner/marketplace/v1/orders/${encodeURIComponent(marketPo)}`;
  const marketStatus = async () => {
    const order = await call<{ purchaseOrderState?: string }>({ url: marketBase, headers: shopco }, [200, 404]);
    return `purchase order ${order.data.purchaseOrderState ?? 'not readable yet'}`;
  };
  const acknowledgement = await waitFor('waiting for the acknowledgement', async () => {
    const response = await call({ url: `${marketBase}/acknowledgement`, headers: shopco }, [200, 404]);
    return response.status === 200 ? { value: response.data, detail: '' } : { detail: await marketStatus() };
  });
  screen.line(`   GET ${marketBase}/acknowledgement`);
  screen.note('Our acknowledgement (Amazon OrderAcknowledgement): per item Accepted, Backordered or Rejected, the quantity in');
  screen.note('the ordered unit, the scheduled ship date and netCost, our price per each.');
  screen.block(formatJson(acknowledgement));
  const status = (await call({ url: `${marketBase}/status`, headers: shopco })).data;
  screen.line(`   GET ${marketBase}/status`);
  screen.note('Order status (Amazon OrderStatus): OPEN until every item is invoiced, then CLOSED; per item its confirmation.');
  screen.block(formatJson(status));
  const confirmations = await waitFor('waiting for the shipment confirmation', async () => {
    const response = await call<{ shipmentConfirmations: unknown[] }>({ url: `${marketBase}/shipments`, headers: shopco });
    return response.data.shipmentConfirmations.length ? { value: response.data, detail: '' } : { detail: await marketStatus() };
  });
  screen.line(`   GET ${marketBase}/shipments`);
  screen.note('Shipment confirmations (Amazon ShipmentConfirmation): cartons and pallets by SSCC, what each carton holds.');
  screen.block(formatJson(confirmations));

  screen.heading('6. Customer API: what globex reads back');
  const customerBase = `/partner/customers/v2/orders/${placed.data.id}`;
  const order = (await call({ url: customerBase, headers: globex })).data as { status: string };
  screen.line(`   GET ${customerBase} → ${order.status}`);
  const shipments = await waitFor('waiting for the shipping notice', async () => {
    const response = await call<{ shipments: unknown[] }>({ url: `${customerBase}/shipments`, headers: globex });
    return response.data.shipments.length ? { value: response.data, detail: '' } : { detail: 'nothing shipped yet' };
  });
  screen.line(`   GET ${customerBase}/shipments`);
  screen.note('Shipping notices: carrier and tracking, each handling unit (SSCC-18) with its contents by your line numbers.');
  screen.block(formatJson(shipments));
  const invoices = await waitFor('waiting for the invoice', async () => {
    const response = await call<{ invoices: unknown[] }>({ url: `${customerBase}/invoices`, headers: globex });
    return response.data.invoices.length ? { value: response.data, detail: '' } : { detail: 'not billed yet' };
  });
  screen.line(`   GET ${customerBase}/invoices`);
  screen.note('Invoices: number and date, lines, totals with currency, payment terms.');
  screen.block(formatJson(invoices));

  // ---------------------------------------------------------------------------------------------------------------
  // Part 3: the process tier's trace of the EDI order.
  screen.heading('7. Process tier: the trace of the EDI order');
  screen.note('GET /process/orders/v2/orders/{id} (internal-crm): every workflow step with its times and attempts, the status');
  screen.note("history, the ERP's and WMS's document numbers, the correlation id and the channel's document ids.");
  if (!ediOrderId) throw new DemoError(`the process tier has no order for PO ${ediPo}`);
  const trace = await waitFor('waiting for the order to be INVOICED', async () => {
    const response = await call<ProcessOrder>({ url: `/process/orders/v2/orders/${ediOrderId}`, headers: crm });
    return response.data.status === 'INVOICED' ? { value: response.data, detail: '' } : { detail: `order ${response.data.status}` };
  });
  screen.line(`   GET /process/orders/v2/orders/${trace.id}`);
  screen.note(`Order ${trace.id}: PO ${trace.orderNumber}, channel ${trace.source.channel}, partner ${trace.source.partnerId}, status ${trace.status}${trace.delayed ? ' (delayed)' : ''}`);
  screen.note(`Received ${trace.receivedAt}, correlation id ${trace.correlationId}`);
  screen.note(`Channel documents: ${(trace.source.documents ?? []).map((document) => `${document.type} ${document.value}`).join(', ') || 'none'}`);
  screen.note('Steps (UTC, and time since received):');
  for (const step of trace.steps) {
    const attempts = step.failedAttempts ? `, ${step.failedAttempts} failed attempts${step.lastError ? ` (last: ${step.lastError})` : ''}` : '';
    screen.note(`  ${step.step.padEnd(12)} ${step.state.padEnd(8)} ${time(step.startedAt)} → ${time(step.updatedAt)} ${after(step.updatedAt, trace.receivedAt).padStart(10)}${attempts}${step.detail ? `  ${step.detail}` : ''}`);
  }
  screen.note('Status history:');
  for (const entry of trace.history) screen.note(`  ${entry.status.padEnd(18)} ${time(entry.at)} ${after(entry.at, trace.receivedAt).padStart(10)}${entry.detail ? `  ${entry.detail}` : ''}`);
  if (trace.erp) {
    screen.note(`ERP: sales order ${trace.erp.salesOrderNumber} (${trace.erp.netAmount.amount} ${trace.erp.netAmount.currency}), delivery ${trace.erp.deliveryNumber ?? '—'}, invoices ${(trace.erp.invoiceNumbers ?? []).join(', ') || '—'}`);
  }
  if (trace.wms) screen.note(`WMS: release ${trace.wms.releaseId} in warehouse ${trace.wms.warehouse}, shipments ${trace.wms.shipmentIds.join(', ') || '—'}`);
  screen.note(`Lines: ${trace.lines.map((line) => `${line.lineNumber} ${line.quantity.value} ${line.quantity.uom} ${line.status}${line.unitPrice ? ` at ${line.unitPrice.amount} ${line.unitPrice.currency}` : ''}`).join('; ')}`);

  screen.line();
  screen.line(`demo ok: PO ${ediPo} (EDI), ${marketPo} (marketplace) and ${customerRef} (customer API) went from order to invoice.`);
}

const USAGE = `Usage: npm run demo -- [--url URL] [--wait-ms MS]

Walks one order through each partner channel of a running gateway (start one with \`npm start\`): an X12 850 and
its 997, the 855, 856 and 810 in the EDI outbox, the marketplace and customer API views, and the process tier's
trace. Uses the demo clients' development secrets.

  --url URL       the gateway (default DEMO_URL, else ${DEFAULT_URL})
  --wait-ms MS    longest the run waits for the workflow: posting, shipping, invoicing (default DEMO_WAIT_MS, else ${DEFAULT_WAIT_MS})
  -h, --help      this text

Exit codes: 0 done, 1 a failure or timeout (the reason is printed), 2 a usage error.`;

/** Reads the command line: the options, `help`, or a usage error. */
export function parseArgs(args: string[]): { help: true } | { help: false; options: DemoOptions } | { error: string } {
  const options: DemoOptions = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[(index += 1)];
    if (name === '-h' || name === '--help') return { help: true };
    if (name === '--url') {
      const url = value();
      if (!url || !/^https?:\/\//.test(url)) return { error: '--url needs an http(s) URL' };
      options.url = url;
    } else if (name === '--wait-ms') {
      const ms = Number(value());
      if (!Number.isInteger(ms) || ms <= 0) return { error: '--wait-ms needs a positive whole number of milliseconds' };
      options.waitMs = ms;
    } else {
      return { error: `unknown argument ${arg}` };
    }
  }
  return { help: false, options };
}

if (require.main === module) {
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    console.error(`demo: ${parsed.error}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (parsed.help) {
    console.log(USAGE);
  } else {
    demo(parsed.options).then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof DemoError) {
          console.error(`\ndemo failed: ${error.message}`);
          process.exitCode = 1;
        } else {
          console.error('\ndemo failed with an unexpected error (a bug):', error);
          process.exitCode = 2;
        }
      },
    );
  }
}
