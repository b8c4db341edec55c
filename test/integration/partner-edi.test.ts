/**
 * The EDI channel API through a whole gateway: real 850s in (the fixtures, addressed to acme's profile), the 997 at
 * once, then the 855, 856 and 810 of the order in acme's outbox, read back through our own X12 reader; envelope
 * rejections (TA1), duplicates, test mode, units, partner isolation, incoming 997 matching, control numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import type Redis from 'ioredis';
import { ediChannelSchema } from '../../apis/partner/edi/config-schema';
import { createEdiChannel } from '../../apis/partner/edi/edi-channel';
import type { EdiChannelService } from '../../apis/partner/edi/edi-channel-service';
import { parseX12, type ParsedInterchange, type TransactionSet } from '../../apis/partner/edi/x12';
import { createOrdersProcessClient } from '../../apis/process/orders/v2/client';
import { createLogger } from '../../gateway/logger';
import { createRedisClient, waitUntilReady } from '../../gateway/state/redis';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { reached, waitForOrder } from '../support/orders';
import { agentFor, onboardingOverrides, type TestClient } from '../support/partner-onboarding';
import { testRedis, type TestRedis } from '../support/redis';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

const FAST = {
  sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
  process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, maxAttempts: 4, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
};
const X12 = 'application/edi-x12';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'x12');

let isa13 = Math.floor(Date.now() / 1000) % 900_000_000;
const nextIsa13 = () => String((isa13 += 1)).padStart(9, '0');
let poSequence = 0;
/** A unique PO number that fits BEG03 (at most 22 characters). */
const purchaseOrderNumber = (prefix = 'PO') => `${prefix.slice(0, 8)}-${(Date.now() % 1e8).toString(36)}${(poSequence += 1)}`;
const today = new Date().toISOString().slice(2, 10).replaceAll('-', '');

/** An ISA from acme (ZZ ACMEHOSP) to us (ZZ DISTGATEWAY). */
function isa(control: string, options: { usage?: 'P' | 'T'; ack?: '0' | '1'; sender?: string } = {}): string {
  return `ISA*00*          *00*          *ZZ*${(options.sender ?? 'ACMEHOSP').padEnd(15)}*ZZ*${'DISTGATEWAY'.padEnd(15)}*${today}*1200*U*00401*${control}*${options.ack ?? '0'}*${options.usage ?? 'P'}*>~`;
}

/** An 850 interchange of acme with the given PO1 segments (items the sandbox knows). */
function po850(orderNumber: string, po1: string[], options: { control?: string; usage?: 'P' | 'T'; ack?: '0' | '1'; sender?: string } = {}): { text: string; control: string } {
  const control = options.control ?? nextIsa13();
  const gs = String(Number(control) % 1_000_000);
  const body = [`BEG*00*SA*${orderNumber}**20261128`, 'REF*DP*038', ...po1, `CTT*${po1.length}`];
  const text = `${isa(control, options)}GS*PO*ACMEHOSP*DISTGATEWAY*20261128*1200*${gs}*X*004010~ST*850*0001~${body.join('~')}~SE*${body.length + 2}*0001~GE*1*${gs}~IEA*1*${control}~`;
  return { text, control };
}

/** A real fixture interchange re-addressed from acme to us, with a fresh ISA13 (its separators kept). */
function fixtureForAcme(file: string): { text: string; control: string } {
  const raw = readFileSync(path.join(FIXTURES, file), 'utf8');
  const element = raw[3]!;
  const fields = raw.slice(0, 106).split(element);
  const control = nextIsa13();
  fields[5] = 'ZZ';
  fields[6] = 'ACMEHOSP'.padEnd(15);
  fields[7] = 'ZZ';
  fields[8] = 'DISTGATEWAY'.padEnd(15);
  fields[13] = control;
  const oldControl = raw.slice(0, 106).split(element)[13]!;
  const rest = raw.slice(106).replace(new RegExp(`IEA\\${element}(\\d+)\\${element}${oldControl}`), `IEA${element}$1${element}${control}`);
  return { text: fields.join(element) + rest, control };
}

function read(text: string): ParsedInterchange {
  const document = parseX12(text);
  assert.equal(document.interchanges.length, 1, text);
  return document.interchanges[0]!;
}

const segmentsOf = (set: TransactionSet, id: string) => set.segments.filter((segment) => segment.id === id);

/** EDI clients of two more partners: globex (004010, 997s) and initech (005010, wants 999s). Test secrets, hashed at start. */
const GLOBEX_EDI: TestClient = { id: 'globex-edi', secret: 'test-secret-globex-edi-1Hq5' };
const INITECH_EDI: TestClient = { id: 'initech-edi', secret: 'test-secret-initech-edi-3Zu7' };
const EDI_CLIENTS = [
  { id: GLOBEX_EDI.id, name: 'Globex Facilities Group (EDI)', partner: 'globex', plan: 'silver', scopes: ['partner.edi'] },
  { id: INITECH_EDI.id, name: 'Initech Property Services (EDI)', partner: 'initech', plan: 'silver', scopes: ['partner.edi'] },
];

/** An 850 interchange of globex (004010, * > ~) to us. */
function globex850(orderNumber: string, control = nextIsa13()): string {
  const gs = String(Number(control) % 1_000_000);
  return `${isa(control, { sender: 'GLOBEXEDI' })}GS*PO*GLOBEXEDI*DISTGATEWAY*20261128*1200*${gs}*X*004010~ST*850*0001~BEG*00*SA*${orderNumber}**20261128~PO1*1*1*EA***VP*TG-10001~CTT*1~SE*5*0001~GE*1*${gs}~IEA*1*${control}~`;
}

/** An 850 interchange of initech (005010, * > ~, ^ repeats) to us, with the given segments between BEG and CTT. */
function initech850(orderNumber: string, lines: string[], control = nextIsa13()): string {
  const gs = String(Number(control) % 1_000_000);
  const body = [`BEG*00*SA*${orderNumber}**20261128`, ...lines, `CTT*${lines.length}`];
  const header = `ISA*00*          *00*          *ZZ*${'INITECHEDI'.padEnd(15)}*ZZ*${'DISTGATEWAY'.padEnd(15)}*${today}*1200*^*00501*${control}*0*P*>~`;
  return `${header}GS*PO*INITECHEDI*DISTGATEWAY*20261128*1200*${gs}*X*005010~ST*850*0001~${body.join('~')}~SE*${body.length + 2}*0001~GE*1*${gs}~IEA*1*${control}~`;
}

const onlySet = (interchange: ParsedInterchange) => {
  assert.equal(interchange.groups.length, 1);
  assert.equal(interchange.groups[0]!.sets.length, 1);
  return interchange.groups[0]!.sets[0]!;
};

describe('EDI channel API v1 (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let acme: Agent;
  let crm: Agent;

  const send = (text: string, type = X12) => acme.post('/partner/edi/v1/interchanges').set('content-type', type).send(text);
  const outbox = async (query: Record<string, string> = {}) => (await acme.get('/partner/edi/v1/documents').query(query).expect(200)).body.documents as Array<Record<string, any>>;
  const x12Of = async (id: string) => (await acme.get(`/partner/edi/v1/documents/${id}`).set('accept', X12).buffer(true).parse((response, callback) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => callback(null, text));
  }).expect(200)).body as string;
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = await probe();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`timed out waiting for ${what}`);
  };
  const orderOf = async (orderNumber: string) => {
    const found = await crm.get('/process/orders/v2/orders').query({ partnerId: 'acme', orderNumber }).expect(200);
    return found.body.orders as Array<Record<string, any>>;
  };

  before(async () => {
    const onboarded = await onboardingOverrides(
      [
        {
          auth: { clients: EDI_CLIENTS },
          channels: {
            edi: {
              partners: [
                { partnerId: 'acme', isa: { qualifier: 'ZZ', id: 'ACMEHOSP' }, gsId: 'ACMEHOSP', version: '004010', separators: { element: '*', component: '>', segment: '~' }, units: { CA: 'CS' } },
                { partnerId: 'globex', isa: { qualifier: 'ZZ', id: 'GLOBEXEDI' }, gsId: 'GLOBEXEDI', functionalAckScope: 'set' },
                { partnerId: 'initech', isa: { qualifier: 'ZZ', id: 'INITECHEDI' }, gsId: 'INITECHEDI', version: '005010', functionalAck: '999' },
              ],
            },
          },
        },
      ],
      [GLOBEX_EDI, INITECH_EDI],
    );
    gateway = await startTestGateway({ ...FAST, ...onboarded });
    acme = await gateway.as('acme-edi');
    crm = await gateway.as('internal-crm');
  });
  after(async () => {
    await gateway?.stop();
  });

  it('answers a real 850 (node-x12 fixture, re-addressed to us) with a 997 at once and hands the order to the process tier', async () => {
    const { text, control } = fixtureForAcme('node-x12__850.edi');
    const response = await send(text).expect(200);
    assert.match(response.headers['content-type'], /^application\/edi-x12/);
    const reply = read(response.text);
    assert.equal(reply.result.status, 'A');
    assert.equal(reply.header?.senderId.trim(), 'DISTGATEWAY');
    assert.equal(reply.header?.receiverId.trim(), 'ACMEHOSP');
    const ack = onlySet(reply);
    assert.equal(ack.id, '997');
    assert.deepEqual(segmentsOf(ack, 'AK1')[0]!.elements.slice(0, 2), ['PO', '1421']);
    assert.equal(segmentsOf(ack, 'AK9')[0]!.elements[0], 'A');
    const [order] = await waitFor('the order', async () => ((await orderOf('08292233294')).length ? await orderOf('08292233294') : undefined));
    assert.equal(order!.source.channel, 'EDI');
    assert.deepEqual(order!.source.documents.map((document: { type: string; value: string }) => [document.type, document.value]), [['ISA13', control], ['GS06', '1421'], ['ST02', '000000010']]);
    // The fixture's items are unknown to our ERP: the 855 rejects them line by line, echoing the partner's line numbers.
    const [ack855] = await waitFor('the 855', async () => {
      const documents = (await outbox({ type: '855' })).filter((document) => document.orderNumber === '08292233294');
      return documents.length ? documents : undefined;
    });
    const set = onlySet(read(await x12Of(ack855!.id)));
    assert.deepEqual(segmentsOf(set, 'BAK')[0]!.elements.slice(0, 3), ['00', 'RD', '08292233294']);
    assert.deepEqual(segmentsOf(set, 'PO1').map((segment) => segment.elements[0]), ['1', '2', '3', '4', '5', '6']);
    assert.ok(segmentsOf(set, 'ACK').every((segment) => segment.elements[0] === 'IR'));
  });

  it('takes an 850 through order-to-cash: 997, then 855, 856 (SSCCs) and 810 in the outbox, in acme’s units and ids', async () => {
    const orderNumber = purchaseOrderNumber('ACME');
    const { text } = po850(orderNumber, ['PO1*10*2*CA***BP*ACME-SKU-1*VP*TG-10001', 'PO1*20*5*EA***UP*614141000029*BP*ACME-SKU-2']);
    const reply = read((await send(text).expect(200)).text);
    assert.equal(segmentsOf(onlySet(reply), 'AK9')[0]!.elements[0], 'A');
    const [order] = await waitFor('the order', async () => ((await orderOf(orderNumber)).length ? orderOf(orderNumber) : undefined));
    const invoiced = await waitForOrder(crm, order!.id, reached('INVOICED'), 30_000);
    assert.deepEqual(invoiced.lines.map((line) => [line.lineNumber, line.quantity.uom]), [['10', 'CS'], ['20', 'EA']]);

    const documents = await waitFor('855, 856 and 810', async () => {
      const mine = (await outbox()).filter((document) => document.orderNumber === orderNumber);
      return ['855', '856', '810'].every((type) => mine.some((document) => document.type === type)) ? mine : undefined;
    });
    const byType = (type: string) => documents.find((document) => document.type === type)!;

    const ack = onlySet(read(await x12Of(byType('855').id)));
    assert.equal(ack.group.functionalId, 'PR');
    assert.equal(ack.result.status, 'A', 'our own reader accepts the 855 envelope');
    assert.deepEqual(segmentsOf(ack, 'BAK')[0]!.elements.slice(0, 3), ['00', 'AD', orderNumber]);
    assert.deepEqual(segmentsOf(ack, 'PO1').map((segment) => segment.elements.slice(0, 3)), [['10', '2', 'CA'], ['20', '5', 'EA']]);
    assert.deepEqual(segmentsOf(ack, 'PO1')[0]!.elements.slice(5), ['BP', 'ACME-SKU-1', 'VP', 'TG-10001'], 'the partner’s ids, buyer part first');
    assert.deepEqual(segmentsOf(ack, 'ACK').map((segment) => segment.elements.slice(0, 3)), [['IA', '2', 'CA'], ['IA', '5', 'EA']]);

    const asnInterchange = read(await x12Of(byType('856').id));
    assert.equal(asnInterchange.result.status, 'A');
    const asn = onlySet(asnInterchange);
    assert.equal(asn.group.functionalId, 'SH');
    const sscc = segmentsOf(asn, 'MAN').filter((segment) => segment.elements[0] === 'GM').map((segment) => segment.elements[1]!);
    const shipments = (await crm.get(`/process/orders/v2/orders/${order!.id}/shipments`).expect(200)).body as Array<{ handlingUnits: Array<{ sscc?: string }> }>;
    const shipmentOf856 = shipments.find((shipment) => shipment.handlingUnits.some((unit) => sscc.includes(`00${unit.sscc}`)));
    assert.ok(shipmentOf856, `the 856's SSCCs ${sscc} are the shipment's`);
    assert.ok(segmentsOf(asn, 'LIN').every((segment) => ['10', '20'].includes(segment.elements[0]!)));
    assert.ok(segmentsOf(asn, 'SN1').every((segment) => ['CA', 'EA'].includes(segment.elements[2]!)));

    const invoice = onlySet(read(await x12Of(byType('810').id)));
    assert.equal(invoice.group.functionalId, 'IN');
    const invoices = (await crm.get(`/process/orders/v2/orders/${order!.id}/invoices`).expect(200)).body as Array<{ totals: { total: { amount: string } } }>;
    const tds = segmentsOf(invoice, 'TDS')[0]!.elements[0]!;
    assert.equal(Number(tds), Math.round(Number(invoices[0]!.totals.total.amount) * 100));
    assert.deepEqual(segmentsOf(invoice, 'IT1').map((segment) => [segment.elements[0], segment.elements[2]]), [['10', 'CA'], ['20', 'EA']]);

    // Control numbers of acme's documents: all different, never reused.
    const all = await outbox({ limit: '500' });
    const interchangeNumbers = all.map((document) => document.interchangeControlNumber);
    assert.equal(new Set(interchangeNumbers).size, interchangeNumbers.length);
    const groupNumbers = all.filter((document) => document.groupControlNumber).map((document) => document.groupControlNumber);
    assert.equal(new Set(groupNumbers).size, groupNumbers.length);

    // acme's 997 for our 856 marks it accepted (matched by GS06); the 855 stays unacknowledged.
    const group = asn.group.controlNumber;
    const control = nextIsa13();
    const fa = `${isa(control)}GS*FA*ACMEHOSP*DISTGATEWAY*20261128*1200*${Number(control) % 1_000_000}*X*004010~ST*997*0001~AK1*SH*${group}~AK2*856*0001~AK5*A~AK9*A*1*1*1~SE*6*0001~GE*1*${Number(control) % 1_000_000}~IEA*1*${control}~`;
    await send(fa).expect(204);
    const acknowledged = (await acme.get(`/partner/edi/v1/documents/${byType('856').id}`).expect(200)).body;
    assert.equal(acknowledged.acknowledgement.status, 'ACCEPTED');
    assert.equal(acknowledged.acknowledgement.interchangeControlNumber, control);
    assert.equal((await acme.get(`/partner/edi/v1/documents/${byType('855').id}`).expect(200)).body.acknowledgement, undefined);

    // Receipt.
    const received = await acme.post(`/partner/edi/v1/documents/${byType('810').id}/receipt`).expect(200);
    assert.ok(received.body.receivedAt);
  });

  it('rejects an interchange seen before (same sender, receiver and ISA13) with TA1 025 and orders nothing', async () => {
    const orderNumber = purchaseOrderNumber('ACME-DUP');
    const first = po850(orderNumber, ['PO1*1*1*CA*1.00*PE*VP*TG-10001']);
    await send(first.text).expect(200);
    const again = read((await send(first.text).expect(200)).text);
    assert.equal(again.groups.length, 0, 'no 997 for a rejected interchange');
    const ta1 = parseX12((await send(first.text).expect(200)).text).interchanges[0]!.result.receivedTa1s[0]!;
    assert.deepEqual([ta1.controlNumber, ta1.ackCode, ta1.noteCode], [first.control, 'R', '025']);
    assert.equal((await orderOf(orderNumber)).length, 1);
  });

  it('acknowledges a resent PO (new interchange) and does not create a second order', async () => {
    const orderNumber = purchaseOrderNumber('ACME-RESENT');
    await send(po850(orderNumber, ['PO1*1*1*CA*1.00*PE*VP*TG-10001']).text).expect(200);
    const resent = read((await send(po850(orderNumber, ['PO1*1*1*CA*1.00*PE*VP*TG-10001']).text).expect(200)).text);
    assert.equal(segmentsOf(onlySet(resent), 'AK9')[0]!.elements[0], 'A');
    assert.equal((await orderOf(orderNumber)).length, 1);
  });

  it('answers envelope and content errors in X12: TA1 for the envelope, 997 AK5 R for a broken set, never a 5xx', async () => {
    // Not to us: TA1 009. From someone else than acme: TA1 006.
    const control = nextIsa13();
    const wrongReceiver = po850(purchaseOrderNumber(), ['PO1*1*1*CA*1.00*PE*VP*TG-10001'], { control }).text.replace('DISTGATEWAY    ', 'SOMEONEELSE    ');
    const ta1 = parseX12((await send(wrongReceiver).expect(200)).text).interchanges[0]!.result.receivedTa1s[0]!;
    assert.deepEqual([ta1.ackCode, ta1.noteCode], ['R', '009']);
    const spoofed = po850(purchaseOrderNumber(), ['PO1*1*1*CA*1.00*PE*VP*TG-10001'], { sender: 'GLOBEXEDI' }).text;
    assert.equal(parseX12((await send(spoofed).expect(200)).text).interchanges[0]!.result.receivedTa1s[0]!.noteCode, '006');
    // A TA1 on request (ISA14=1) for a good interchange: TA104 A, with the 997.
    const requested = read((await send(po850(purchaseOrderNumber('ACME-TA1'), ['PO1*1*1*CA*1.00*PE*VP*TG-10001'], { ack: '1' }).text).expect(200)).text);
    assert.deepEqual([requested.result.receivedTa1s[0]!.ackCode, requested.result.receivedTa1s[0]!.noteCode], ['A', '000']);
    assert.equal(requested.groups[0]!.sets[0]!.id, '997');
    // SE01 wrong: the set is rejected (AK5 R 4), the group too.
    const orderNumber = purchaseOrderNumber('ACME-BAD');
    const broken = po850(orderNumber, ['PO1*1*1*CA*1.00*PE*VP*TG-10001']).text.replace('SE*6*0001', 'SE*9*0001');
    const ack = onlySet(read((await send(broken).expect(200)).text));
    assert.deepEqual(segmentsOf(ack, 'AK5')[0]!.elements, ['R', '4']);
    assert.equal(segmentsOf(ack, 'AK9')[0]!.elements[0], 'R');
    assert.equal((await orderOf(orderNumber)).length, 0, 'a rejected set orders nothing');
    // Garbage: a TA1, not a 5xx.
    const garbage = await send('this is not X12').expect(200);
    assert.match(garbage.text, /TA1\*/);
  });

  it('answers non-X12 failures as problems: no token 401, wrong media type 415, a client without an EDI profile 403', async () => {
    const unauthenticated = await (await import('supertest')).default(gateway.url).post('/partner/edi/v1/interchanges').set('content-type', X12).send('ISA').expect(401);
    assert.match(unauthenticated.headers['content-type'], /application\/problem\+json/);
    const json = await acme.post('/partner/edi/v1/interchanges').set('content-type', 'application/xml').send('<x/>').expect(415);
    assert.equal(json.body.code, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    // text/plain is accepted too.
    await send(po850(purchaseOrderNumber('ACME-TEXT'), ['PO1*1*1*CA*1.00*PE*VP*TG-10001']).text, 'text/plain').expect(200);
  });

  it('acknowledges a test interchange (ISA15=T) and marks its order as test; its documents go out as test', async () => {
    const orderNumber = purchaseOrderNumber('ACME-TEST');
    const reply = read((await send(po850(orderNumber, ['PO1*1*1*CA*1.00*PE*VP*TG-10001'], { usage: 'T' }).text).expect(200)).text);
    assert.equal(reply.header?.usage, 'T');
    assert.equal(segmentsOf(onlySet(reply), 'AK9')[0]!.elements[0], 'A');
    const [order] = await waitFor('the test order', async () => ((await orderOf(orderNumber)).length ? orderOf(orderNumber) : undefined));
    assert.equal(order!.source.test, true);
    const [ack855] = await waitFor('the 855', async () => {
      const found = (await outbox({ type: '855' })).filter((document) => document.orderNumber === orderNumber);
      return found.length ? found : undefined;
    });
    assert.equal(ack855!.test, true);
    assert.equal(read(await x12Of(ack855!.id)).header?.usage, 'T');
  });

  it('keeps acme’s documents from other partners: 404 for globex, and globex’s list is empty of them', async () => {
    const [someDocument] = await outbox();
    assert.ok(someDocument);
    const token = await gateway.token('globex-dev');
    // globex-dev has no partner.edi scope: 403; a client of a partner without the document gets 404 (below with a profile).
    await (await import('supertest')).default(gateway.url).get(`/partner/edi/v1/documents/${someDocument!.id}`).set('authorization', `Bearer ${token}`).expect(403);
    await acme.get('/partner/edi/v1/documents/edi_00000000000000000000000000000000').expect(404);
  });

  it('lists documents overdue for a 997 only with overdue=true', async () => {
    const overdue = await outbox({ overdue: 'true' });
    assert.ok(overdue.every((document) => ['855', '856', '810'].includes(document.type) && !document.acknowledgement));
  });

  it('answers each transaction set with a 997 of its own for a partner whose profile acknowledges per set', async () => {
    const globex = await agentFor(gateway.url, GLOBEX_EDI);
    const control = nextIsa13();
    const gs = String(Number(control) % 1_000_000);
    const set = (st: string, po: string) => `ST*850*${st}~BEG*00*SA*${po}**20261128~PO1*1*1*EA***VP*TG-10001~CTT*1~SE*5*${st}~`;
    const interchange = `${isa(control, { sender: 'GLOBEXEDI' })}GS*PO*GLOBEXEDI*DISTGATEWAY*20261128*1200*${gs}*X*004010~${set('0001', purchaseOrderNumber('GLOBEX-A'))}${set('0002', purchaseOrderNumber('GLOBEX-B'))}GE*2*${gs}~IEA*1*${control}~`;
    const reply = read((await globex.post('/partner/edi/v1/interchanges').set('content-type', X12).send(interchange).expect(200)).text);
    const acks = reply.groups.flatMap((group) => group.sets);
    assert.equal(acks.length, 2, 'one 997 per transaction set');
    for (const [index, ack] of acks.entries()) {
      const ids = ack.segments.map((segment) => segment.id);
      assert.equal(ack.id, '997');
      assert.deepEqual(ids.filter((id) => id === 'AK2'), ['AK2']);
      const ak2 = ack.segments.find((segment) => segment.id === 'AK2')!;
      assert.equal(ak2.elements[1], `000${index + 1}`);
      assert.deepEqual(ack.segments.find((segment) => segment.id === 'AK9')!.elements, ['A', '1', '1', '1']);
    }
  });

  it('keeps acme’s documents from another EDI partner: globex gets 404 on them (JSON, X12, receipt) and never lists them', async () => {
    const globex = await agentFor(gateway.url, GLOBEX_EDI);
    // globex has an outbox of its own: our 997 of its 850.
    const reply = read((await globex.post('/partner/edi/v1/interchanges').set('content-type', X12).send(globex850(purchaseOrderNumber('GLOBEX'))).expect(200)).text);
    assert.equal(reply.header?.receiverId.trim(), 'GLOBEXEDI');
    const globexDocuments = (await globex.get('/partner/edi/v1/documents').query({ limit: '500' }).expect(200)).body.documents as Array<Record<string, any>>;
    assert.ok(globexDocuments.some((document) => document.type === '997'), 'globex sees its own 997');

    const acmeDocuments = await outbox({ limit: '500' });
    assert.ok(acmeDocuments.some((document) => document.type === '855'), 'acme has an 855 by now');
    const globexIds = new Set(globexDocuments.map((document) => document.id));
    assert.ok(acmeDocuments.every((document) => !globexIds.has(document.id)), 'none of acme’s documents is in globex’s list');
    for (const type of ['855', '856', '810', '997'] as const) {
      const listed = (await globex.get('/partner/edi/v1/documents').query({ type, limit: '500' }).expect(200)).body.documents as Array<{ id: string }>;
      assert.ok(listed.every((document) => !acmeDocuments.some((mine) => mine.id === document.id)), `globex’s ${type} list holds none of acme’s`);
    }
    for (const document of acmeDocuments.filter((candidate) => ['855', '997'].includes(candidate.type)).slice(0, 2)) {
      const json = await globex.get(`/partner/edi/v1/documents/${document.id}`).expect(404);
      assert.equal(json.body.code, 'ERR_NOT_FOUND');
      await globex.get(`/partner/edi/v1/documents/${document.id}`).set('accept', X12).expect(404);
      await globex.post(`/partner/edi/v1/documents/${document.id}/receipt`).expect(404);
      // Still acme’s, untouched.
      assert.equal((await acme.get(`/partner/edi/v1/documents/${document.id}`).expect(200)).body.id, document.id);
    }
    // And the other way round.
    await acme.get(`/partner/edi/v1/documents/${globexDocuments[0]!.id}`).expect(404);
  });

  it('answers a partner whose profile wants 999s with a 999 (IK5, AK9; GS08 and ST03 005010X231), never a 997', async () => {
    const initech = await agentFor(gateway.url, INITECH_EDI);
    const good = read((await initech.post('/partner/edi/v1/interchanges').set('content-type', X12).send(initech850(purchaseOrderNumber('INITECH'), ['PO1*1*1*EA***VP*TG-10001'])).expect(200)).text);
    assert.equal(good.result.status, 'A');
    assert.equal(good.header?.version, '00501', 'initech’s version');
    // Its profile names no repetition separator: 005010's default ^ goes in ISA11 (00501 has no 'U' standards identifier).
    assert.equal(good.header?.standardsOrRepetition, '^');
    assert.equal(good.header?.separators.repetition, '^');
    assert.equal(good.header?.receiverId.trim(), 'INITECHEDI');
    const ack = onlySet(good);
    assert.equal(ack.group.functionalId, 'FA');
    assert.equal(ack.group.version, '005010X231');
    assert.equal(ack.id, '999');
    assert.equal(ack.implementationReference, '005010X231');
    assert.deepEqual(segmentsOf(ack, 'IK5').map((segment) => segment.elements), [['A']]);
    assert.deepEqual(segmentsOf(ack, 'AK5'), [], 'no 997 segments');
    assert.deepEqual(segmentsOf(ack, 'AK9')[0]!.elements, ['A', '1', '1', '1']);

    // A set with a segment error: IK3 names it, IK5 R 5, AK9 R.
    const broken = read((await initech.post('/partner/edi/v1/interchanges').set('content-type', X12).send(initech850(purchaseOrderNumber('INITECH-BAD'), ['PO1*1*1*EA***VP*TG-10001', 'XYZ*1'])).expect(200)).text);
    const rejected = onlySet(broken);
    assert.equal(rejected.id, '999');
    assert.equal(segmentsOf(rejected, 'IK3')[0]!.elements[0], 'XYZ');
    assert.deepEqual(segmentsOf(rejected, 'AK3'), []);
    assert.deepEqual(segmentsOf(rejected, 'IK5')[0]!.elements.slice(0, 2), ['R', '5']);
    assert.equal(segmentsOf(rejected, 'AK9')[0]!.elements[0], 'R');

    // Its outbox files them as 999s; acme (997 profile) still gets 997s.
    const listed = (await initech.get('/partner/edi/v1/documents').query({ limit: '500' }).expect(200)).body.documents as Array<{ type: string }>;
    assert.deepEqual(listed.map((document) => document.type), ['999', '999']);
    assert.equal(onlySet(read((await send(po850(purchaseOrderNumber('ACME-997'), ['PO1*1*1*CA*1.00*PE*VP*TG-10001']).text).expect(200)).text)).id, '997');
  });

  it('crosswalks units both ways: an 850 in CA is ordered in CS, and the 855, 856 and 810 never say CS', async () => {
    const orderNumber = purchaseOrderNumber('ACME-UNITS');
    await send(po850(orderNumber, ['PO1*7*3*CA***BP*ACME-SKU-7*VP*TG-10001']).text).expect(200);
    const [order] = await waitFor('the order', async () => ((await orderOf(orderNumber)).length ? orderOf(orderNumber) : undefined));
    assert.deepEqual(order!.lines.map((line: { lineNumber: string; quantity: { value: string; uom: string } }) => [line.lineNumber, line.quantity.value, line.quantity.uom]), [['7', '3', 'CS']]);
    await waitForOrder(crm, order!.id, reached('INVOICED'), 30_000);
    const documents = await waitFor('855, 856 and 810', async () => {
      const mine = (await outbox({ limit: '500' })).filter((document) => document.orderNumber === orderNumber);
      return ['855', '856', '810'].every((type) => mine.some((document) => document.type === type)) ? mine : undefined;
    });
    const setOf = async (type: string) => onlySet(read(await x12Of(documents.find((document) => document.type === type)!.id)));
    const ack = await setOf('855');
    assert.deepEqual(segmentsOf(ack, 'PO1').map((segment) => segment.elements.slice(0, 3)), [['7', '3', 'CA']]);
    assert.deepEqual(segmentsOf(ack, 'ACK').map((segment) => segment.elements[2]), ['CA']);
    const invoice = await setOf('810');
    assert.deepEqual(segmentsOf(invoice, 'IT1').map((segment) => [segment.elements[0], segment.elements[2]]), [['7', 'CA']]);
    // The 856 counts its packs' contents (eaches here, a unit both sides share), never in our CS.
    const asn = await setOf('856');
    const units = segmentsOf(asn, 'SN1').map((segment) => segment.elements[2]);
    assert.ok(units.length > 0 && units.every((unit) => unit === 'CA' || unit === 'EA'), `856 SN1 units ${units}`);
    for (const set of [ack, asn, invoice]) {
      assert.ok(set.segments.every((segment) => ['PO1', 'ACK', 'SN1', 'IT1'].includes(segment.id) === false || !segment.elements.includes('CS')), `${set.id} never says CS`);
    }
  });
});

describe('EDI channel API v1: documents overdue for the partner’s 997 (integration, Redis)', function () {
  this.timeout(60_000);
  let redis: TestRedis | undefined;
  let gateway: TestGateway | undefined;
  let client: Redis | undefined;
  let acme: Agent;
  /** The EDI channel's service of a second instance on the gateway's configuration and Redis: what operations read. */
  let service: EdiChannelService;

  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
    gateway = await startTestGateway({ ...FAST, state: { redisUrl: redis.url, keyPrefix: redis.keyPrefix }, channels: { edi: { overdueAfterSeconds: 1 } } });
    acme = await gateway.as('acme-edi');
    const logger = createLogger({ level: 'silent' });
    client = createRedisClient(gateway.config.state, { role: 'request', logger });
    await waitUntilReady(client, 5000);
    const orders = createOrdersProcessClient(axios.create({ baseURL: `${gateway.url}/process/orders/v2`, headers: { authorization: `Bearer ${await gateway.token('internal-crm')}` } }));
    service = createEdiChannel({ config: gateway.config, logger, bus: gateway.bus, orders, state: { redis: client, keyPrefix: gateway.config.state.keyPrefix } }).service;
  });
  after(async () => {
    client?.disconnect();
    await gateway?.stop();
    await redis?.cleanup();
  });

  it('lists an 855 as overdue once older than overdueAfterSeconds, counts it in overdueDocuments(), and clears it on acme’s 997', async () => {
    const orderNumber = purchaseOrderNumber('ACME-LATE');
    await acme.post('/partner/edi/v1/interchanges').set('content-type', X12).send(po850(orderNumber, ['PO1*1*1*CA*1.00*PE*VP*TG-10001']).text).expect(200);
    const list = async (query: Record<string, string> = {}) => (await acme.get('/partner/edi/v1/documents').query({ limit: '500', ...query }).expect(200)).body.documents as Array<Record<string, any>>;
    const deadline = Date.now() + 20_000;
    let ack855: Record<string, any> | undefined;
    while (!ack855 && Date.now() < deadline) {
      ack855 = (await list({ type: '855' })).find((document) => document.orderNumber === orderNumber);
      if (!ack855) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(ack855, 'the 855');
    const createdAt = Date.parse(ack855.createdAt);
    const youngOverdue = await list({ overdue: 'true' });
    if (Date.now() - createdAt < 900) {
      // Younger than a second: not overdue yet.
      assert.equal(ack855.overdue, false);
      assert.ok(!youngOverdue.some((document) => document.id === ack855!.id), 'not overdue while younger than overdueAfterSeconds');
    }

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, createdAt + 1500 - Date.now())));
    const overdue = await list({ overdue: 'true' });
    assert.ok(overdue.some((document) => document.id === ack855!.id), 'the 855 is overdue after a second');
    assert.ok(overdue.every((document) => ['855', '856', '810'].includes(document.type) && !document.acknowledgement && document.overdue === true), 'only unacknowledged business documents');
    assert.ok((await list()).some((document) => document.type === '997'), 'our 997 is in the outbox, and never overdue');
    assert.equal((await acme.get(`/partner/edi/v1/documents/${ack855.id}`).expect(200)).body.overdue, true);
    const counted = await service.overdueDocuments();
    assert.ok(counted.some((document) => document.id === ack855!.id), 'overdueDocuments() counts it');
    assert.ok(counted.every((document) => ['855', '856', '810'].includes(document.type)));
    // Operations see it in the KPIs, per channel and partner.
    const kpis = (await (await gateway!.as('architect')).get('/process/operations/v1/kpis').expect(200)).body as { overdueDocuments: Array<{ channel: string; partnerId: string; count: number }> };
    const acmeOverdue = kpis.overdueDocuments.find((entry) => entry.channel === 'EDI' && entry.partnerId === 'acme');
    assert.ok(acmeOverdue && acmeOverdue.count >= 1, JSON.stringify(kpis.overdueDocuments));

    // acme's 997 of the 855's group: no longer overdue, anywhere.
    const control = nextIsa13();
    const gs = String(Number(control) % 1_000_000);
    const fa = `${isa(control)}GS*FA*ACMEHOSP*DISTGATEWAY*20261128*1200*${gs}*X*004010~ST*997*0001~AK1*PR*${ack855.groupControlNumber}~AK2*855*0001~AK5*A~AK9*A*1*1*1~SE*6*0001~GE*1*${gs}~IEA*1*${control}~`;
    await acme.post('/partner/edi/v1/interchanges').set('content-type', X12).send(fa).expect(204);
    assert.ok(!(await list({ overdue: 'true' })).some((document) => document.id === ack855!.id), 'acknowledged: not overdue');
    assert.ok(!(await service.overdueDocuments()).some((document) => document.id === ack855!.id), 'acknowledged: not counted');
  });
});

describe('EDI channel configuration: a 005010 profile’s repetition separator', () => {
  it('refuses at boot a 005010 profile whose separators take the default ^ without naming another, with the key’s path', () => {
    const partner = { partnerId: 'umbrella', isa: { qualifier: 'ZZ', id: 'UMBRELLAHC' }, gsId: 'UMBRELLAHC', version: '005010', separators: { element: '|', component: '^', segment: '\n' } };
    const refused = ediChannelSchema.safeParse({ partners: [partner] });
    assert.equal(refused.success, false);
    assert.deepEqual(refused.error!.issues.map((issue) => issue.path.join('.')), ['partners.0.separators.repetition']);
    assert.equal(ediChannelSchema.safeParse({ partners: [{ ...partner, separators: { ...partner.separators, repetition: '{' } }] }).success, true);
    assert.equal(ediChannelSchema.safeParse({ partners: [{ ...partner, version: '004010' }] }).success, true, '004010 has no repetition separator');
  });
});
