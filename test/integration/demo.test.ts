/**
 * `npm run demo` against a whole gateway in-process, with a fast sandbox: one order through the EDI, marketplace and
 * customer API channels, each channel's documents back, and the process tier's trace, all in the demo's output.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { demo, parseArgs, segmentLines } from '../../scripts/demo';
import { startTestGateway, type TestGateway } from '../support/gateway';

const FAST = { sandbox: { shipDelayMs: 100, billingDelayMs: 100 }, process: { workflow: { pollIntervalMs: 50 } } };

/** A stream that keeps what is written, as a non-TTY does (a dot per poll). */
function collecting(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return { stream, text: () => text };
}

describe('npm run demo (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway(FAST);
  });
  after(async () => {
    await gateway?.stop();
  });

  it('walks one order through EDI, marketplace and the customer API and prints every document and the trace', async () => {
    const { stream, text } = collecting();
    await demo({ url: gateway.url, waitMs: 30_000, pollIntervalMs: 100, output: stream });
    const output = text();
    const section = (from: RegExp, to: RegExp) => output.slice(output.search(from), output.search(to));

    // The 850 sent, one segment a line, then the 997: the group accepted.
    assert.match(output, /^ {4}ISA\*00\*.*\*ZZ\*ACMEHOSP {7}\*ZZ\*DISTGATEWAY {4}\*.*~$/m);
    assert.match(output, /^ {4}BEG\*00\*SA\*DEMO-/m);
    assert.match(output, /^ {4}AK1\*PO\*\d+~$/m);
    assert.match(output, /^ {4}AK9\*A\*1\*1\*1~$/m);
    // The 855, 856 and 810 from acme's outbox.
    assert.match(output, /^ {4}BAK\*00\*AD\*DEMO-/m);
    const asn = section(/ 856, document /, / 810, document /);
    assert.match(asn, /^ {4}HL\*1\*\*S/m);
    assert.match(asn, /^ {4}MAN\*GM\*(00)?\d{18}~$/m);
    assert.match(output, /^ {4}BIG\*\d{8}\*\w+/m);
    assert.match(output, /^ {4}TDS\*\d+~$/m);
    // Marketplace: accepted, acknowledged, shipped.
    assert.match(output, /"result": "Accepted"/);
    assert.match(section(/GET \/partner\/marketplace\/v1\/orders\/[^/]+\/acknowledgement/, /GET \/partner\/marketplace\/v1\/orders\/[^/]+\/status/), /"acknowledgementCode": "Accepted"/);
    assert.match(output, /"containerIdentificationType": "SSCC"/);
    // Customer API: confirmed, shipped, invoiced.
    assert.match(output, /"status": "CONFIRMED"/);
    assert.match(output, /"invoiceNumber": "\w+"/);
    // The trace: steps, ERP and WMS numbers, correlation id, the envelope ids.
    const trace = output.slice(output.indexOf('7. Process tier'));
    assert.match(trace, /status INVOICED/);
    assert.match(trace, /^ {5}invoice +DONE /m);
    assert.match(trace, /ERP: sales order \d+ .*delivery \d+, invoices \d+/);
    assert.match(trace, /WMS: release \S+ in warehouse \d+, shipments \S+/);
    assert.match(trace, /correlation id demo-\w+-edi/);
    assert.match(trace, /ISA13 \d{9}, GS06 \d+, ST02 \d{4}/);
    assert.match(output, /^demo ok: /m);
  });

  it('fails with a clear message when no gateway answers', async () => {
    const { stream } = collecting();
    await assert.rejects(demo({ url: 'http://127.0.0.1:9', output: stream }), (error: Error) => error.name === 'DemoError' && /npm start/.test(error.message));
  });

  it('reads its command line and prints an X12 interchange one segment a line', () => {
    assert.deepEqual(parseArgs(['--help']), { help: true });
    assert.deepEqual(parseArgs(['--url', 'http://localhost:9000', '--wait-ms=5000']), { help: false, options: { url: 'http://localhost:9000', waitMs: 5000 } });
    assert.ok('error' in parseArgs(['--bogus']));
    const isa = `ISA*00*          *00*          *ZZ*${'A'.padEnd(15)}*ZZ*${'B'.padEnd(15)}*261128*1200*U*00401*000000001*0*P*>`;
    assert.deepEqual(segmentLines(`${isa}~\r\nGS*PO*A*B~\r\nIEA*1*000000001~\r\n`), [`${isa}~`, 'GS*PO*A*B~', 'IEA*1*000000001~']);
  });
});
