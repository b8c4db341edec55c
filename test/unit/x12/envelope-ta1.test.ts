/** Interchange-level findings: each TA105 note code we produce, and the TA1 built from them. */
import assert from 'node:assert/strict';
import { parseX12, ta1For, writeInterchange } from '../../../apis/partner/edi/x12';
import { group, interchange, isa, po850, PO_BODY, read, ta1Codes, txSet } from './helpers';

const rest = [...group([txSet('850', '0001', PO_BODY)]), 'IEA*1*000000001'].map((segment) => `${segment}~`).join('');

describe('x12 envelope validation: TA1 codes', () => {
  it('accepts a clean interchange (status A, no findings)', () => {
    const parsed = read(po850());
    assert.equal(parsed.result.status, 'A');
    assert.deepEqual(parsed.result.errors, []);
  });

  const fieldCases: [string, Parameters<typeof isa>[0], string][] = [
    ['010 invalid authorization qualifier (ISA01)', { authorizationQualifier: '07' }, '010'],
    ['011 invalid authorization information (ISA02 with a control character)', { authorization: 'ABC\u0001      ' }, '011'],
    ['012 invalid security qualifier (ISA03)', { securityQualifier: '02' }, '012'],
    ['013 invalid security information (ISA04 with a control character)', { security: '\u0002         ' }, '013'],
    ['005 invalid sender qualifier (ISA05)', { senderQualifier: 'XX' }, '005'],
    ['006 invalid sender id (ISA06 blank)', { senderId: '               ' }, '006'],
    ['006 sender id holding a separator of the interchange (ISA06 at fixed positions)', { senderId: 'PART*NER       ' }, '006'],
    ['007 invalid receiver qualifier (ISA07)', { receiverQualifier: '00' }, '007'],
    ['008 invalid receiver id (ISA08 blank)', { receiverId: '               ' }, '008'],
    ['014 invalid date (ISA09 Feb 30)', { date: '260230' }, '014'],
    ['015 invalid time (ISA10 25:00)', { time: '2500' }, '015'],
    ['016 ISA11 not U before 00402', { isa11: '^', version: '00401' }, '016'],
    ['016 ISA11 that cannot be the repetition separator (the component separator)', { isa11: '>', version: '00501' }, '016'],
    ['017 invalid version (ISA12)', { version: '0040A' }, '017'],
    ['018 invalid control number (ISA13)', { control: '00000000A' }, '018'],
    ['019 invalid acknowledgment requested (ISA14)', { ackRequested: '2' }, '019'],
    ['020 invalid test indicator (ISA15)', { usage: 'X' }, '020'],
  ];
  for (const [name, fields, code] of fieldCases) {
    it(name, () => {
      const text = `${isa(fields)}~${rest.replace('IEA*1*000000001', `IEA*1*${fields?.control ?? '000000001'}`)}`;
      assert.deepEqual(ta1Codes(text), [code]);
    });
  }

  it('003 version not supported (interchangeVersions option)', () => {
    assert.deepEqual(ta1Codes(po850(PO_BODY, { isa: { version: '00501', isa11: '^' } }), { interchangeVersions: ['00401'] }), ['003']);
    assert.deepEqual(ta1Codes(po850(), { interchangeVersions: ['00401'] }), []);
  });

  it('001 ISA13 and IEA02 disagree', () => {
    assert.deepEqual(ta1Codes(po850(PO_BODY, { iea02: '000000002' })), ['001']);
  });

  it('021 IEA01 does not count the functional groups', () => {
    assert.deepEqual(ta1Codes(po850(PO_BODY, { iea01: '2' })), ['021']);
    assert.deepEqual(ta1Codes(po850(PO_BODY, { iea01: 'one' })), ['021']);
  });

  it('023 the interchange ends without IEA, or the file ends inside the ISA', () => {
    assert.deepEqual(ta1Codes(po850(PO_BODY, { noIea: true })), ['023']);
    const truncated = parseX12(isa().slice(0, 60));
    assert.deepEqual(truncated.interchanges.map((parsed) => parsed.result.errors.map((error) => error.code)), [['023']]);
  });

  it('024 invalid interchange content: a bad GS, a set outside any group, segments between sets, GE without GS', () => {
    assert.deepEqual(ta1Codes(po850(PO_BODY).replace('*20260115*1200*1*X*004010', '*20260115*1200*1*Q*004010')), ['024']);
    assert.deepEqual(ta1Codes(po850(PO_BODY).replace('*20260115*1200*1*X', '*20261315*1200*1*X')), ['024']);
    assert.deepEqual(ta1Codes(po850(PO_BODY).replace('*1200*1*X', '*1200*12345678901*X')), ['024']);
    assert.deepEqual(ta1Codes(interchange([...txSet('850', '0001', PO_BODY)], { iea01: '0' })), ['024']);
    assert.deepEqual(ta1Codes(interchange(group([txSet('850', '0001', PO_BODY)]).flatMap((segment) => (segment.startsWith('GE') ? ['REF*ZZ*STRAY', segment] : [segment])))), ['024']);
    assert.deepEqual(ta1Codes(interchange(['GE*0*1'], { iea01: '0' })), ['024']);
  });

  it('025 duplicate interchange control number: within the stream, or as the injected store says', () => {
    const document = parseX12(po850() + po850());
    assert.deepEqual(document.interchanges.map((parsed) => parsed.result.errors.map((error) => error.code)), [[], ['025']]);
    const seen = new Set(['ZZ|PARTNER|000000001']);
    const isDuplicateInterchange = (header: { senderQualifier: string; senderId: string; controlNumber: string }) =>
      seen.has(`${header.senderQualifier}|${header.senderId.trim()}|${header.controlNumber}`);
    assert.deepEqual(ta1Codes(po850(), { isDuplicateInterchange }), ['025']);
    assert.deepEqual(ta1Codes(po850(PO_BODY, { isa: { senderId: 'OTHER          ' } }), { isDuplicateInterchange }), []);
  });

  it('009 unknown receiver id (receiverIds option)', () => {
    assert.deepEqual(ta1Codes(po850(), { receiverIds: ['SOMEONE ELSE'] }), ['009']);
    assert.deepEqual(ta1Codes(po850(), { receiverIds: ['DISTRIBUTOR'] }), []);
  });

  it('026 invalid data element separator', () => {
    const document = parseX12(po850().replace(/^ISA\*/, 'ISA '));
    assert.equal(document.interchanges[0]?.result.errors[0]?.code, '026');
    assert.equal(document.interchanges[0]?.result.status, 'R');
  });

  it('027 invalid component element separator', () => {
    // 'A' is alphanumeric, and ISA06 'PARTNER' now holds the declared separator too: 027 comes first, so it is the TA105.
    assert.deepEqual(ta1Codes(po850(PO_BODY, { c: 'A' })), ['027', '006']);
    assert.deepEqual(ta1Codes(po850(PO_BODY, { c: '*' })), ['027']);
  });

  it('004 invalid segment terminator', () => {
    for (const bad of ['Z', '*', ' ']) {
      const document = parseX12(`${isa()}${bad}${rest}`);
      assert.equal(document.interchanges[0]?.result.errors[0]?.code, '004', JSON.stringify(bad));
      assert.equal(document.interchanges[0]?.header, undefined);
    }
  });

  it('022 invalid control structure: an ISA whose 16 separators cannot be found', () => {
    const document = parseX12(`ISA*00*${'X'.repeat(600)}~${rest}`);
    assert.equal(document.interchanges[0]?.result.errors[0]?.code, '022');
  });

  it('resynchronises on the next ISA after one it cannot read', () => {
    const document = parseX12(`ISA*00*${'X'.repeat(600)}~${rest}${po850(PO_BODY, { isa: { control: '000000002' } })}`);
    assert.equal(document.interchanges.length, 2);
    assert.deepEqual(document.interchanges[1]?.result.errors, []);
    assert.equal(document.interchanges[1]?.groups[0]?.sets[0]?.result.status, 'A');
  });

  describe('the TA1 built from the findings', () => {
    const at = { date: '260116', time: '0800' };

    it('rejects with the first note code, echoing ISA13, ISA09 and ISA10', () => {
      const parsed = read(po850(PO_BODY, { iea02: '000000009', iea01: '3' }));
      assert.deepEqual(ta1For(parsed.result, at), { controlNumber: '000000001', date: '260115', time: '1200', ackCode: 'R', noteCode: '021' });
    });

    it('accepts with 000 when ISA14 asks for an acknowledgment, and says nothing when it does not', () => {
      assert.deepEqual(ta1For(read(po850(PO_BODY, { isa: { ackRequested: '1' } })).result, at), {
        controlNumber: '000000001',
        date: '260115',
        time: '1200',
        ackCode: 'A',
        noteCode: '000',
      });
      assert.equal(ta1For(read(po850()).result, at), undefined);
    });

    it('dates the TA1 with the fallback when the ISA date cannot be echoed, and uses 000000000 for an unreadable ISA13', () => {
      assert.deepEqual(ta1For(read(po850(PO_BODY, { isa: { date: '261340' } })).result, at), {
        controlNumber: '000000001', date: '260116', time: '1200', ackCode: 'R', noteCode: '014',
      });
      const unreadable = parseX12(po850().replace(/^ISA\*/, 'ISA ')).interchanges[0]!;
      assert.deepEqual(ta1For(unreadable.result, at), { controlNumber: '000000000', date: '260116', time: '0800', ackCode: 'R', noteCode: '026' });
    });

    it('never answers an interchange that carries only acknowledgments', () => {
      const ta1Only = writeInterchange({
        senderQualifier: 'ZZ', senderId: 'PARTNER', receiverQualifier: 'ZZ', receiverId: 'DISTRIBUTOR', date: '260115', time: '1200',
        version: '00401', controlNumber: 7, ackRequested: true, separators: { element: '*', component: '>', segment: '~' },
        ta1s: [{ controlNumber: '000000042', date: '260114', time: '0900', ackCode: 'A', noteCode: '000' }],
      });
      const parsed = read(`${ta1Only}`.replace('IEA*0*000000007', 'IEA*0*000000008'));
      assert.equal(parsed.result.acknowledgmentsOnly, true);
      assert.deepEqual(parsed.result.errors.map((error) => error.code), ['001']);
      assert.deepEqual(parsed.result.receivedTa1s, [{ controlNumber: '000000042', date: '260114', time: '0900', ackCode: 'A', noteCode: '000' }]);
      assert.equal(ta1For(parsed.result, at), undefined);
    });
  });
});
