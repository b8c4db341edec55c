/** Document writers from canonical inputs: 855, 856, 810. Each is written in a partner envelope and re-read clean. */
import assert from 'node:assert/strict';
import {
  fromImpliedDecimal,
  invoice810Set,
  isSscc,
  orderAck855Set,
  parseX12,
  shipNotice856Set,
  writeInterchange,
  X12WriteError,
  type Invoice810Input,
  type OrderAck855Input,
  type Separators,
  type ShipNotice856Input,
  type TransactionSetInput,
  type X12Segment,
} from '../../../apis/partner/edi/x12';

function roundTrip(set: TransactionSetInput, functionalId: string, options: { version?: '00401' | '00501'; separators?: Separators } = {}): X12Segment[] {
  const version = options.version ?? '00401';
  const text = writeInterchange({
    senderQualifier: 'ZZ', senderId: 'DISTRIBUTOR', receiverQualifier: 'ZZ', receiverId: 'PARTNER', date: '260116', time: '0900', version, controlNumber: 100,
    separators: options.separators ?? { element: '*', component: '>', segment: '~' },
    groups: [{ functionalId, senderCode: 'DISTRIBUTOR', receiverCode: 'PARTNER', date: '20260116', time: '0900', controlNumber: 100, version: version === '00501' ? '005010' : '004010', sets: [set] }],
  });
  const document = parseX12(text);
  assert.deepEqual(document.unrecognized, []);
  const parsed = document.interchanges[0]!;
  assert.deepEqual(parsed.result.errors, [], text);
  assert.equal(parsed.groups[0]?.result.status, 'A', text);
  return parsed.groups[0]!.sets[0]!.segments;
}

const lines = (segments: X12Segment[], separators = '*') => segments.map((segment) => [segment.id, ...segment.elements].join(separators));

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof X12WriteError, String(error));
    return `${error.code} ${error.path}`;
  }
  assert.fail('expected an X12WriteError');
}

const ack855: OrderAck855Input = {
  type: 'ACCEPT_WITH_CHANGES',
  orderNumber: '08292233294',
  orderDate: '2010-11-27',
  ackDate: '2026-01-16',
  sellerOrderNumber: 'SO-77',
  currency: 'USD',
  parties: [{ role: 'SHIP_TO', name: 'XYZ RETAIL', ids: [{ scheme: 'ERP_SHIP_TO', value: 'S1' }, { scheme: 'DUNS_PLUS_4', value: '0003947268292' }], address: { lines: ['31875 SOLON RD'], city: 'SOLON', region: 'OH', postalCode: '44139', country: 'US' } }],
  lines: [
    { lineNumber: '0001', ordered: { quantity: '120', uom: 'EA', unitPrice: '9.25', priceBasis: 'TE' }, item: { ids: [{ scheme: 'BUYER_CATALOG', value: '065322-117' }, { scheme: 'X12_PR', value: 'RO' }, { scheme: 'ERP_MATERIAL', value: 'M-1' }], description: 'SMALL WIDGET' }, status: 'ACCEPTED', quantity: '120' },
    { lineNumber: 'item-2', ordered: { quantity: '4', uom: 'CA' }, item: { ids: [{ scheme: 'GTIN', value: '00012345678905' }] }, status: 'BACKORDERED', quantity: '4', scheduledShipDate: '2026-02-01' },
    { lineNumber: '3', ordered: { quantity: '1.5', uom: 'LB' }, item: { ids: [{ scheme: 'GTIN', value: '4006381333931' }] }, status: 'REJECTED', quantity: '0' },
  ],
};

const notice856: ShipNotice856Input = {
  shipmentNumber: 'SHP-0001',
  noticeDate: '2026-01-16',
  noticeTime: '09:15',
  shipDate: '2026-01-16',
  deliveryDate: '2026-01-19',
  packaging: { grossWeight: { value: '60.31', uom: 'LB' } },
  carrier: { scac: 'UPSN', service: 'GROUND', bolNumber: '999999-001', proNumber: '5787970539' },
  parties: [
    { role: 'SHIP_FROM', name: 'DISTRIBUTOR DC', ids: [{ scheme: 'GLN', value: '0614141000005' }], address: { lines: ['1 DOCK RD'], city: 'SOLON', region: 'OH', postalCode: '44139', country: 'US' } },
    { role: 'SHIP_TO', name: 'XYZ RETAIL', ids: [{ scheme: 'BUYER_ASSIGNED', value: '0003' }] },
  ],
  orders: [
    {
      orderNumber: '08292233294',
      orderDate: '2010-11-27',
      packs: [
        { sscc: '006141410000000012', trackingNumber: '1Z999', items: [{ lineNumber: '1', ids: [{ scheme: 'UPC', value: '012345678905' }, { scheme: 'VENDOR_PART', value: '87787D' }], quantity: '24', uom: 'EA', description: 'BLUE WIDGET' }] },
        { sscc: '006141410000000029', items: [{ lineNumber: '1', ids: [{ scheme: 'UPC', value: '012345678905' }], quantity: '6', uom: 'EA' }, { lineNumber: '2', ids: [{ scheme: 'SKU', value: 'RD-1' }], quantity: '6', uom: 'EA' }] },
      ],
    },
  ],
};

const invoice810: Invoice810Input = {
  invoiceNumber: 'INV-1001',
  invoiceDate: '2026-01-16',
  orderNumber: 'A99999-01',
  orderDate: '2026-01-10',
  currency: 'USD',
  parties: [{ role: 'REMIT_TO', name: 'DISTRIBUTOR', ids: [{ scheme: 'DUNS', value: '123456789' }] }],
  terms: { discountPercent: '1', discountDays: 15, netDays: 30, description: '1/15 NET 30' },
  shipDate: '2026-01-16',
  lines: [
    { lineNumber: '1', quantity: '16', uom: 'CA', unitPrice: '12.34', ids: [{ scheme: 'UPC_CASE', value: '002840022222' }], description: 'CRUNCHY CHIPS' },
    { lineNumber: '2', quantity: '191', uom: 'CA', unitPrice: '12.34', priceBasis: 'PE', ids: [] },
  ],
  totals: { total: '2554.38', subjectToDiscount: '2554.38' },
  allowancesCharges: [{ type: 'CHARGE', code: 'D240', amount: '15', description: 'FREIGHT' }],
};

describe('x12 document writers', () => {
  describe('855 purchase order acknowledgment', () => {
    it('writes BAK, CUR, N1 loop, PO1/PID/ACK per line with the line number verbatim, CTT', () => {
      assert.deepEqual(lines(roundTrip(orderAck855Set(ack855, 1), 'PR')), [
        'ST*855*0001',
        'BAK*00*AC*08292233294*20101127****SO-77*20260116',
        'CUR*SE*USD',
        'N1*ST*XYZ RETAIL*9*0003947268292',
        'N3*31875 SOLON RD',
        'N4*SOLON*OH*44139*US',
        'PO1*0001*120*EA*9.25*TE*CB*065322-117*PR*RO',
        'PID*F****SMALL WIDGET',
        'ACK*IA*120*EA',
        'PO1*item-2*4*CA***UK*00012345678905',
        'ACK*IB*4*CA*068*20260201',
        'PO1*3*1.5*LB***EN*4006381333931',
        'ACK*IR*0*LB',
        'CTT*3',
        'SE*15*0001',
      ]);
    });

    it('writes in the partner separators and 00501', () => {
      const separators = { element: '|', component: ':', segment: '\n', repetition: '^' };
      const segments = roundTrip(orderAck855Set({ ...ack855, type: 'REJECT', purpose: 'CANCEL' }, '5001'), 'PR', { version: '00501', separators });
      assert.equal(lines(segments, '|')[1], 'BAK|01|RD|08292233294|20101127||||SO-77|20260116');
    });

    it('refuses what it cannot write, naming the field', () => {
      assert.equal(code(() => orderAck855Set({ ...ack855, orderDate: '2010-02-30' }, 1)), 'ERR_X12_INVALID_VALUE orderDate');
      assert.equal(code(() => orderAck855Set({ ...ack855, lines: [{ ...ack855.lines[0]!, quantity: '1,5' }] }, 1)), 'ERR_X12_INVALID_VALUE lines.0.quantity');
      assert.equal(code(() => orderAck855Set({ ...ack855, lines: [{ ...ack855.lines[0]!, lineNumber: '' }] }, 1)), 'ERR_X12_INVALID_VALUE lines.0.lineNumber');
    });
  });

  describe('856 ship notice', () => {
    it('writes the S/O/P/I hierarchy with parents, SSCC-18 per pack, LIN/SN1 per item and CTT counting HLs', () => {
      assert.deepEqual(lines(roundTrip(shipNotice856Set(notice856, 1), 'SH')), [
        'ST*856*0001',
        'BSN*00*SHP-0001*20260116*0915*0001',
        'HL*1**S*1',
        'TD1*CTN25*2****G*60.31*LB',
        'TD5*B*2*UPSN*M*GROUND',
        'REF*BM*999999-001',
        'REF*CN*5787970539',
        'DTM*011*20260116',
        'DTM*017*20260119',
        'N1*SF*DISTRIBUTOR DC*UL*0614141000005',
        'N3*1 DOCK RD',
        'N4*SOLON*OH*44139*US',
        'N1*ST*XYZ RETAIL*92*0003',
        'HL*2*1*O*1',
        'PRF*08292233294***20101127',
        'HL*3*2*P*1',
        'MAN*GM*00006141410000000012',
        'MAN*CP*1Z999',
        'HL*4*3*I*0',
        'LIN*1*UP*012345678905*VP*87787D',
        'SN1**24*EA',
        'PID*F****BLUE WIDGET',
        'HL*5*2*P*1',
        'MAN*GM*00006141410000000029',
        'HL*6*5*I*0',
        'LIN*1*UP*012345678905',
        'SN1**6*EA',
        'HL*7*5*I*0',
        'LIN*2*SK*RD-1',
        'SN1**6*EA',
        'CTT*7',
        'SE*32*0001',
      ]);
    });

    it('writes the bare SSCC when the partner wants it, and checks the GS1 check digit', () => {
      const segments = roundTrip(shipNotice856Set({ ...notice856, ssccFormat: 'SSCC' }, 1), 'SH');
      assert.deepEqual(segments.filter((segment) => segment.id === 'MAN' && segment.elements[0] === 'GM').map((segment) => segment.elements[1]), ['006141410000000012', '006141410000000029']);
      assert.equal(isSscc('006141410000000012'), true);
      assert.equal(isSscc('006141410000000013'), false);
      const badPack = { ...notice856.orders[0]!.packs[0]!, sscc: '006141410000000013' };
      assert.equal(code(() => shipNotice856Set({ ...notice856, orders: [{ ...notice856.orders[0]!, packs: [badPack] }] }, 1)), 'ERR_X12_INVALID_VALUE orders.0.packs.0.sscc');
    });
  });

  describe('810 invoice', () => {
    it('writes BIG, ITD terms, IT1 lines verbatim, TDS in implied 2 decimals, SAC and CTT', () => {
      assert.deepEqual(lines(roundTrip(invoice810Set(invoice810, 1), 'IN')), [
        'ST*810*0001',
        'BIG*20260116*INV-1001*20260110*A99999-01',
        'CUR*SE*USD',
        'N1*RE*DISTRIBUTOR*1*123456789',
        'ITD*01*3*1**15**30*****1/15 NET 30',
        'DTM*011*20260116',
        'IT1*1*16*CA*12.34**UA*002840022222',
        'PID*F****CRUNCHY CHIPS',
        'IT1*2*191*CA*12.34*PE',
        'TDS*255438*255438',
        'SAC*C*D240***1500**********FREIGHT',
        'CTT*2',
        'SE*13*0001',
      ]);
    });

    it('scales amounts exactly and refuses to round', () => {
      const cases = [['0.05', '5', '0.05'], ['12', '1200', '12.00'], ['12.5', '1250', '12.50'], ['-3.10', '-310', '-3.10'], ['99999999.99', '9999999999', '99999999.99'], ['7.000', '700', '7.00']];
      for (const [total, tds, back] of cases as [string, string, string][]) {
        const tds01 = invoice810Set({ ...invoice810, totals: { total } }, 1).segments.find((segment) => segment.id === 'TDS')?.elements[0];
        assert.equal(tds01, tds, total);
        assert.equal(fromImpliedDecimal(tds, 2), back);
      }
      assert.equal(code(() => invoice810Set({ ...invoice810, totals: { total: '10.005' } }, 1)), 'ERR_X12_INVALID_VALUE totals.total');
      assert.equal(code(() => invoice810Set({ ...invoice810, totals: { total: '1e3' } }, 1)), 'ERR_X12_INVALID_VALUE totals.total');
    });
  });
});
