/**
 * Conformance over the real sample files in test/fixtures/x12: each `<name>.edi` has `expected/<name>.json`, found by
 * listing the folder, so a new partner case is two files and no code. Every file parses to what is expected, every
 * 850 becomes a PurchaseOrder850, every file is written back byte for byte, and every acknowledgment we write for it
 * re-reads with valid envelopes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  acknowledgmentPlan,
  functionalAckSet,
  map850,
  parseX12,
  replyEnvelope,
  splitComponents,
  splitRepetitions,
  writeInterchange,
  type ElementValue,
  type InterchangeInput,
  type ParsedInterchange,
  type PurchaseOrder850,
  type Separators,
} from '../../../apis/partner/edi/x12';
import { FIXTURES, fixture, fixtureNames } from './helpers';

function summary(interchange: ParsedInterchange) {
  return {
    controlNumber: interchange.result.controlNumber,
    status: interchange.result.status,
    errors: interchange.result.errors.map((error) => error.code),
    separators: interchange.header?.separators,
    groups: interchange.groups.map((group) => ({
      functionalId: group.header.functionalId,
      controlNumber: group.header.controlNumber,
      status: group.result.status,
      errors: group.result.errors.map((error) => error.code),
      warnings: group.result.warnings,
      sets: group.sets.map((set) => ({
        id: set.id,
        controlNumber: set.controlNumber,
        status: set.result.status,
        errors: set.result.errors.map((error) => error.code),
        segmentErrors: set.result.segmentErrors.map(
          (error) =>
            `${error.segmentId}@${error.position}${error.loopId ? `/${error.loopId}` : ''}:${error.code}` +
            error.elementErrors.map((element) => `[${element.position}${element.componentPosition ? `.${element.componentPosition}` : ''}:${element.elementRef ?? ''}:${element.code}]`).join(''),
        ),
      })),
    })),
  };
}

function orderSummary(order: PurchaseOrder850) {
  return {
    orderNumber: order.orderNumber,
    purpose: order.purpose,
    orderType: order.orderType,
    ...(order.releaseNumber ? { releaseNumber: order.releaseNumber } : {}),
    orderDate: order.orderDate,
    ...(order.requestedDelivery ? { requestedDelivery: order.requestedDelivery } : {}),
    test: order.source.test,
    parties: order.parties.map((party) =>
      [
        party.role ?? party.roleCode,
        party.name ?? '',
        party.ids.map((id) => `${id.scheme}:${id.value}`).join(','),
        ...(party.address
          ? [...party.address.lines, party.address.city ?? '', party.address.region ?? '', party.address.postalCode ?? '', ...(party.address.country ? [party.address.country] : [])]
          : []),
      ].join('|'),
    ),
    lineCount: order.totals?.lineCount,
    ...(order.totals?.hashTotal ? { hashTotal: order.totals.hashTotal } : {}),
    lines: order.lines.map((line) => ({
      lineNumber: line.lineNumber,
      quantity: line.quantity?.value,
      uom: line.quantity?.uom,
      ...(line.unitPrice ? { unitPrice: line.unitPrice } : {}),
      ...(line.item.description ? { description: line.item.description } : {}),
      ids: line.item.ids.map((id) => `${id.scheme}:${id.value}`),
    })),
  };
}

/** An element as the writer takes it: repetitions and components split only where the interchange declares them. */
function asValue(value: string, separators: Separators): ElementValue {
  const repetitions = splitRepetitions(value, separators).map((item) => {
    const components = splitComponents(item, separators);
    return components.length > 1 ? components : item;
  });
  if (repetitions.length > 1) return { repeat: repetitions };
  return repetitions[0] as ElementValue;
}

/** A parsed interchange as writer input: the same header fields, groups and segments. */
function asInput(interchange: ParsedInterchange): InterchangeInput {
  const header = interchange.header!;
  return {
    authorizationQualifier: header.authorizationQualifier,
    authorization: header.authorization,
    securityQualifier: header.securityQualifier,
    security: header.security,
    senderQualifier: header.senderQualifier,
    senderId: header.senderId,
    receiverQualifier: header.receiverQualifier,
    receiverId: header.receiverId,
    date: header.date,
    time: header.time,
    version: header.version,
    controlNumber: header.controlNumber,
    ackRequested: header.ackRequested === '1',
    usage: header.usage as 'P' | 'T' | 'I',
    separators: header.separators,
    groups: interchange.groups.map((group) => ({
      functionalId: group.header.functionalId,
      senderCode: group.header.senderCode,
      receiverCode: group.header.receiverCode,
      date: group.header.date,
      time: group.header.time,
      controlNumber: group.header.controlNumber,
      agency: group.header.agency as 'X' | 'T',
      version: group.header.version,
      sets: group.sets.map((set) => ({
        id: set.id,
        controlNumber: set.controlNumber,
        ...(set.implementationReference ? { implementationReference: set.implementationReference } : {}),
        segments: set.segments.slice(1, -1).map((segment) => ({ id: segment.id, elements: segment.elements.map((value) => asValue(value, header.separators)) })),
      })),
    })),
  };
}

describe('x12 conformance: the real sample files', () => {
  const names = fixtureNames();

  it('has the fifteen samples, their licences and attribution beside them', () => {
    assert.equal(names.length, 15);
    for (const file of ['NOTICE.md', 'SOURCES.md', 'LICENSE-MIT-node-x12.txt', 'LICENSE-MIT-EdiEngine.txt', 'LICENSE-Apache-2.0.txt', 'LICENSE-BSD-pyx12.txt']) {
      assert.ok(existsSync(join(FIXTURES, file)), file);
    }
    const notice = readFileSync(join(FIXTURES, 'NOTICE.md'), 'utf8');
    for (const name of names) assert.ok(notice.includes(name), `NOTICE.md names ${name}`);
  });

  for (const name of names) {
    describe(name, () => {
      const expectedPath = join(FIXTURES, 'expected', name.replace(/\.edi$/, '.json'));
      const expected = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : undefined;
      const text = fixture(name);
      const document = parseX12(text);

      it('parses to the expected interchanges, groups, sets and findings', () => {
        assert.ok(expected, `expected/${name.replace(/\.edi$/, '.json')} is missing`);
        assert.deepEqual(document.unrecognized, []);
        assert.deepEqual(document.interchanges.map(summary), expected.interchanges);
      });

      it('acknowledges as expected (never a 997 for a 997/999, no 997 when the TA1 rejects)', () => {
        const plans = document.interchanges.map((interchange) => acknowledgmentPlan(interchange, { date: '260115', time: '1200' }));
        assert.deepEqual(
          plans.map((plan) => ({
            ta1: plan.ta1 ? { ackCode: plan.ta1.ackCode, noteCode: plan.ta1.noteCode } : null,
            functionalAcks: plan.functionalAcks.map((ack) => ({
              groupControlNumber: ack.groupControlNumber,
              status: ack.status,
              sets: ack.sets.map((set) => `${set.id} ${set.controlNumber} ${set.status}`),
            })),
          })),
          expected.acks,
        );
      });

      it('maps its 850s to purchase orders', () => {
        const orders = document.interchanges
          .flatMap((interchange) => interchange.groups.flatMap((group) => group.sets))
          .filter((set) => set.id === '850')
          .map((set) => {
            const mapped = map850(set);
            assert.ok(mapped.ok, JSON.stringify(mapped));
            return orderSummary(mapped.order);
          });
        assert.deepEqual(orders, expected.orders ?? []);
      });

      it('writes back byte for byte (separators, verbatim elements, counts, control numbers)', () => {
        const written = document.interchanges.map((interchange) => writeInterchange(asInput(interchange), { lineBreaks: true })).join('');
        const original = text.toString('latin1');
        assert.equal(written.replace(/\s+$/, ''), original.replace(/\s+$/, ''));
      });

      it('writes acknowledgments that re-read with valid envelopes and valid 997/999 content', () => {
        let control = 900000000;
        for (const interchange of document.interchanges) {
          const header = interchange.header!;
          for (const kind of ['997', '999'] as const) {
            const plan = acknowledgmentPlan(interchange, { date: '260115', time: '1200', kind });
            const groupVersion = kind === '999' ? '005010X231' : Number(header.version) >= 500 ? '005010' : '004010';
            const envelope = replyEnvelope(header, { controlNumber: (control += 1), date: '260115', time: '1200' });
            if (!plan.ta1 && plan.functionalAcks.length === 0) continue;
            const reply = writeInterchange({
              ...envelope,
              ...(kind === '999' ? { version: '00501', separators: { ...header.separators, repetition: header.separators.repetition ?? '^' } } : {}),
              ta1s: plan.ta1 ? [plan.ta1] : [],
              groups: plan.functionalAcks.map((ack, index) => ({
                functionalId: 'FA',
                senderCode: interchange.groups[0]?.header.receiverCode ?? 'US',
                receiverCode: interchange.groups[0]?.header.senderCode ?? 'THEM',
                date: '20260115',
                time: '1200',
                controlNumber: index + 1,
                version: groupVersion,
                sets: [functionalAckSet(ack, 1, header.separators)],
              })),
            });
            const reread = parseX12(reply);
            assert.equal(reread.interchanges.length, 1);
            const [replyInterchange] = reread.interchanges as [ParsedInterchange];
            assert.deepEqual(replyInterchange.result.errors, [], reply);
            assert.equal(replyInterchange.result.acknowledgmentsOnly, true);
            for (const group of replyInterchange.groups) {
              assert.equal(group.result.status, 'A', JSON.stringify(group.result));
              for (const set of group.sets) {
                assert.equal(set.id, kind);
                assert.ok(set.result.contentChecked);
                assert.deepEqual(set.result.segmentErrors, [], reply);
              }
            }
            // And we never answer our own acknowledgment.
            assert.deepEqual(acknowledgmentPlan(replyInterchange, { date: '260115', time: '1200' }), { functionalAcks: [] });
          }
        }
      });
    });
  }
});
