/** The generic writer: segments, envelopes, counts, control numbers, separators, versions, and what it refuses. */
import assert from 'node:assert/strict';
import {
  formatSegment,
  parseX12,
  writeInterchange,
  X12WriteError,
  type InterchangeInput,
  type Separators,
} from '../../../apis/partner/edi/x12';
import { read } from './helpers';

const STAR: Separators = { element: '*', component: '>', segment: '~' };

function envelope(overrides: Partial<InterchangeInput> = {}): InterchangeInput {
  return {
    senderQualifier: 'ZZ',
    senderId: 'DISTRIBUTOR',
    receiverQualifier: '01',
    receiverId: '123456789',
    date: '260116',
    time: '0830',
    version: '00401',
    controlNumber: 42,
    separators: STAR,
    groups: [
      {
        functionalId: 'PR',
        senderCode: 'DISTRIBUTOR',
        receiverCode: '123456789',
        date: '20260116',
        time: '0830',
        controlNumber: 7,
        version: '004010',
        sets: [
          { id: '855', controlNumber: 1, segments: [{ id: 'BAK', elements: ['00', 'AD', 'PO1', '20260115'] }, { id: 'CTT', elements: ['0'] }] },
          { id: '855', controlNumber: '000000002', segments: [{ id: 'BAK', elements: ['00', 'AD', 'PO2', '20260115'] }] },
        ],
      },
    ],
    ...overrides,
  };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof X12WriteError, String(error));
    return `${error.code} ${error.path ?? ''}`.trim();
  }
  assert.fail('expected an X12WriteError');
}

describe('x12 writer', () => {
  it('writes the envelope with counts, padded ids and the given control numbers', () => {
    assert.equal(
      writeInterchange(envelope()),
      [
        'ISA*00*          *00*          *ZZ*DISTRIBUTOR    *01*123456789      *260116*0830*U*00401*000000042*0*P*>',
        'GS*PR*DISTRIBUTOR*123456789*20260116*0830*7*X*004010',
        'ST*855*0001', 'BAK*00*AD*PO1*20260115', 'CTT*0', 'SE*4*0001',
        'ST*855*000000002', 'BAK*00*AD*PO2*20260115', 'SE*3*000000002',
        'GE*2*7',
        'IEA*1*000000042',
        '',
      ].join('~'),
    );
  });

  it('writes 00501 with ISA11 as the repetition separator, GS08 and ST03 as given, and re-reads clean', () => {
    const text = writeInterchange(
      envelope({
        version: '00501',
        separators: { element: '|', component: ':', segment: '\n', repetition: '^' },
        usage: 'T',
        ackRequested: true,
        groups: [{ functionalId: 'PR', senderCode: 'DISTRIBUTOR', receiverCode: '123456789', date: '20260116', time: '083015', controlNumber: '000000007', version: '005010', sets: [{ id: '855', controlNumber: 3, implementationReference: '005010', segments: [{ id: 'REF', elements: ['ZZ', { repeat: ['A', ['B', 'C']] }] }] }] }],
      }),
    );
    assert.ok(text.startsWith('ISA|00|          |00|          |ZZ|DISTRIBUTOR    |01|123456789      |260116|0830|^|00501|000000042|1|T|:\n'), text);
    assert.ok(text.includes('ST|855|0003|005010\nREF|ZZ|A^B:C\nSE|3|0003\n'), text);
    const parsed = read(text);
    assert.deepEqual(parsed.result.errors, []);
    assert.deepEqual(parsed.header?.separators, { element: '|', component: ':', segment: '\n', repetition: '^' });
    assert.equal(parsed.groups[0]?.header.version, '005010');
    assert.deepEqual(parsed.groups[0]?.sets[0]?.result.errors, []);
  });

  it('writes ISA11 U for 00501 without a repetition separator, and refuses one before 00402', () => {
    assert.ok(writeInterchange(envelope({ version: '00501', groups: [] })).includes('*U*00501*'));
    assert.equal(code(() => writeInterchange(envelope({ separators: { ...STAR, repetition: '^' } }))), 'ERR_X12_INVALID_SEPARATORS separators.repetition');
  });

  it('drops trailing empty elements and components, keeps inner empties, joins composites', () => {
    assert.equal(formatSegment({ id: 'PO1', elements: ['1', '', undefined, '2', undefined, ''] }, STAR), 'PO1*1***2');
    assert.equal(formatSegment({ id: 'AK4', elements: [['4', '1', ''], undefined, '7'] }, STAR), 'AK4*4>1**7');
    assert.equal(formatSegment({ id: 'SE', elements: [] }, STAR), 'SE');
  });

  it('adds line breaks after terminators when asked', () => {
    const text = writeInterchange(envelope(), { lineBreaks: true });
    assert.ok(text.includes('~\nGS*'));
    assert.deepEqual(read(text).result.errors, []);
  });

  it('refuses data it cannot carry: separators and control characters (X12 has no escape)', () => {
    assert.equal(code(() => formatSegment({ id: 'PID', elements: ['F', '', '', '', 'BOLTS*NUTS'] }, STAR)), 'ERR_X12_SEPARATOR_IN_DATA PID.5');
    assert.equal(code(() => formatSegment({ id: 'PID', elements: ['F', '', '', '', 'A>B'] }, STAR)), 'ERR_X12_SEPARATOR_IN_DATA PID.5');
    assert.equal(code(() => formatSegment({ id: 'N3', elements: ['LINE\n2'] }, STAR)), 'ERR_X12_SEPARATOR_IN_DATA N3.1');
    assert.equal(code(() => formatSegment({ id: 'REF', elements: ['ZZ', { repeat: ['A', 'B'] }] }, STAR)), 'ERR_X12_INVALID_VALUE REF.2');
  });

  it('refuses bad envelope values with the path of the field', () => {
    assert.equal(code(() => writeInterchange(envelope({ senderId: 'A-NAME-LONGER-THAN-15' }))), 'ERR_X12_VALUE_TOO_LONG senderId');
    assert.equal(code(() => writeInterchange(envelope({ controlNumber: 1_000_000_000 }))), 'ERR_X12_INVALID_VALUE controlNumber');
    assert.equal(code(() => writeInterchange(envelope({ date: '260230' }))), 'ERR_X12_INVALID_VALUE date');
    assert.equal(code(() => writeInterchange(envelope({ separators: { element: '*', component: '*', segment: '~' } }))), 'ERR_X12_INVALID_SEPARATORS separators');
    assert.equal(code(() => writeInterchange(envelope({ separators: { element: 'A', component: '>', segment: '~' } }))), 'ERR_X12_INVALID_SEPARATORS separators');
    const base = envelope();
    const group = base.groups![0]!;
    assert.equal(code(() => writeInterchange({ ...base, groups: [{ ...group, date: '260116' }] })), 'ERR_X12_INVALID_VALUE groups.0.date');
    assert.equal(code(() => writeInterchange({ ...base, groups: [{ ...group, sets: [{ id: '855', controlNumber: '12', segments: [] }] }] })), 'ERR_X12_INVALID_VALUE groups.0.sets.0.controlNumber');
    assert.equal(code(() => writeInterchange({ ...base, groups: [{ ...group, sets: [{ id: '855', controlNumber: 1, segments: [{ id: 'SE', elements: [] }] }] }] })), 'ERR_X12_INVALID_VALUE groups.0.sets.0.segments.0');
  });

  it('writes several groups and counts them in IEA01; every control number given is kept', () => {
    const base = envelope();
    const group = base.groups![0]!;
    const text = writeInterchange({ ...base, groups: [group, { ...group, controlNumber: 8 }] });
    assert.ok(text.endsWith('GE*2*8~IEA*2*000000042~'));
    const parsed = parseX12(text).interchanges[0]!;
    assert.deepEqual(parsed.groups.map((g) => [g.header.controlNumber, g.sets.map((set) => set.controlNumber)]), [['7', ['0001', '000000002']], ['8', ['0001', '000000002']]]);
    assert.deepEqual(parsed.result.errors, []);
  });
});
