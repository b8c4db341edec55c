/** 850 to PurchaseOrder850: canonical terms, ids as scheme lists, verbatim line numbers and units, the envelope as source. */
import assert from 'node:assert/strict';
import { map850, parseX12, partyQualifier, partyRole, partyScheme, productQualifier, productScheme, type PurchaseOrder850, type TransactionSet } from '../../../apis/partner/edi/x12';
import { fixture, group, interchange, po850, read, txSet } from './helpers';

function order(body: string[], options: Parameters<typeof po850>[1] = {}): PurchaseOrder850 {
  const set = read(po850(body, options)).groups[0]?.sets[0] as TransactionSet;
  const mapped = map850(set);
  assert.ok(mapped.ok, JSON.stringify(mapped));
  return mapped.order;
}

describe('x12 850 to PurchaseOrder850', () => {
  it('maps the heading: purpose, type, number, dates, currency, references', () => {
    const po = order([
      'BEG*04*DS*PO-9*R1*20260115*C-7',
      'CUR*BY*CAD',
      'REF*DP*038',
      'REF*ZZ*GIFT*Wrap it',
      'DTM*002*20260201',
      'DTM*010*20260125*1430',
      'DTM*001*20260301',
      'PO1*1*1*EA',
      'CTT*1',
    ]);
    assert.deepEqual(
      { purpose: po.purpose, purposeCode: po.purposeCode, orderType: po.orderType, orderNumber: po.orderNumber, releaseNumber: po.releaseNumber, orderDate: po.orderDate, contractNumber: po.contractNumber, currency: po.currency },
      { purpose: 'CHANGE', purposeCode: '04', orderType: 'DS', orderNumber: 'PO-9', releaseNumber: 'R1', orderDate: '2026-01-15', contractNumber: 'C-7', currency: 'CAD' },
    );
    assert.deepEqual(po.references, [{ qualifier: 'DP', value: '038' }, { qualifier: 'ZZ', value: 'GIFT', description: 'Wrap it' }]);
    assert.deepEqual([po.requestedDelivery, po.requestedShip, po.cancelAfter], ['2026-02-01', '2026-01-25', '2026-03-01']);
    assert.deepEqual(po.dates[1], { qualifier: '010', date: '2026-01-25', time: '1430' });
  });

  it('maps PO106..PO125 qualifiers to id schemes, keeping unknown ones as X12_<qualifier>', () => {
    const po = order(['BEG*00*SA*PO1**20260115', 'PO1*1*1*EA*1**UP*012345678905*EN*4006381333931*BP*B-1*VP*V-1*SK*S-1*IN*I-1*UK*00012345678905*VN*VN-1*CB*C-1*ZZ*Z-1', 'CTT*1']);
    assert.deepEqual(po.lines[0]?.item.ids, [
      { scheme: 'UPC', value: '012345678905' },
      { scheme: 'GTIN', value: '4006381333931' },
      { scheme: 'BUYER_PART', value: 'B-1' },
      { scheme: 'VENDOR_PART', value: 'V-1' },
      { scheme: 'SKU', value: 'S-1' },
      { scheme: 'BUYER_ITEM', value: 'I-1' },
      { scheme: 'GTIN', value: '00012345678905' },
      { scheme: 'VENDOR_ITEM', value: 'VN-1' },
      { scheme: 'BUYER_CATALOG', value: 'C-1' },
      { scheme: 'X12_ZZ', value: 'Z-1' },
    ]);
  });

  it('keeps PO101 and PO103 as sent, and makes quantities and prices decimal strings', () => {
    const po = order(['BEG*00*SA*PO1**20260115', 'PO1*0010*0008*CA*012.50*PE', 'PO1*item-2*.5*LB*7.', 'PO1**3*EA', 'CTT*3']);
    assert.deepEqual(
      po.lines.map((line) => [line.lineNumber, line.quantity, line.unitPrice, line.priceBasis]),
      [
        ['0010', { value: '8', uom: 'CA' }, '12.50', 'PE'],
        ['item-2', { value: '0.5', uom: 'LB' }, '7', undefined],
        [undefined, { value: '3', uom: 'EA' }, undefined, undefined],
      ],
    );
  });

  it('maps N1 loops to parties with roles, ids and addresses', () => {
    const po = order([
      'BEG*00*SA*PO1**20260115',
      'N1*BY*BUYER INC*1*123456789',
      'N1*ST*STORE 12*92*0012',
      'N2*RECEIVING',
      'N3*1 MAIN ST*SUITE 2',
      'N3*BUILDING B',
      'N4*SOLON*OH*44139*US',
      'N1*BT*HQ*UL*0614141000005',
      'N1*ZZ*OTHER',
      'PO1*1*1*EA',
      'CTT*1',
    ]);
    assert.deepEqual(po.parties, [
      { role: 'BUYER', roleCode: 'BY', name: 'BUYER INC', ids: [{ scheme: 'DUNS', value: '123456789' }] },
      { role: 'SHIP_TO', roleCode: 'ST', name: 'STORE 12', ids: [{ scheme: 'BUYER_ASSIGNED', value: '0012' }], address: { lines: ['1 MAIN ST', 'SUITE 2', 'BUILDING B'], city: 'SOLON', region: 'OH', postalCode: '44139', country: 'US' } },
      { role: 'BILL_TO', roleCode: 'BT', name: 'HQ', ids: [{ scheme: 'GLN', value: '0614141000005' }] },
      { roleCode: 'ZZ', name: 'OTHER', ids: [] },
    ]);
  });

  it('maps PID descriptions, line DTM and REF, CTT totals; lists what it did not map', () => {
    const po = order(['BEG*00*SA*PO1**20260115', 'ITD*14*3*2', 'PO1*1*1*EA', 'PID*F****BLUE*', 'PID*F****WIDGET', 'PO4*4*4*EA', 'REF*VN*V1', 'DTM*010*20260120', 'CTT*1*1']);
    assert.deepEqual(po.lines[0]?.item.description, 'BLUE WIDGET');
    assert.equal(po.lines[0]?.requestedShipDate, '2026-01-20');
    assert.deepEqual(po.lines[0]?.references, [{ qualifier: 'VN', value: 'V1' }]);
    assert.deepEqual(po.totals, { lineCount: '1', hashTotal: '1' });
    assert.deepEqual(po.ignoredSegments, ['ITD', 'PO4']);
    assert.deepEqual(po.warnings, []);
  });

  it('warns when CTT01 disagrees with the PO1 count', () => {
    assert.deepEqual(order(['BEG*00*SA*PO1**20260115', 'PO1*1*1*EA', 'CTT*2']).warnings, ['CTT01 says 2 lines, 1 PO1 segments received']);
  });

  it('keeps the ISA/GS/ST control numbers, sender and receiver ids and the test flag as the source reference', () => {
    const set = read(interchange(group([txSet('850', '0042', ['BEG*00*SA*PO1**20260115', 'PO1*1*1*EA', 'CTT*1'])], { control: '77', version: '005010' }), {
      isa: { control: '000000123', usage: 'T', version: '00501', isa11: '^' },
      iea02: '000000123',
    })).groups[0]!.sets[0]!;
    const mapped = map850(set);
    assert.ok(mapped.ok);
    assert.deepEqual(mapped.order.source, {
      channel: 'EDI',
      interchangeControlNumber: '000000123',
      groupControlNumber: '77',
      transactionSetControlNumber: '0042',
      senderQualifier: 'ZZ',
      senderId: 'PARTNER',
      receiverQualifier: 'ZZ',
      receiverId: 'DISTRIBUTOR',
      groupSenderCode: 'PARTNER',
      groupReceiverCode: 'DISTRIBUTOR',
      interchangeVersion: '00501',
      groupVersion: '005010',
      test: true,
    });
  });

  it('maps the real samples: PO numbers, line counts, quantities', () => {
    const fat = parseX12(fixture('node-x12__850_fat.edi'));
    const orders = fat.interchanges.map((parsed) => map850(parsed.groups[0]!.sets[0]!));
    assert.equal(orders.length, 2);
    for (const mapped of orders) {
      assert.ok(mapped.ok);
      assert.equal(mapped.order.orderNumber, '08292233294');
      assert.equal(mapped.order.lines.length, 6);
      assert.deepEqual(mapped.order.lines.map((line) => line.quantity?.value), ['120', '220', '126', '76', '72', '696']);
      assert.equal(mapped.order.lines[5]?.unitPrice, '9.55');
    }
    const stedi = map850(read(fixture('stedi-bootstrap__850_input.edi')).groups[0]!.sets[0]!);
    assert.ok(stedi.ok);
    assert.deepEqual([stedi.order.orderNumber, stedi.order.lines.map((line) => [line.lineNumber, line.quantity?.value]), stedi.order.source.test], ['365465413', [['item-1', '8'], ['item-2', '4']], true]);
    const dual = parseX12(fixture('staedi__invoice810_po850_dual.edi')).interchanges[0]!.groups[1]!.sets[0]!;
    const staedi = map850(dual);
    assert.ok(staedi.ok);
    assert.deepEqual([staedi.order.orderNumber, staedi.order.orderDate, staedi.order.lines.map((line) => line.quantity?.value)], ['S115921858', '2004-03-17', ['150', '50', '25', '25']]);
  });

  it('reads partner codes as codes, never as property names (BEG01, N101, N103, PO106 such as constructor)', () => {
    const po = order(['BEG*toString*SA*PO1**20260115', 'N1*constructor*X*valueOf*1', 'PO1*1*1*EA*1**__proto__*A', 'CTT*1']);
    assert.equal(po.purpose, 'OTHER');
    assert.deepEqual(po.parties, [{ roleCode: 'constructor', name: 'X', ids: [{ scheme: 'X12_valueOf', value: '1' }] }]);
    assert.deepEqual(po.lines[0]?.item.ids, [{ scheme: 'X12___proto__', value: 'A' }]);
    assert.deepEqual(
      [productScheme('hasOwnProperty'), partyScheme('toString'), partyRole('constructor'), productQualifier({ scheme: 'constructor', value: '1' }), partyQualifier({ scheme: 'toString', value: '1' })],
      ['X12_hasOwnProperty', 'X12_toString', undefined, undefined, undefined],
    );
  });

  it('returns errors instead of throwing for what is not an 850 it can map', () => {
    const notPo = read(interchange(group([txSet('855', '0001', ['BAK*00*AD*PO1*20260115'])], { functionalId: 'PR' }))).groups[0]!.sets[0]!;
    assert.deepEqual(map850(notPo), { ok: false, errors: ['transaction set 855 is not an 850'] });
    const noBeg = read(po850(['PO1*1*1*EA', 'CTT*1'])).groups[0]!.sets[0]!;
    assert.deepEqual(map850(noBeg), { ok: false, errors: ['the 850 has no BEG with a purchase order number'] });
    const unretained = parseX12(po850(), { retainSegments: false }).interchanges[0]!.groups[0]!.sets[0]!;
    assert.equal(map850(unretained).ok, false);
  });
});
