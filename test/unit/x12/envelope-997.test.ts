/** Group and set envelope findings: each AK905 and AK502 code we produce, and the AK901/AK501 statuses. */
import assert from 'node:assert/strict';
import type { ReaderOptions } from '../../../apis/partner/edi/x12';
import { group, interchange, PO_BODY, read, txSet } from './helpers';

function groupCodes(text: string, options?: ReaderOptions): string[][] {
  return read(text, options).groups.map((parsed) => parsed.result.errors.map((error) => error.code));
}

function setCodes(text: string, options?: ReaderOptions): string[][] {
  return read(text, options).groups.flatMap((parsed) => parsed.sets.map((set) => set.result.errors.map((error) => error.code)));
}

const ok = txSet('850', '0001', PO_BODY);

describe('x12 envelope validation: 997 group and set codes', () => {
  describe('functional group (AK905)', () => {
    it('1 functional group not supported (functionalIds option)', () => {
      assert.deepEqual(groupCodes(interchange(group([ok], { functionalId: 'IN' })), { functionalIds: ['PO'] }), [['1']]);
    });

    it('2 functional group version not supported (groupVersions option, by prefix)', () => {
      assert.deepEqual(groupCodes(interchange(group([ok], { version: '003010', date: '260115' })), { groupVersions: ['004010', '005010'] }), [['2']]);
      assert.deepEqual(groupCodes(interchange(group([ok], { version: '004010VICS' })), { groupVersions: ['004010'] }), [[]]);
    });

    it('3 functional group trailer missing (the next GS or the IEA comes first)', () => {
      const [gs, ...others] = group([ok]);
      const withoutGe = [gs as string, ...others.slice(0, -1)];
      const text = interchange([...withoutGe, ...group([txSet('850', '0002', PO_BODY)], { control: '2' })]);
      assert.deepEqual(groupCodes(text), [['3'], []]);
      assert.deepEqual(groupCodes(interchange(withoutGe)), [['3']]);
    });

    it('4 GE02 does not match GS06', () => {
      assert.deepEqual(groupCodes(interchange(group([ok], { ge02: '2' }))), [['4']]);
    });

    it('5 GE01 does not count the transaction sets', () => {
      assert.deepEqual(groupCodes(interchange(group([ok], { ge01: '2' }))), [['5']]);
    });

    it('19 group control number used twice in the interchange', () => {
      assert.deepEqual(groupCodes(interchange([...group([ok]), ...group([ok], { control: '0001' })])), [[], ['19']]);
    });

    it('AK901: A all accepted, P some rejected, R all rejected or a group error', () => {
      const bad = txSet('850', '0002', PO_BODY, { se01: '9' });
      const statuses = (sets: string[][], options = {}) => read(interchange(group(sets, options))).groups[0]?.result;
      assert.equal(statuses([ok])?.status, 'A');
      const partial = statuses([ok, bad]);
      assert.deepEqual([partial?.status, partial?.received, partial?.accepted], ['P', 2, 1]);
      assert.equal(statuses([bad])?.status, 'R');
      assert.equal(statuses([ok], { ge01: '3' })?.status, 'R');
    });

    it('warns (without an AK code) when GS01 disagrees with ST01', () => {
      const parsed = read(interchange(group([ok], { functionalId: 'OW' })));
      assert.deepEqual(parsed.groups[0]?.result.warnings, ['GS01 OW does not match ST01 850 (expected PO)']);
      assert.equal(parsed.groups[0]?.result.status, 'A');
    });

    it('reads ST01 as a code, never as a property name (no warning for an ST01 such as constructor)', () => {
      const parsed = read(interchange(group([txSet('constructor', '0001', [])])));
      assert.deepEqual(parsed.groups[0]?.result.warnings, []);
      assert.deepEqual(parsed.groups[0]?.sets[0]?.result.errors.map((error) => error.code), ['6']);
    });
  });

  describe('transaction set (AK502)', () => {
    it('1 transaction set not supported (transactionSets option)', () => {
      assert.deepEqual(setCodes(interchange(group([txSet('940', '0001', ['W05*N*1'])], { functionalId: 'OW' })), { transactionSets: ['850'] }), [['1']]);
    });

    it('2 transaction set trailer missing (the next ST or the GE comes first)', () => {
      const [st, ...body] = ok;
      const unterminated = [st as string, ...body.slice(0, -1)];
      assert.deepEqual(setCodes(interchange(group([unterminated, txSet('850', '0002', PO_BODY)]))), [['2'], []]);
      assert.deepEqual(setCodes(interchange(group([unterminated]))), [['2']]);
    });

    it('3 SE02 does not match ST02', () => {
      assert.deepEqual(setCodes(interchange(group([txSet('850', '0001', PO_BODY, { se02: '0002' })]))), [['3']]);
    });

    it('4 SE01 does not count the segments', () => {
      assert.deepEqual(setCodes(interchange(group([txSet('850', '0001', PO_BODY, { se01: '4' })]))), [['4']]);
      assert.deepEqual(setCodes(interchange(group([txSet('850', '0001', PO_BODY, { se01: '' })]))), [['4']]);
    });

    it('5 one or more segments in error', () => {
      assert.deepEqual(setCodes(interchange(group([txSet('850', '0001', ['BEG*00*SA**20260115', 'PO1*1*1*EA', 'CTT*1'])]))), [['5']]);
    });

    it('6 missing or invalid transaction set identifier', () => {
      assert.deepEqual(setCodes(interchange(group([txSet('85', '0001', PO_BODY)]))), [['6']]);
    });

    it('7 missing or invalid transaction set control number', () => {
      assert.deepEqual(setCodes(interchange(group([txSet('850', '001', PO_BODY)]))), [['7']]);
      assert.deepEqual(setCodes(interchange(group([txSet('850', '1234567890', PO_BODY)]))), [['7']]);
    });

    it('23 transaction set control number not unique within the group', () => {
      assert.deepEqual(setCodes(interchange(group([ok, txSet('850', '00001', PO_BODY)]))), [[], ['23']]);
    });

    it('AK501: A when clean, R with any finding; sets without a table are checked by envelope only', () => {
      const parsed = read(interchange(group([txSet('940', '0001', ['W05*N*1', 'W99*not a 940 segment'])], { functionalId: 'OW' })));
      const set = parsed.groups[0]?.sets[0];
      assert.equal(set?.result.status, 'A');
      assert.equal(set?.result.contentChecked, false);
      assert.equal(read(interchange(group([ok]))).groups[0]?.sets[0]?.result.contentChecked, true);
    });
  });
});
