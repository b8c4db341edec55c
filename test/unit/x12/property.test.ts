/**
 * Never crashes: random bytes, random text and mutations of the real samples (segments deleted, duplicated, swapped;
 * separators changed; truncation; random bytes inserted) always end in results or TA1/997 rejections, never in an
 * exception, and in bounded time. Whatever we acknowledge is written and re-read clean. Run counts are bounded so
 * the file stays well under 15 s.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  acknowledgmentPlan,
  collectX12,
  createX12Reader,
  ELEMENT_ERROR_CODES,
  functionalAckSet,
  GROUP_ERROR_CODES,
  map850,
  orderAck855Set,
  parseX12,
  readFunctionalAck,
  replyEnvelope,
  SEGMENT_ERROR_CODES,
  SET_ERROR_CODES,
  TA1_NOTE_CODES,
  writeInterchange,
  type OrderAck855Input,
  type X12Event,
} from '../../../apis/partner/edi/x12';
import { mutateX12 as mutate, x12Mutation as mutation, x12MutatedSample, x12RandomBytes, x12RandomText, X12_SAMPLES as SAMPLES } from '../../support/x12-arbitraries';

/** Run counts (the whole file takes about 2-3 s on this machine; 20x these found nothing more). */
export const RUNS = { randomBytes: 1000, randomText: 1000, mutations: 1500, chunking: 200, writerRoundTrip: 300 } as const;
/** No single input of these sizes may take longer than this. */
const TIME_BOUND_MS = 1000;

/** TA1 codes that mean the ISA's own fields are bad: then there is no trustworthy address to answer. */
const HEADER_CODES = new Set(['003', '004', '005', '006', '007', '008', '010', '011', '012', '013', '014', '015', '016', '017', '018', '019', '020', '026', '027']);

function events(input: string | Uint8Array): X12Event[] {
  const reader = createX12Reader();
  return [...reader.write(input), ...reader.end()];
}

/** Reads, checks every invariant, acknowledges, writes the acknowledgments and re-reads them. */
function neverCrashes(input: string | Uint8Array): void {
  const started = performance.now();
  const all = events(input);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < TIME_BOUND_MS, `${elapsed} ms`);
  const starts = all.filter((event) => event.type === 'interchange-start').length;
  const ends = all.filter((event) => event.type === 'interchange-end' && event.result.header).length;
  assert.equal(ends, starts, 'every interchange that starts ends in a result');
  const document = collectX12(all);
  let control = 1;
  for (const interchange of document.interchanges) {
    const { result } = interchange;
    assert.equal(result.status, result.errors.length > 0 ? 'R' : 'A');
    assert.match(result.controlNumber, /^\d{9}$/);
    for (const error of result.errors) assert.ok(error.code in TA1_NOTE_CODES, error.code);
    for (const group of interchange.groups) {
      assert.ok(['A', 'P', 'R'].includes(group.result.status));
      for (const error of group.result.errors) assert.ok(error.code in GROUP_ERROR_CODES, error.code);
      for (const set of group.sets) {
        assert.equal(set.result.status, set.result.errors.length > 0 ? 'R' : 'A');
        for (const error of set.result.errors) assert.ok(error.code in SET_ERROR_CODES, error.code);
        for (const segmentError of set.result.segmentErrors) {
          assert.ok(segmentError.code === undefined || segmentError.code in SEGMENT_ERROR_CODES);
          for (const elementError of segmentError.elementErrors) assert.ok(elementError.code in ELEMENT_ERROR_CODES);
        }
        if (set.id === '850') map850(set);
        if (set.id === '997' || set.id === '999') readFunctionalAck(set);
      }
    }
    const plan = acknowledgmentPlan(interchange, { date: '260116', time: '0800' });
    const header = interchange.header;
    if (!header || result.errors.some((error) => HEADER_CODES.has(error.code)) || (!plan.ta1 && plan.functionalAcks.length === 0)) continue;
    const reply = writeInterchange({
      ...replyEnvelope(header, { controlNumber: (control += 1), date: '260116', time: '0800' }),
      ta1s: plan.ta1 ? [plan.ta1] : [],
      groups: plan.functionalAcks.map((ack, index) => ({
        functionalId: 'FA',
        senderCode: 'DISTRIBUTOR',
        receiverCode: 'PARTNER',
        date: '20260116',
        time: '0800',
        controlNumber: index + 1,
        version: Number(header.version) >= 500 ? '005010' : '004010',
        sets: [functionalAckSet(ack, 1, header.separators)],
      })),
    });
    const reread = parseX12(reply);
    assert.equal(reread.interchanges.length, 1, reply);
    const answer = reread.interchanges[0]!;
    assert.deepEqual(answer.result.errors, [], reply);
    for (const group of answer.groups) {
      assert.deepEqual(group.result.errors, [], reply);
      for (const set of group.sets) assert.deepEqual([set.result.errors, set.result.segmentErrors], [[], []], reply);
    }
    assert.deepEqual(acknowledgmentPlan(answer, { date: '260116', time: '0800' }), { functionalAcks: [] });
  }
}

describe('x12 never crashes (fast-check)', function () {
  this.timeout(15000);

  it(`random bytes (${RUNS.randomBytes} runs)`, () => {
    fc.assert(fc.property(x12RandomBytes(600), (bytes) => neverCrashes(bytes)), { numRuns: RUNS.randomBytes });
  });

  it(`random text around ISA-like prefixes (${RUNS.randomText} runs)`, () => {
    fc.assert(fc.property(x12RandomText(400), (text) => neverCrashes(text)), { numRuns: RUNS.randomText });
  });

  it(`mutations of the real samples (${RUNS.mutations} runs)`, () => {
    // Mutations of one sample, or of two samples in one file (several interchanges, each with its separators).
    fc.assert(fc.property(x12MutatedSample(4), (text) => neverCrashes(text)), { numRuns: RUNS.mutations });
  });

  it('stays linear on pathological input', () => {
    for (const text of ['ISA*'.repeat(50_000), 'ISA'.repeat(70_000), `${SAMPLES[0]!.text.slice(0, 106)}${'*'.repeat(200_000)}`, '~'.repeat(200_000)]) {
      const started = performance.now();
      parseX12(text);
      assert.ok(performance.now() - started < 3000, `${text.slice(0, 10)}: ${performance.now() - started} ms`);
    }
  });

  it(`any chunking of a (mutated) sample reads the same (${RUNS.chunking} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.array(mutation, { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }), (sample, mutations, sizes) => {
        const bytes = Buffer.from(mutate(sample.text, mutations), 'latin1');
        const reader = createX12Reader({ encoding: 'latin1' });
        const chunked: X12Event[] = [];
        for (let at = 0, i = 0; at < bytes.length; i += 1) {
          const size = sizes[i % sizes.length]!;
          chunked.push(...reader.write(bytes.subarray(at, at + size)));
          at += size;
        }
        chunked.push(...reader.end());
        assert.equal(JSON.stringify(collectX12(chunked)), JSON.stringify(parseX12(bytes, { encoding: 'latin1' })));
      }),
      { numRuns: RUNS.chunking },
    );
  });

  it(`what the writer writes re-reads exactly, in any valid separators (${RUNS.writerRoundTrip} runs)`, () => {
    const separators = fc
      .shuffledSubarray(['*', '|', '^', '~', '>', ':', '!', '\u001D', '\u001E', '\u001F', '+', '{'], { minLength: 4, maxLength: 4 })
      .chain((chars) => fc.constantFrom(chars[3]!, '\n').map((segment) => ({ element: chars[0]!, component: chars[1]!, repetition: chars[2]!, segment })));
    const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .\-/#&]{0,14}$/);
    const decimal = fc.tuple(fc.nat({ max: 99999 }), fc.option(fc.nat({ max: 99 }), { nil: undefined })).map(([whole, cents]) => (cents === undefined ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`));
    const line = fc.record({
      lineNumber: text,
      ordered: fc.record({ quantity: decimal, uom: fc.constantFrom('EA', 'CA', 'LB'), unitPrice: decimal }),
      item: fc.record({ ids: fc.array(fc.record({ scheme: fc.constantFrom('UPC', 'SKU', 'BUYER_PART', 'VENDOR_PART'), value: text }), { maxLength: 4 }), description: text }),
      status: fc.constantFrom('ACCEPTED' as const, 'BACKORDERED' as const, 'REJECTED' as const, 'QTY_CHANGED' as const),
      quantity: decimal,
    });
    fc.assert(
      fc.property(separators, fc.constantFrom('00401', '00501'), text, fc.array(line, { minLength: 1, maxLength: 5 }), (seps, version, orderNumber, lines) => {
        const input: OrderAck855Input = { type: 'ACCEPT', orderNumber, orderDate: '2026-01-15', lines };
        const written = writeInterchange({
          senderQualifier: 'ZZ', senderId: 'DISTRIBUTOR', receiverQualifier: 'ZZ', receiverId: 'PARTNER', date: '260116', time: '0800', version, controlNumber: 3,
          separators: version === '00501' ? seps : { element: seps.element, component: seps.component, segment: seps.segment },
          groups: [{ functionalId: 'PR', senderCode: 'DISTRIBUTOR', receiverCode: 'PARTNER', date: '20260116', time: '0800', controlNumber: 3, version: version === '00501' ? '005010' : '004010', sets: [orderAck855Set(input, 1)] }],
        });
        const parsed = parseX12(written).interchanges[0]!;
        assert.deepEqual(parsed.result.errors, []);
        assert.equal(parsed.groups[0]?.result.status, 'A');
        const po1s = parsed.groups[0]!.sets[0]!.segments.filter((segment) => segment.id === 'PO1');
        assert.deepEqual(po1s.map((segment) => [segment.elements[0], segment.elements[1], segment.elements[3]]), lines.map((l) => [l.lineNumber, l.ordered.quantity, l.ordered.unitPrice]));
        assert.equal(parsed.groups[0]!.sets[0]!.segments[1]?.elements[2], orderNumber);
      }),
      { numRuns: RUNS.writerRoundTrip },
    );
  });
});
