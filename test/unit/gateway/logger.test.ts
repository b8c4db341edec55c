import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, REDACTED } from '../../../gateway/logger';

function capture(redactKeys?: string[]) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', stream, ...(redactKeys ? { redactKeys } : {}) }), lines };
}

describe('application logger', () => {
  it('redacts secrets at any depth, case-insensitively, and keeps the rest', () => {
    const { logger, lines } = capture();
    logger.info('call', { Authorization: 'Bearer abc.def.ghi', nested: { headers: { authorization: 'Basic eDp5', 'x-api-key': 'k-1' }, list: [{ client_secret: 's3cret' }] }, clientId: 'globex-dev' });
    const line = lines.join('');
    for (const secret of ['abc.def.ghi', 'eDp5', 'k-1', 's3cret']) assert.ok(!line.includes(secret), secret);
    assert.equal(JSON.parse(line).nested.list[0].client_secret, REDACTED);
    assert.match(line, /globex-dev/);
  });

  it('redacts the keys configuration marks sensitive', () => {
    const { logger, lines } = capture(['taxId']);
    logger.info('partner', { partner: { TAXID: '12-3456789', name: 'Globex' } });
    const parsed = JSON.parse(lines.join(''));
    assert.equal(parsed.partner.TAXID, REDACTED);
    assert.equal(parsed.partner.name, 'Globex');
  });
});
