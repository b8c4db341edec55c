/**
 * EDI partner onboarding conformance: every folder of test/fixtures/edi-partners is a trading partner (its
 * configuration, its interchanges, what we must answer and send). One gateway runs with all of them onboarded by
 * configuration; for each partner its interchanges are posted, our 997/999 compared with expected.yaml, and the 855,
 * 856 and 810 of its orders read back through our own X12 reader: the partner's envelope (separators, versions, ids),
 * its line numbers, its units and the item ids it wants. A new partner is a new folder, never new code.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseX12, type ParsedInterchange, type TransactionSet, type X12Segment } from '../../apis/partner/edi/x12';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { reached, waitForOrder } from '../support/orders';
import { agentFor, onboardingOverrides, type PartnerConfigFragment, type TestClient } from '../support/partner-onboarding';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

const FAST = {
  sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
  process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, maxAttempts: 4, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
};
const X12 = 'application/edi-x12';
const ROOT = path.join(__dirname, '..', 'fixtures', 'edi-partners');

interface ExpectedSet {
  control: string;
  code: string;
  errors: string[];
  /** IK3/AK3 segment id and IK304/AK304 code, in order. */
  segmentErrors?: Array<{ id: string; code: string }>;
}
interface ExpectedGroup {
  functionalId: string;
  control: string;
  code: string;
  /** AK902, AK903, AK904. */
  counts: [number, number, number];
  errors: string[];
  sets: ExpectedSet[];
}
interface ExpectedLine {
  lineNumber: string;
  quantity: string;
  uom: string;
}
interface Expected {
  envelope: {
    interchangeVersion: string;
    isa11: string;
    separators: { element: string; component: string; segment: string };
    sender: { qualifier: string; id: string; gsId: string };
    receiver: { qualifier: string; id: string; gsId: string };
    groupVersion: string;
    functionalAck: { type: '997' | '999'; groupVersion: string };
  };
  acknowledgements: Record<string, { groups: ExpectedGroup[] }>;
  orders: Array<{ orderNumber: string; lines: ExpectedLine[]; documents: Array<ExpectedLine & { ids: string[]; shipped: { quantity: string; uom: string } }> }>;
  notOrdered: string[];
}
interface PartnerCase {
  name: string;
  partnerId: string;
  config: PartnerConfigFragment;
  client: TestClient;
  interchanges: Array<{ file: string; text: string }>;
  expected: Expected;
}

/** Every partner folder, read at load time so that each becomes its own tests. */
function discover(): PartnerCase[] {
  return readdirSync(ROOT)
    .filter((name) => statSync(path.join(ROOT, name)).isDirectory())
    .sort()
    .map((name) => {
      const folder = path.join(ROOT, name);
      const profile = parseYaml(readFileSync(path.join(folder, 'profile.yaml'), 'utf8')) as { config: PartnerConfigFragment; client: TestClient };
      const ediPartners = profile.config.channels?.edi?.partners ?? [];
      assert.equal(ediPartners.length, 1, `${name}/profile.yaml: one channels.edi.partners entry`);
      const interchanges = readdirSync(folder)
        .filter((file) => file.endsWith('.850.edi'))
        .sort()
        .map((file) => ({ file, text: readFileSync(path.join(folder, file), 'utf8') }));
      return {
        name,
        partnerId: String(ediPartners[0]!.partnerId),
        config: profile.config,
        client: profile.client,
        interchanges,
        expected: parseYaml(readFileSync(path.join(folder, 'expected.yaml'), 'utf8')) as Expected,
      };
    });
}

const CASES = discover();

function readOne(text: string): ParsedInterchange {
  const document = parseX12(text);
  assert.equal(document.interchanges.length, 1, text);
  return document.interchanges[0]!;
}

const segmentsOf = (set: TransactionSet, id: string) => set.segments.filter((segment) => segment.id === id);
const trailing = (segment: X12Segment, from: number) => segment.elements.slice(from).filter((value, index, all) => value !== '' || all.slice(index).some(Boolean));

/** The interchange is ours, addressed to the partner, written with its separators and version, and our reader accepts it. */
function checkEnvelope(interchange: ParsedInterchange, text: string, expected: Expected['envelope'], groupVersion: string, what: string): void {
  const header = interchange.header!;
  assert.equal(interchange.result.status, 'A', `${what}: our reader accepts the envelope (${JSON.stringify(interchange.result.errors)})`);
  assert.equal(header.version, expected.interchangeVersion, `${what}: ISA12`);
  assert.equal(header.standardsOrRepetition, expected.isa11, `${what}: ISA11`);
  assert.deepEqual(
    { element: header.separators.element, component: header.separators.component, segment: header.separators.segment },
    expected.separators,
    `${what}: separators`,
  );
  // Every segment, the last one included, ends with the partner's terminator (and nothing else follows it).
  assert.ok(text.endsWith(`IEA${expected.separators.element}${interchange.result.groupCount}${expected.separators.element}${header.controlNumber}${expected.separators.segment}`), `${what}: ends with its IEA`);
  assert.equal(text.split(expected.separators.segment).filter(Boolean).length, text.split(expected.separators.segment).length - 1, `${what}: one terminator per segment`);
  assert.deepEqual([header.senderQualifier, header.senderId], [expected.sender.qualifier, expected.sender.id.padEnd(15)], `${what}: ISA05/ISA06`);
  assert.deepEqual([header.receiverQualifier, header.receiverId], [expected.receiver.qualifier, expected.receiver.id.padEnd(15)], `${what}: ISA07/ISA08`);
  for (const group of interchange.groups) {
    assert.deepEqual([group.header.senderCode, group.header.receiverCode, group.header.version], [expected.sender.gsId, expected.receiver.gsId, groupVersion], `${what}: GS02, GS03, GS08`);
  }
}

/** Our 997/999 of one interchange against expected.yaml: AK1, AK2 + AK5/IK5 (and IK3/AK3) per set, AK9, per group. */
function checkFunctionalAck(reply: ParsedInterchange, expected: Expected, file: string): void {
  const { type, groupVersion } = expected.envelope.functionalAck;
  const groups = expected.acknowledgements[file]?.groups;
  assert.ok(groups, `expected.yaml has no acknowledgement for ${file}`);
  assert.equal(reply.groups.length, 1, `${file}: one FA group`);
  const fa = reply.groups[0]!;
  assert.equal(fa.header.functionalId, 'FA');
  assert.equal(fa.sets.length, groups.length, `${file}: one ${type} per group received`);
  const setStatus = type === '999' ? 'IK5' : 'AK5';
  const segmentError = type === '999' ? 'IK3' : 'AK3';
  fa.sets.forEach((ack, index) => {
    const group = groups[index]!;
    const where = `${file}, group ${group.control}`;
    assert.equal(ack.id, type, `${where}: a ${type}`);
    if (type === '999') assert.equal(ack.implementationReference, groupVersion, `${where}: ST03`);
    assert.deepEqual(segmentsOf(ack, type === '999' ? 'AK5' : 'IK5'), [], `${where}: no ${type === '999' ? 'AK5' : 'IK5'} in a ${type}`);
    assert.deepEqual(segmentsOf(ack, 'AK1')[0]!.elements.slice(0, 2), [group.functionalId, group.control], `${where}: AK1`);
    const ak9 = segmentsOf(ack, 'AK9')[0]!;
    assert.deepEqual(trailing(ak9, 0), [group.code, ...group.counts.map(String), ...group.errors], `${where}: AK9`);
    // The sets in order: each AK2 with the segment errors and the AK5/IK5 that follow it.
    const sets: Array<{ control: string; status: string[]; segmentErrors: Array<{ id: string; code: string }> }> = [];
    for (const segment of ack.segments) {
      if (segment.id === 'AK2') sets.push({ control: segment.elements[1]!, status: [], segmentErrors: [] });
      else if (segment.id === segmentError) sets[sets.length - 1]!.segmentErrors.push({ id: segment.elements[0]!, code: segment.elements[3]! });
      else if (segment.id === setStatus) sets[sets.length - 1]!.status = trailing(segment, 0);
    }
    assert.deepEqual(
      sets.map((set) => [set.control, set.status]),
      group.sets.map((set) => [set.control, [set.code, ...set.errors]]),
      `${where}: AK2 and ${setStatus} per set`,
    );
    group.sets.forEach((set, setIndex) => {
      if (set.segmentErrors) assert.deepEqual(sets[setIndex]!.segmentErrors, set.segmentErrors, `${where}, set ${set.control}: ${segmentError}`);
    });
  });
}

describe('EDI partner onboarding conformance (integration)', function () {
  this.timeout(90_000);
  let gateway: TestGateway;
  let crm: Agent;
  const agents = new Map<string, Agent>();

  before(async () => {
    const overrides = await onboardingOverrides(
      CASES.map((partner) => partner.config),
      CASES.map((partner) => partner.client),
    );
    gateway = await startTestGateway({ ...FAST, ...overrides });
    crm = await gateway.as('internal-crm');
    for (const partner of CASES) agents.set(partner.name, await agentFor(gateway.url, partner.client));
  });
  after(async () => {
    await gateway?.stop();
  });

  it('finds the partner folders (acme and at least one more), each with interchanges and an expected answer for each', () => {
    assert.ok(CASES.length >= 2, `partner folders in ${ROOT}: ${CASES.map((partner) => partner.name).join(', ')}`);
    assert.ok(CASES.some((partner) => partner.partnerId === 'acme'));
    for (const partner of CASES) {
      assert.ok(partner.interchanges.length > 0, `${partner.name}: no *.850.edi`);
      assert.deepEqual(Object.keys(partner.expected.acknowledgements).sort(), partner.interchanges.map((interchange) => interchange.file), `${partner.name}: one expected answer per interchange`);
    }
  });

  for (const partner of CASES) {
    describe(`partner ${partner.name}`, () => {
      const agent = () => agents.get(partner.name)!;
      const { envelope } = partner.expected;

      const x12Of = async (id: string) =>
        (await agent().get(`/partner/edi/v1/documents/${id}`).set('accept', X12).buffer(true).parse((response, callback) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => callback(null, text));
        }).expect(200)).body as string;
      const outbox = async () => (await agent().get('/partner/edi/v1/documents').query({ limit: '500' }).expect(200)).body.documents as Array<Record<string, any>>;
      const ordersOf = async (orderNumber: string) =>
        (await crm.get('/process/orders/v2/orders').query({ partnerId: partner.partnerId, orderNumber }).expect(200)).body.orders as Array<Record<string, any>>;
      const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const found = await probe();
          if (found !== undefined) return found;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`${partner.name}: timed out waiting for ${what}`);
      };

      it(`answers each interchange with the ${envelope.functionalAck.type} expected, in ${partner.name}'s envelope`, async () => {
        for (const { file, text } of partner.interchanges) {
          const response = await agent().post('/partner/edi/v1/interchanges').set('content-type', X12).send(text).expect(200);
          assert.match(response.headers['content-type'], /^application\/edi-x12/);
          const reply = readOne(response.text);
          checkEnvelope(reply, response.text, envelope, envelope.functionalAck.groupVersion, `${file}: our ${envelope.functionalAck.type}`);
          assert.deepEqual(reply.result.receivedTa1s, [], `${file}: no TA1 unasked`);
          checkFunctionalAck(reply, partner.expected, file);
        }
        const replies = (await outbox()).filter((document) => document.type === envelope.functionalAck.type);
        assert.equal(replies.length, partner.interchanges.length, `one ${envelope.functionalAck.type} per interchange in the outbox`);
      });

      it('orders what it accepted, in our units, and nothing it rejected', async () => {
        for (const expected of partner.expected.orders) {
          const [order] = await waitFor(`order ${expected.orderNumber}`, async () => ((await ordersOf(expected.orderNumber)).length ? ordersOf(expected.orderNumber) : undefined));
          assert.equal(order!.source.channel, 'EDI');
          assert.deepEqual(
            order!.lines.map((line: { lineNumber: string; quantity: { value: string; uom: string } }) => ({ lineNumber: line.lineNumber, quantity: line.quantity.value, uom: line.quantity.uom })),
            expected.lines,
            `${expected.orderNumber}: canonical lines`,
          );
        }
        for (const orderNumber of partner.expected.notOrdered) assert.deepEqual(await ordersOf(orderNumber), [], `${orderNumber} is not ordered`);
      });

      it(`sends the 855, 856 and 810 of each order in ${partner.name}'s envelope, line numbers, units and item ids`, async () => {
        for (const expected of partner.expected.orders) {
          const [order] = await ordersOf(expected.orderNumber);
          assert.ok(order, `order ${expected.orderNumber}`);
          await waitForOrder(crm, order.id, reached('INVOICED'), 30_000);
          const documents = await waitFor(`the 855, 856 and 810 of ${expected.orderNumber}`, async () => {
            const mine = (await outbox()).filter((document) => document.orderNumber === expected.orderNumber);
            return ['855', '856', '810'].every((type) => mine.some((document) => document.type === type)) ? mine : undefined;
          });
          const byLine = new Map(expected.documents.map((line) => [line.lineNumber, line]));
          const read = async (type: '855' | '856' | '810') => {
            const text = await x12Of(documents.find((document) => document.type === type)!.id);
            const interchange = readOne(text);
            checkEnvelope(interchange, text, envelope, envelope.groupVersion, `${expected.orderNumber}: ${type}`);
            assert.equal(interchange.groups.length, 1);
            assert.equal(interchange.groups[0]!.sets.length, 1);
            const set = interchange.groups[0]!.sets[0]!;
            assert.equal(set.id, type);
            return set;
          };

          const ack = await read('855');
          assert.equal(segmentsOf(ack, 'BAK')[0]!.elements[2], expected.orderNumber, '855 BAK03');
          assert.deepEqual(
            segmentsOf(ack, 'PO1').map((segment) => [segment.elements[0], segment.elements[1], segment.elements[2], trailing(segment, 5)]),
            expected.documents.map((line) => [line.lineNumber, line.quantity, line.uom, line.ids]),
            '855 PO1: line number, quantity, unit and ids',
          );
          assert.deepEqual(segmentsOf(ack, 'ACK').map((segment) => segment.elements[2]), expected.documents.map((line) => line.uom), '855 ACK03: units');

          const asn = await read('856');
          assert.equal(segmentsOf(asn, 'PRF')[0]!.elements[0], expected.orderNumber, '856 PRF01');
          const lin = segmentsOf(asn, 'LIN');
          assert.deepEqual([...new Set(lin.map((segment) => segment.elements[0]))].sort(), [...byLine.keys()].sort(), '856 LIN01: every line shipped, by its line number');
          const shipped = new Map<string, { quantity: number; units: Set<string> }>();
          asn.segments.forEach((segment, index) => {
            if (segment.id !== 'LIN') return;
            const line = byLine.get(segment.elements[0]!)!;
            assert.deepEqual(trailing(segment, 1), line.ids, `856 LIN of line ${line.lineNumber}: ids`);
            const sn1 = asn.segments[index + 1]!;
            assert.equal(sn1.id, 'SN1');
            const sum = shipped.get(line.lineNumber) ?? { quantity: 0, units: new Set<string>() };
            sum.quantity += Number(sn1.elements[1]);
            sum.units.add(sn1.elements[2]!);
            shipped.set(line.lineNumber, sum);
          });
          assert.deepEqual(
            expected.documents.map((line) => [line.lineNumber, String(shipped.get(line.lineNumber)?.quantity), [...(shipped.get(line.lineNumber)?.units ?? [])]]),
            expected.documents.map((line) => [line.lineNumber, line.shipped.quantity, [line.shipped.uom]]),
            '856 SN1: quantity shipped per line, in the partner’s unit',
          );

          const invoice = await read('810');
          assert.equal(segmentsOf(invoice, 'BIG')[0]!.elements[3], expected.orderNumber, '810 BIG04');
          assert.deepEqual(
            segmentsOf(invoice, 'IT1').map((segment) => [segment.elements[0], segment.elements[2], trailing(segment, 5)]),
            expected.documents.map((line) => [line.lineNumber, line.uom, line.ids]),
            '810 IT1: line number, unit and ids',
          );
        }
        // Its outbox holds documents of its own orders only.
        const numbers = new Set(partner.expected.orders.map((order) => order.orderNumber));
        assert.ok((await outbox()).every((document) => document.orderNumber === undefined || numbers.has(document.orderNumber)), 'only its own orders’ documents');
      });
    });
  }
});
