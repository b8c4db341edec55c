/** The reader on the quirks real partners send, one quirk per test. */
import assert from 'node:assert/strict';
import { parseX12, splitComponents, splitRepetitions, type TransactionSet } from '../../../apis/partner/edi/x12';
import { fixture, group, interchange, isa, PO_BODY, po850, read, txSet } from './helpers';

function firstSet(text: string | Buffer): TransactionSet {
  const set = read(text).groups[0]?.sets[0];
  assert.ok(set, 'a transaction set');
  return set;
}

function clean(text: string | Buffer): void {
  const document = parseX12(text);
  assert.deepEqual(document.unrecognized, []);
  assert.equal(document.interchanges.length, 1);
  for (const parsed of document.interchanges) {
    assert.deepEqual(parsed.result.errors, []);
    for (const g of parsed.groups) {
      assert.deepEqual(g.result.errors, []);
      for (const set of g.sets) assert.deepEqual([set.result.errors, set.result.segmentErrors], [[], []]);
    }
  }
}

describe('x12 reader quirks', () => {
  it('reads the separators of every interchange of a file from its own ISA', () => {
    const first = interchange(group([txSet('850', '0001', PO_BODY)]));
    const second = interchange(group([txSet('850', '0002', ['BEG*00*SA*A#B~C**20260115', 'PO1*1*10*EA', 'CTT*1'])], { control: '2' }), {
      e: '|',
      c: '\\',
      t: '\n',
      isa: { control: '000000002', version: '00501', isa11: '^' },
    });
    // The second interchange's data holds '*' and '~', the first's separators: they are data there.
    const text = first + second.replace('A#B~C', 'A*B~C');
    const document = parseX12(text);
    assert.equal(document.interchanges.length, 2);
    assert.deepEqual(document.interchanges[0]?.header?.separators, { element: '*', component: '>', segment: '~' });
    assert.deepEqual(document.interchanges[1]?.header?.separators, { element: '|', component: '\\', segment: '\n', repetition: '^' });
    assert.equal(document.interchanges[1]?.groups[0]?.sets[0]?.segments[1]?.elements[2], 'A*B~C');
    for (const parsed of document.interchanges) assert.deepEqual(parsed.result.errors, []);
  });

  it('accepts ~, newline and other terminators, with CR/LF after them', () => {
    for (const [t, eol] of [['~', ''], ['~', '\n'], ['~', '\r\n'], ['\n', ''], ['\r', '\n'], ["'", '\r\n'], ['\u0085', '']] as const) {
      const text = po850(PO_BODY, { t, eol });
      const parsed = read(text);
      assert.equal(parsed.header?.separators.segment, t, JSON.stringify(t));
      assert.deepEqual(parsed.result.errors, [], JSON.stringify([t, eol]));
      const set = parsed.groups[0]?.sets[0];
      assert.deepEqual(set?.segments.map((segment) => segment.id), ['ST', 'BEG', 'PO1', 'CTT', 'SE']);
      assert.deepEqual(set?.result.errors, []);
    }
  });

  it('skips a byte-order mark and whitespace before the ISA', () => {
    const text = po850();
    clean(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    clean(`\uFEFF${text}`);
    clean(` \r\n\t\n${text}`);
    const latin1 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const document = parseX12(latin1, { encoding: 'latin1' });
    assert.deepEqual(document.unrecognized, []);
    assert.deepEqual(document.interchanges[0]?.result.errors, []);
  });

  it('takes the last segment when the final IEA has no terminator (the 940 sample)', () => {
    const text = po850();
    const parsed = read(text.slice(0, -1));
    assert.deepEqual(parsed.result.errors, []);
    assert.equal(parsed.result.status, 'A');
    const sample = read(fixture('ediengine__940.OK.edi'));
    assert.deepEqual(sample.result.errors, []);
    assert.equal(sample.groups[0]?.sets[0]?.segments.length, 29);
    assert.equal(sample.result.groupCount, 1);
  });

  it('ignores trailing bytes such as 0x1A and NUL after the last IEA, terminated or not', () => {
    const text = po850();
    for (const tail of ['\u001A', '\u001A\u0000\r\n', '\n\n\u001A']) {
      const document = parseX12(text + tail);
      assert.deepEqual(document.unrecognized, [], JSON.stringify(tail));
      assert.deepEqual(document.interchanges[0]?.result.errors, []);
      const unterminated = parseX12(text.slice(0, -1) + tail);
      assert.deepEqual(unterminated.unrecognized, []);
      assert.deepEqual(unterminated.interchanges[0]?.result.errors, [], JSON.stringify(tail));
    }
  });

  it('compares zero-padded counts and control numbers as numbers', () => {
    const text = interchange(group([txSet('850', '0001', PO_BODY, { se01: '0005', se02: '000000001' })], { control: '000001', ge01: '0001', ge02: '1' }), {
      iea01: '00001',
      iea02: '1',
    });
    clean(text);
    // ...and a different number is still a mismatch.
    const wrong = read(interchange(group([txSet('850', '0001', PO_BODY, { se02: '0002' })], { ge02: '0002' }), { iea02: '2' }));
    assert.deepEqual(wrong.result.errors.map((error) => error.code), ['001']);
    assert.deepEqual(wrong.groups[0]?.result.errors.map((error) => error.code), ['4']);
    assert.deepEqual(wrong.groups[0]?.sets[0]?.result.errors.map((error) => error.code), ['3']);
  });

  it('takes ISA11 as the repetition separator only from 00402 on and only when it is not alphanumeric', () => {
    assert.equal(read(po850(PO_BODY, { isa: { version: '00401', isa11: 'U' } })).header?.separators.repetition, undefined);
    // In 00401 ISA11 is the standards identifier: '^' there is an error (TA1 016), never a separator.
    const wrong = read(po850(PO_BODY, { isa: { version: '00401', isa11: '^' } }));
    assert.equal(wrong.header?.separators.repetition, undefined);
    assert.deepEqual(wrong.result.errors.map((error) => error.code), ['016']);
    assert.equal(read(po850(PO_BODY, { isa: { version: '00402', isa11: '^' } })).header?.separators.repetition, '^');
    assert.equal(read(po850(PO_BODY, { isa: { version: '00501', isa11: '{' } })).header?.separators.repetition, '{');
    // 5010 header with ISA11=U (the Stedi 850 sample): no repetition separator, no error.
    const stedi = read(fixture('stedi-bootstrap__850_input.edi'));
    assert.equal(stedi.header?.version, '00501');
    assert.equal(stedi.header?.separators.repetition, undefined);
    assert.deepEqual(stedi.result.errors, []);
  });

  it('splits components and repetitions only where the interchange declares them, and only on demand', () => {
    const body = ['BEG*00*SA*PO^1>2**20260115', 'PO1*1*10*EA', 'CTT*1'];
    const in4010 = firstSet(po850(body, { isa: { version: '00401', isa11: 'U' }, c: ':' }));
    const value = in4010.segments[1]?.elements[2] as string;
    assert.equal(value, 'PO^1>2');
    assert.deepEqual(splitRepetitions(value, in4010.interchange.separators), ['PO^1>2']);
    assert.deepEqual(splitComponents(value, in4010.interchange.separators), ['PO^1>2']);
    const in5010 = firstSet(po850(body, { isa: { version: '00501', isa11: '^' } }));
    assert.equal(in5010.segments[1]?.elements[2], 'PO^1>2');
    assert.deepEqual(splitRepetitions('PO^1>2', in5010.interchange.separators), ['PO', '1>2']);
    assert.deepEqual(splitComponents('1>2', in5010.interchange.separators), ['1', '2']);
  });

  it('keeps the hyphen data of an interchange whose repetition separator is the hyphen (the 856 sample)', () => {
    const parsed = read(fixture('node-x12__856.edi'));
    assert.equal(parsed.header?.separators.repetition, '-');
    const segments = parsed.groups[0]?.sets[0]?.segments ?? [];
    assert.deepEqual(segments.find((segment) => segment.id === 'REF' && segment.elements[0] === 'BM')?.elements, ['BM', '999999-001']);
    assert.deepEqual(segments.find((segment) => segment.id === 'N4' && segment.elements[0] === 'ATLANTA')?.elements, ['ATLANTA', 'GA', '31139-0020', '', 'SN', '9999']);
  });

  it('keeps elements verbatim: no trimming, ISA ids with their padding', () => {
    const parsed = read(po850(['BEG*00*SA*  PO 1  **20260115', 'N1*ST* Spaced Name *92* 7 ', 'PO1*1*10*EA', 'CTT*1']));
    assert.equal(parsed.header?.senderId, 'PARTNER        ');
    const segments = parsed.groups[0]?.sets[0]?.segments ?? [];
    assert.equal(segments[1]?.elements[2], '  PO 1  ');
    assert.deepEqual(segments[2]?.elements, ['ST', ' Spaced Name ', '92', ' 7 ']);
    assert.deepEqual(parsed.header?.segment.elements.slice(4, 8), ['ZZ', 'PARTNER        ', 'ZZ', 'DISTRIBUTOR    ']);
  });

  it('reads an ISA whose fields have the wrong widths by its element separator, and names the bad fields', () => {
    const shortIsa = 'ISA*00*0*00*0*ZZ*PARTNER*ZZ*DISTRIBUTOR*260115*1200*U*00401*1*0*P*>~';
    const rest = [...group([txSet('850', '0001', PO_BODY)]), 'IEA*1*000000001'].map((segment) => `${segment}~`).join('');
    const parsed = read(shortIsa + rest);
    assert.deepEqual(parsed.header?.separators, { element: '*', component: '>', segment: '~' });
    assert.deepEqual(parsed.result.errors.map((error) => error.code), ['011', '013', '006', '008', '018']);
    assert.equal(parsed.groups[0]?.sets[0]?.segments.length, 5);
  });

  it('ends an interchange whose IEA is missing when the next ISA begins (TA1 023), and reads the next one', () => {
    const first = po850(PO_BODY, { noIea: true });
    const second = po850(PO_BODY, { isa: { control: '000000002' }, e: '|', t: '\n' });
    const document = parseX12(first + second);
    assert.equal(document.interchanges.length, 2);
    assert.deepEqual(document.interchanges[0]?.result.errors.map((error) => error.code), ['023']);
    assert.equal(document.interchanges[0]?.groups[0]?.sets[0]?.result.status, 'A');
    assert.deepEqual(document.interchanges[1]?.result.errors, []);
    assert.equal(document.interchanges[1]?.header?.separators.element, '|');
  });

  it('reports other text between interchanges, with its offset', () => {
    const text = po850();
    const document = parseX12(`${text}JUNK BETWEEN${text.replace('000000001', '000000002').replace('IEA*1*000000001', 'IEA*1*000000002')}`);
    assert.equal(document.interchanges.length, 2);
    assert.deepEqual(document.unrecognized, [{ offset: text.length, length: 12, preview: 'JUNK BETWEEN' }]);
    assert.deepEqual(document.interchanges[1]?.result.errors, []);
  });

  it('does not mistake ISA-like data for a header', () => {
    const parsed = read(po850(['BEG*00*SA*ISA*1**20260115'.replace('ISA*1', 'ISA'), 'N1*ST*LISA ISA*92*1', 'PO1*1*10*EA', 'CTT*1']));
    assert.deepEqual(parsed.result.errors, []);
    assert.equal(parsed.groups[0]?.sets[0]?.segments[2]?.elements[1], 'LISA ISA');
    assert.ok(isa().length === 105);
  });
});
