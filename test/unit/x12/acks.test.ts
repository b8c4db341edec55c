/** Acknowledgment builders and the 997/999/TA1 they write; reading back the acknowledgments partners send us. */
import assert from 'node:assert/strict';
import {
  acknowledgmentPlan,
  functionalAckFor,
  functionalAckSet,
  parseX12,
  readFunctionalAck,
  replyEnvelope,
  writeInterchange,
  type GroupResult,
  type ParsedInterchange,
} from '../../../apis/partner/edi/x12';
import { fixture, group, interchange, po850, PO_BODY, read, txSet } from './helpers';

const at = { date: '260116', time: '0800' };

function body(text: string, kind: '997' | '999' = '997', options: { version?: string } = {}): string {
  const parsed = read(text);
  const ack = functionalAckFor(parsed.groups[0]!.result, { kind });
  assert.ok(ack);
  const written = writeInterchange({
    ...replyEnvelope(parsed.header!, { controlNumber: 5, date: '260116', time: '0800' }),
    ...(options.version ? { version: options.version } : {}),
    groups: [{ functionalId: 'FA', senderCode: 'DISTRIBUTOR', receiverCode: 'PARTNER', date: '20260116', time: '0800', controlNumber: 9, version: kind === '999' ? '005010X231' : '004010', sets: [functionalAckSet(ack, 1)] }],
  });
  const segments = written.split('~');
  return segments.slice(segments.findIndex((s) => s.startsWith('ST*')), segments.findIndex((s) => s.startsWith('GE*'))).join('~');
}

describe('x12 acknowledgments', () => {
  it('writes the 997 of a clean group: AK1, AK2/AK5 per set, AK9', () => {
    assert.equal(body(po850()), 'ST*997*0001~AK1*PO*1~AK2*850*0001~AK5*A~AK9*A*1*1*1~SE*6*0001');
  });

  it('writes AK3/AK4 for segment and element errors, AK5 codes, AK9 counts', () => {
    const text = interchange(
      group([txSet('850', '0001', ['BEG*00*SA*PO1**20260230', 'N1*ST*STORE*92', 'W05*N', 'PO1*1*1*EA', 'CTT*1']), txSet('850', '0002', PO_BODY, { se01: '7' })], { ge01: '3' }),
      { iea01: '1' },
    );
    assert.equal(
      body(text),
      [
        'ST*997*0001', 'AK1*PO*1',
        'AK2*850*0001', 'AK3*BEG*2**8', 'AK4*5*373*8*20260230', 'AK3*N1*3*N1*8', 'AK4*4*67*2', 'AK3*W05*4*N1*6', 'AK5*R*5',
        'AK2*850*0002', 'AK5*R*4',
        'AK9*R*3*2*0*5', 'SE*13*0001',
      ].join('~'),
    );
  });

  it('writes the 999 (005010X231) with IK3/IK4/IK5 and the versions in AK1/AK2', () => {
    const text = interchange(group([txSet('850', '0001', ['BEG*00*SA*PO1**20260115', 'N1*ST*STORE*92', 'PO1*1*1*EA', 'CTT*1'])], { version: '005010' }), {
      isa: { version: '00501', isa11: '^' },
      c: ':',
    });
    assert.equal(
      body(text, '999'),
      'ST*999*0001*005010X231~AK1*PO*1*005010~AK2*850*0001~IK3*N1*3*N1*8~IK4*4*67*2~IK5*R*5~AK9*R*1*1*0~SE*8*0001',
    );
  });

  it('writes a component position into AK4 as a composite, with the partner separators', () => {
    const text = interchange(group([txSet('999', '0001', ['AK1*PO*1*005010', 'AK2*850*0001', 'IK3*N1*3**8', 'IK4*4:A*67*2', 'IK5*R*5', 'AK9*R*1*1*0'])], { functionalId: 'FA', version: '005010X231' }), {
      isa: { version: '00501', isa11: '^' },
      c: ':',
    });
    const result = read(text).groups[0]!.result;
    // An acknowledgment group is never acknowledged...
    assert.equal(functionalAckFor(result), undefined);
    // ...so build the 997 of an ordinary group carrying the same finding to see the composite written.
    const ack = functionalAckFor({ ...result, header: { ...result.header, functionalId: 'PO' }, sets: result.sets.map((set) => ({ ...set, id: '850' })) } as GroupResult);
    const segments = functionalAckSet(ack!, 1).segments;
    assert.deepEqual(segments.find((segment) => segment.id === 'AK4')?.elements, [['1', '2', ''], '1528', '6', 'A']);
    const written = writeInterchange({
      senderQualifier: 'ZZ', senderId: 'US', receiverQualifier: 'ZZ', receiverId: 'THEM', date: '260116', time: '0800', version: '00501', controlNumber: 1,
      separators: { element: '*', component: ':', segment: '~', repetition: '^' },
      groups: [{ functionalId: 'FA', senderCode: 'US', receiverCode: 'THEM', date: '20260116', time: '0800', controlNumber: 1, version: '005010', sets: [functionalAckSet(ack!, 1)] }],
    });
    assert.ok(written.includes('AK4*1:2*1528*6*A~'), written);
  });

  it('leaves out a copy of bad data that the reply separators could not carry', () => {
    const text = po850(['BEG*00*SA*PO1**2026>0115', 'PO1*1*1*EA', 'CTT*1'], { c: ':' });
    const ack = functionalAckFor(read(text).groups[0]!.result)!;
    const withData = functionalAckSet(ack, 1).segments.find((segment) => segment.id === 'AK4');
    assert.equal(withData?.elements[3], '2026>0115');
    const withoutData = functionalAckSet(ack, 1, { element: '*', component: '>', segment: '~' }).segments.find((segment) => segment.id === 'AK4');
    assert.equal(withoutData?.elements[3], undefined);
  });

  it('never makes a 997 for a group of 997s/999s, whatever its GS01', () => {
    for (const name of ['staedi__simple997.edi', 'staedi__simple999.edi', 'pyx12__834_lui_id_5010.999.edi']) {
      for (const parsed of parseX12(fixture(name)).interchanges) {
        for (const g of parsed.groups) assert.equal(functionalAckFor(g.result), undefined, name);
        assert.deepEqual(acknowledgmentPlan(parsed, at), { functionalAcks: [] });
      }
    }
    const disguised = read(interchange(group([txSet('997', '0001', ['AK1*PO*1', 'AK9*A*1*1*1'])], { functionalId: 'PO' })));
    assert.equal(functionalAckFor(disguised.groups[0]!.result), undefined);
    const emptyAckGroup = read(interchange(group([], { functionalId: 'FA' })));
    assert.equal(emptyAckGroup.groups[0]?.result.status, 'A');
    assert.equal(functionalAckFor(emptyAckGroup.groups[0]!.result), undefined);
  });

  it('sends only the TA1 when the interchange is rejected, and nothing for a group whose GS is invalid', () => {
    const rejected = read(po850(PO_BODY, { iea02: '000000002' }));
    const plan = acknowledgmentPlan(rejected, at);
    assert.deepEqual(plan, { ta1: { controlNumber: '000000001', date: '260115', time: '1200', ackCode: 'R', noteCode: '001' }, functionalAcks: [] });
    const badGs = read(po850().replace('*X*004010', '*Q*004010'));
    assert.equal(functionalAckFor(badGs.groups[0]!.result), undefined);
  });

  it('gives each group of an accepted interchange its 997, with the TA1 only when ISA14 asks', () => {
    const text = interchange([...group([txSet('850', '0001', PO_BODY)]), ...group([txSet('850', '0001', PO_BODY, { se01: '9' })], { control: '2' })], { isa: { ackRequested: '1' } });
    const plan = acknowledgmentPlan(read(text), at);
    assert.equal(plan.ta1?.ackCode, 'A');
    assert.deepEqual(plan.functionalAcks.map((ack) => [ack.groupControlNumber, ack.status]), [['1', 'A'], ['2', 'R']]);
  });

  it('writes a TA1 interchange that re-reads clean', () => {
    const parsed = read(po850(PO_BODY, { iea01: '7' }));
    const plan = acknowledgmentPlan(parsed, at);
    const text = writeInterchange({ ...replyEnvelope(parsed.header!, { controlNumber: 77, ...at }), ta1s: [plan.ta1!] });
    assert.equal(text, 'ISA*00*          *00*          *ZZ*DISTRIBUTOR    *ZZ*PARTNER        *260116*0800*U*00401*000000077*0*P*>~TA1*000000001*260115*1200*R*021~IEA*0*000000077~');
    const reread = read(text);
    assert.deepEqual(reread.result.errors, []);
    assert.deepEqual(reread.result.receivedTa1s, [{ controlNumber: '000000001', date: '260115', time: '1200', ackCode: 'R', noteCode: '021' }]);
  });

  describe('reading the acknowledgments partners send us', () => {
    it('reads a 997 with its segment and element errors (staedi sample)', () => {
      const set = read(fixture('staedi__simple997.edi')).groups[0]!.sets[0]!;
      assert.deepEqual(readFunctionalAck(set), {
        ok: true,
        ack: {
          kind: '997', functionalId: 'HC', groupControlNumber: '000001', status: 'R', included: '1', received: '1', accepted: '0', errorCodes: [],
          sets: [{ id: '837', controlNumber: '0021', status: 'R', errorCodes: ['5'], segmentErrors: [{ segmentId: 'NM1', position: '8', code: '8', elementErrors: [{ position: 8, elementRef: '66', code: '7', badData: 'MI' }] }] }],
        },
      });
    });

    it('reads a 999 with IK3/IK4/IK5 and composite positions (staedi sample)', () => {
      const result = readFunctionalAck(read(fixture('staedi__simple999.edi')).groups[0]!.sets[0]!);
      assert.ok(result.ok);
      assert.equal(result.ack.kind, '999');
      assert.equal(result.ack.groupVersion, '005010X222');
      assert.deepEqual(result.ack.sets.map((set) => [set.controlNumber, set.status, set.errorCodes]), [['0001', 'A', []], ['0002', 'R', ['5']], ['0003', 'R', ['5']]]);
      assert.deepEqual(result.ack.sets[1]?.segmentErrors, [{ segmentId: 'CLM', position: '22', code: '8', elementErrors: [{ position: 2, elementRef: '782', code: '1' }] }]);
      assert.equal(result.ack.status, 'P');
    });

    it('refuses what is not a 997/999', () => {
      const set = read(po850()).groups[0]!.sets[0]!;
      assert.deepEqual(readFunctionalAck(set), { ok: false, errors: ['transaction set 850 is not a 997 or 999'] });
      const parsed = read(interchange(group([txSet('997', '0001', ['AK1*PO*1'])], { functionalId: 'FA' })));
      assert.deepEqual(readFunctionalAck((parsed as ParsedInterchange).groups[0]!.sets[0]!), { ok: false, errors: ['the 997 lacks its AK9'] });
    });
  });
});
