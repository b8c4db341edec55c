import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, REDACTED } from '../../../gateway/logger';
import { runWithRequestContext } from '../../../gateway/request-context';

function capture(redactKeys?: string[], level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level, stream, ...(redactKeys ? { redactKeys } : {}) }), lines };
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

  it('adds the correlation id and trace id of the request (or workflow step) being served to every line', async () => {
    const { logger, lines } = capture();
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };
    await runWithRequestContext({ correlationId: 'corr-42', trace }, async () => {
      await new Promise((resolve) => setImmediate(resolve)); // still the request's context after an await
      logger.warn('platform slow', { platform: 'ERP' });
    });
    logger.info('outside any request');
    runWithRequestContext({ correlationId: 'corr-43', trace }, () => logger.info('request', { correlationId: 'own-id', traceId: 'own-trace' }));
    const [inside, outside, own] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(inside?.correlationId, 'corr-42');
    assert.equal(inside?.traceId, trace.traceId);
    assert.equal(inside?.platform, 'ERP');
    assert.equal(outside?.correlationId, undefined);
    assert.equal(outside?.traceId, undefined);
    // A line naming its own ids (the access log, written once the response is finished) keeps them.
    assert.equal(own?.correlationId, 'own-id');
    assert.equal(own?.traceId, 'own-trace');
  });

  it('redacts the keys configuration marks sensitive', () => {
    const { logger, lines } = capture(['taxId']);
    logger.info('partner', { partner: { TAXID: '12-3456789', name: 'Globex' } });
    const parsed = JSON.parse(lines.join(''));
    assert.equal(parsed.partner.TAXID, REDACTED);
    assert.equal(parsed.partner.name, 'Globex');
  });

  it('writes plain lines (the access log) in the same shape and order as winston’s, and not below the level', () => {
    const { logger, lines } = capture();
    logger.info('before', { n: 1 });
    logger.infoLine('request', { correlationId: 'corr-44', method: 'GET', status: 200, latencyMs: 1.5, missing: undefined });
    logger.info('after', { n: 2 });
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(parsed.map((line) => line.message), ['before', 'request', 'after']);
    const [winstonKeys, plainKeys] = [Object.keys(parsed[0] as object), Object.keys(parsed[1] as object)];
    assert.deepEqual(winstonKeys, ['level', 'message', 'n', 'timestamp']);
    assert.deepEqual(plainKeys, ['level', 'message', 'correlationId', 'method', 'status', 'latencyMs', 'timestamp']);
    assert.equal(parsed[1]?.level, 'info');
    assert.ok(!Number.isNaN(Date.parse(String(parsed[1]?.timestamp))));
    assert.ok(lines.every((line) => line.endsWith('\n')));

    const quiet = capture(undefined, 'warn');
    quiet.logger.infoLine('request', { status: 200 });
    assert.deepEqual(quiet.lines, []);
  });
});
