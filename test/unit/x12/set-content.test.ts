/** Transaction set content against the declarative tables: each AK304 and AK403 code, and tables as configuration. */
import assert from 'node:assert/strict';
import { compileSetTables, DEFAULT_SET_TABLES, table850, type SegmentError, type SetTableSpec } from '../../../apis/partner/edi/x12';
import { group, interchange, po850, PO_BODY, read, txSet } from './helpers';

/** `ID@position:code` for each segment error, with `[position(.component):code]` for its element errors. */
function findings(text: string, options?: Parameters<typeof read>[1]): string[] {
  const set = read(text, options).groups[0]?.sets[0];
  assert.ok(set);
  return set.result.segmentErrors.map(show);
}

function show(error: SegmentError): string {
  return `${error.segmentId}@${error.position}:${error.code}${error.elementErrors.map((e) => `[${e.position}${e.componentPosition ? `.${e.componentPosition}` : ''}${e.repetitionPosition ? `r${e.repetitionPosition}` : ''}:${e.code}]`).join('')}`;
}

const BEG = 'BEG*00*SA*PO123**20260115';
const PO1 = 'PO1*1*10*EA*2.50**UP*012345678905';

describe('x12 transaction set content (AK3/AK4)', () => {
  it('finds nothing in a clean 850, with loops, repeats and the summary', () => {
    assert.deepEqual(
      findings(po850([BEG, 'REF*DP*038', 'REF*PS*R', 'DTM*002*20260201', 'N1*ST*STORE*92*0001', 'N3*1 MAIN ST', 'N4*SOLON*OH*44139', 'N1*BT*HQ', PO1, 'PID*F****WIDGET', 'PO4*4*4*EA', PO1, 'CTT*2', 'AMT*TT*50'])),
      [],
    );
  });

  describe('segment codes (AK304)', () => {
    it('1 unrecognized segment id', () => {
      assert.deepEqual(findings(po850([BEG, 'po1*1*10*EA', PO1, 'CTT*1'])), ['po1@3:1']);
    });

    it('2 unexpected segment (in the set, but not where it is)', () => {
      assert.deepEqual(findings(po850([BEG, 'LQ*1*2', PO1, 'CTT*1'])), ['LQ@3:2']);
    });

    it('3 mandatory segment missing (and a mandatory loop), reported where it was found missing', () => {
      assert.deepEqual(findings(po850(['REF*DP*1', PO1, 'CTT*1'])), ['BEG@2:3']);
      assert.deepEqual(findings(po850([BEG, 'CTT*0'])), ['PO1@3:3']);
    });

    it('4 loop occurs over its maximum', () => {
      assert.deepEqual(findings(po850([BEG, PO1, 'CTT*1', 'CTT*1'])), ['CTT@5:4']);
    });

    it('5 segment exceeds its maximum use', () => {
      assert.deepEqual(findings(po850([BEG, BEG, PO1, 'CTT*1'])), ['BEG@3:5']);
      assert.deepEqual(findings(po850([BEG, 'PER*BD*A', 'PER*BD*B', 'PER*BD*C', 'PER*BD*D', PO1, 'CTT*1'])), ['PER@6:5']);
    });

    it('6 segment not in the defined transaction set', () => {
      assert.deepEqual(findings(po850([BEG, 'W05*N*1', PO1, 'CTT*1'])), ['W05@3:6']);
    });

    it('7 segment not in proper sequence', () => {
      assert.deepEqual(findings(po850([BEG, 'REF*DP*1', 'CUR*BY*USD', PO1, 'CTT*1'])), ['CUR@4:7']);
    });

    it('8 segment has data element errors, with the loop it is in (AK303)', () => {
      const set = read(po850([BEG, 'N1*ST*STORE*92', PO1, 'CTT*1'])).groups[0]?.sets[0];
      assert.deepEqual(set?.result.segmentErrors.map((error) => [error.segmentId, error.position, error.loopId, error.code]), [['N1', 3, 'N1', '8']]);
      assert.deepEqual(set?.result.segmentErrors[0]?.elementErrors.map(({ position, elementRef, code }) => [position, elementRef, code]), [[4, '67', '2']]);
    });
  });

  describe('element codes (AK403)', () => {
    const cases: [string, string[], string][] = [
      ['1 mandatory element missing', ['BEG*00*SA***20260115', PO1, 'CTT*1'], 'BEG@2:8[3:1]'],
      ['2 conditional element missing (P0304: N103 without N104)', [BEG, 'N1*ST*STORE*92', PO1, 'CTT*1'], 'N1@3:8[4:2]'],
      ['2 conditional element missing (R0203: neither N102 nor N103)', [BEG, 'N1*ST', PO1, 'CTT*1'], 'N1@3:8[2:2]'],
      ['3 too many data elements', ['BEG*00*SA*PO123**20260115********1', PO1, 'CTT*1'], 'BEG@2:8[13:3]'],
      ['4 data element too short', ['BEG*0*SA*PO123**20260115', PO1, 'CTT*1'], 'BEG@2:8[1:4]'],
      ['5 data element too long', [`BEG*00*SA*${'P'.repeat(23)}**20260115`, PO1, 'CTT*1'], 'BEG@2:8[3:5]'],
      ['6 invalid character (a quantity that is not a number)', [BEG, 'PO1*1*1O*EA', 'CTT*1'], 'PO1@3:8[2:6]'],
      ['7 invalid code value', [BEG, PO1, 'PID*Q****WIDGET', 'CTT*1'], 'PID@4:8[1:7]'],
      ['8 invalid date', ['BEG*00*SA*PO123**20260230', PO1, 'CTT*1'], 'BEG@2:8[5:8]'],
      ['9 invalid time', [BEG, 'DTM*002*20260201*2560', PO1, 'CTT*1'], 'DTM@3:8[3:9]'],
    ];
    for (const [name, body, expected] of cases) {
      it(name, () => assert.deepEqual(findings(po850(body)), [expected]));
    }

    it('12 too many repetitions and 13 too many components (005010 codes, in a 999)', () => {
      const ctx = `CTX*${Array.from({ length: 11 }, () => 'TRIGGER').join('^')}`;
      const body = ['AK1*PO*1*005010', 'AK2*850*0001', 'IK3*N1*3**8', ctx, 'IK4*4:1:1:9*67*2', 'IK5*R*5', 'AK9*R*1*1*0'];
      const text = interchange(group([txSet('999', '0001', body)], { functionalId: 'FA', version: '005010X231' }), {
        isa: { version: '00501', isa11: '^' },
        c: ':',
      });
      assert.deepEqual(findings(text), ['CTX@5:8[1r11:12]', 'IK4@6:8[1.4:13]']);
    });

    it('dates follow the group version: YYMMDD before 004010, CCYYMMDD after', () => {
      const old = interchange(group([txSet('850', '0001', ['BEG*00*SA*PO1**260115', PO1, 'CTT*1'])], { version: '003010', date: '260115' }));
      assert.deepEqual(findings(old), []);
      assert.deepEqual(findings(po850(['BEG*00*SA*PO1**260115', PO1, 'CTT*1'])), ['BEG@2:8[5:4]']);
    });

    it('counts numeric lengths without sign and decimal point', () => {
      assert.deepEqual(findings(po850([BEG, 'PO1*1*-12345678901234.5*EA', 'CTT*1'])), []);
      assert.deepEqual(findings(po850([BEG, 'PO1*1*1234567890123456*EA', 'CTT*1'])), ['PO1@3:8[2:5]']);
    });
  });

  it('checks the 997 and 999 samples of partners with their own tables', () => {
    assert.ok(DEFAULT_SET_TABLES.get('997') && DEFAULT_SET_TABLES.get('999') && DEFAULT_SET_TABLES.get('850'));
    const bad997 = interchange(group([txSet('997', '0001', ['AK1*PO*1', 'AK2*850*0001', 'AK5*Q', 'AK9*A*1*1*1'])], { functionalId: 'FA' }));
    assert.deepEqual(findings(bad997), ['AK5@4:8[1:7]']);
    const missingAk9 = interchange(group([txSet('997', '0001', ['AK1*PO*1'])], { functionalId: 'FA' }));
    assert.deepEqual(findings(missingAk9), ['AK9@3:3']);
  });

  describe('tables are configuration', () => {
    const table846: SetTableSpec = {
      id: '846',
      name: 'Inventory Inquiry/Advice',
      functionalId: 'IB',
      segments: {
        BIA: { elements: ['M 353 ID 2/2', 'M 755 ID 2/2', 'M 127 AN 1/50', 'M 373 DT 8/8'] },
        LIN: { elements: ['O 350 AN 1/20', 'M 235 ID 2/2 UP,SK,VP', 'M 234 AN 1/48'] },
        QTY: { elements: ['M 673 ID 2/2', 'X 380 R 1/15', 'X 355 ID 2/2', 'X 61 AN 1/30'], syntax: ['E0204'] },
      },
      body: ['BIA M 1', { loop: 'LIN', use: 'O', max: 10000, body: ['LIN M 1', 'QTY O >1'] }],
    };

    it('checks a new set from its table passed as an option', () => {
      const tables = compileSetTables([table850, table846]);
      const text = interchange(
        group([txSet('846', '0001', ['BIA*00*MM*INV1*20260115', 'LIN**UP*012345678905', 'QTY*33*10', 'LIN**XX*1', 'QTY*33*5**FREE'])], { functionalId: 'IB' }),
      );
      assert.deepEqual(findings(text, { tables }), ['LIN@5:8[2:7]', 'QTY@6:8[4:10]']);
      assert.equal(read(text).groups[0]?.sets[0]?.result.contentChecked, false);
    });

    it('refuses a table with a mistake, naming its dotted path', () => {
      assert.throws(() => compileSetTables([{ ...table846, segments: { BIA: { elements: ['M 353 XX 2/2'] } } }]), /tables\.0\.segments\.BIA\.elements\.0: unknown type/);
      assert.throws(() => compileSetTables([{ ...table846, segments: { ...table846.segments, ZZZ: { elements: ['M 1 AN 1/1'] } } }]), /tables\.0\.segments\.ZZZ: the segment is not in the structure/);
      assert.throws(() => compileSetTables([{ ...table846, body: ['BIA M 1', { loop: 'LIN', use: 'O', max: 1, body: [{ loop: 'X', use: 'O', max: 1, body: ['QTY O 1'] }] }] }]), /tables\.0\.body\.1\.body\.0: a loop must begin with a segment/);
      assert.throws(() => compileSetTables([table846, table846]), /tables\.1\.id: set 846 is defined twice/);
      assert.throws(() => compileSetTables([{ ...table846, segments: { QTY: { elements: ['M 673 ID 2/2'], syntax: ['P0109'] } } }]), /names an element the segment does not have/);
    });
  });

  it('keeps at most maxSegmentErrors per set, and still rejects it', () => {
    const body = [BEG, ...Array.from({ length: 20 }, () => 'W05*N*1'), PO1, 'CTT*1'];
    const set = read(po850(body), { maxSegmentErrors: 5 }).groups[0]?.sets[0];
    assert.equal(set?.result.segmentErrors.length, 5);
    assert.equal(set?.result.status, 'R');
    assert.deepEqual(set?.result.errors.map((error) => [error.code, error.message]), [['5', '20 segments in error']]);
    assert.deepEqual(findings(po850(PO_BODY)), []);
  });
});
