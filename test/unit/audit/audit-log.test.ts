import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AuditFileIntegrityError, createAuditLog, verifyAuditFile } from '../../../policies/audit';
import { genesisHash, lineHash } from '../../../policies/audit/chain';
import { appLog, auditRecord, fileLines, parsedLines, steppingClock, tempDir, waitFor } from './helpers';

describe('audit log', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, 'audit', 'audit.log');
  });
  afterEach(() => cleanup());

  it('writes one hash-chained JSON line per record, in the background, and the chain verifies', async () => {
    const { logger } = appLog();
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100, clock: steppingClock() });
    for (let index = 0; index < 20; index += 1) log.write(auditRecord({ requestId: `req-${index}` }));
    // write() did no I/O: everything is still in memory.
    assert.deepEqual(log.status(), { healthy: true, buffered: 20, dropped: 0, written: 0 });
    await log.close();
    assert.deepEqual(log.status(), { healthy: true, buffered: 0, dropped: 0, written: 20 });

    const lines = parsedLines(file);
    assert.equal(lines.length, 20);
    lines.forEach((line, index) => {
      assert.equal(line.seq, index + 1);
      assert.equal(line.instance, 'gw-1');
      assert.equal(line.requestId, `req-${index}`);
      assert.equal(line.hash, lineHash(line));
      assert.equal(line.prev, index === 0 ? genesisHash('gw-1', String(line.time), null) : lines[index - 1]!.hash);
    });
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 20, instances: ['gw-1'] });
  });

  it('continues the chain when the same instance starts again on the file', async () => {
    const { logger } = appLog();
    const first = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    for (let index = 0; index < 3; index += 1) first.write(auditRecord({ requestId: `a-${index}` }));
    await first.close();
    const second = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    second.write(auditRecord({ requestId: 'b-0' }));
    second.write(auditRecord({ requestId: 'b-1' }));
    await second.close();

    assert.deepEqual(parsedLines(file).map((line) => [line.seq, line.requestId]), [[1, 'a-0'], [2, 'a-1'], [3, 'a-2'], [4, 'b-0'], [5, 'b-1']]);
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 5, instances: ['gw-1'] });
  });

  it('starts a new segment, linked to the last line, when another instance takes the file over', async () => {
    const { logger } = appLog();
    const first = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    first.write(auditRecord());
    first.write(auditRecord());
    await first.close();
    const second = await createAuditLog({ file, instanceId: 'gw-2', logger, bufferLimit: 100 });
    second.write(auditRecord());
    await second.close();

    const lines = parsedLines(file);
    assert.deepEqual(lines.map((line) => [line.instance, line.seq]), [['gw-1', 1], ['gw-1', 2], ['gw-2', 1]]);
    assert.equal(lines[2]!.prev, genesisHash('gw-2', String(lines[2]!.time), String(lines[1]!.hash)));
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 3, instances: ['gw-1', 'gw-2'] });
  });

  it('continues after a torn last line with a marker that records it, and the chain verifies', async () => {
    const { logger } = appLog();
    const first = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    for (let index = 0; index < 3; index += 1) first.write(auditRecord({ requestId: `a-${index}` }));
    await first.close();
    // A crash in the middle of writing the third line.
    const size = fs.statSync(file).size;
    fs.truncateSync(file, size - 40);
    const tornBytes = Buffer.byteLength(fs.readFileSync(file, 'utf8').split('\n').at(-1)!);

    const restarted = appLog();
    const second = await createAuditLog({ file, instanceId: 'gw-1', logger: restarted.logger, bufferLimit: 100 });
    second.write(auditRecord({ requestId: 'b-0' }));
    await second.close();

    const lines = fileLines(file);
    assert.equal(lines.length, 5);
    assert.throws(() => JSON.parse(lines[2]!), 'the torn line stays as found');
    const marker = JSON.parse(lines[3]!) as Record<string, unknown>;
    assert.equal(marker.event, 'audit.torn-line');
    assert.equal(marker.tornBytes, tornBytes);
    assert.equal(marker.seq, 3);
    assert.equal((JSON.parse(lines[4]!) as Record<string, unknown>).seq, 4);
    assert.ok(restarted.messages().some((message) => /torn line/.test(message)), 'reported on the application log');
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 4, instances: ['gw-1'], tornLines: [3] });
  });

  it('a torn line at the top of a file (the very first write interrupted) is handled the same way', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"seq":1,"instance":"gw-0","ti');
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 100 });
    log.write(auditRecord());
    await log.close();
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 2, instances: ['gw-1'], tornLines: [1] });
  });

  it('only adds the newline when just the last newline is missing', async () => {
    const { logger } = appLog();
    const first = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    first.write(auditRecord());
    first.write(auditRecord());
    await first.close();
    fs.truncateSync(file, fs.statSync(file).size - 1);
    const second = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    second.write(auditRecord());
    await second.close();
    assert.equal(fileLines(file).length, 3);
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 3, instances: ['gw-1'] });
  });

  it('refuses to start on a file whose last complete line is not a valid record', async () => {
    const { logger } = appLog();
    const first = await createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 });
    first.write(auditRecord({ status: 200 }));
    await first.close();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"status":200', '"status":500'));
    await assert.rejects(createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 100 }), (error: unknown) => {
      assert.ok(error instanceof AuditFileIntegrityError);
      assert.match(error.message, /hash mismatch/);
      return true;
    });
  });

  it('redacts secrets at any depth, case-insensitively, including configured keys, before hashing', async () => {
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 100, redactKeys: ['X-Partner-Pin'] });
    log.write(
      auditRecord({
        headers: { Authorization: 'Bearer eyJ-secret-jwt', COOKIE: 'sid=secret-cookie' },
        form: { client_secret: 'secret-client', nested: [{ Password: 'secret-password' }, { deeper: { refresh_token: 'secret-refresh' } }] },
        token: 'secret-token',
        Access_Token: 'secret-access',
        partnerData: { 'x-partner-pin': 'secret-pin' },
      }),
    );
    await log.close();

    const text = fs.readFileSync(file, 'utf8');
    for (const secret of ['eyJ-secret-jwt', 'secret-cookie', 'secret-client', 'secret-password', 'secret-refresh', 'secret-token', 'secret-access', 'secret-pin']) {
      assert.ok(!text.includes(secret), `${secret} must not reach the file`);
    }
    const [line] = parsedLines(file);
    assert.deepEqual(line!.headers, { Authorization: '[REDACTED]', COOKIE: '[REDACTED]' });
    assert.deepEqual(line!.form, { client_secret: '[REDACTED]', nested: [{ Password: '[REDACTED]' }, { deeper: { refresh_token: '[REDACTED]' } }] });
    assert.deepEqual(line!.partnerData, { 'x-partner-pin': '[REDACTED]' });
    assert.equal((await verifyAuditFile(file)).ok, true);
  });

  it('writes a record holding values JSON cannot (a cycle, a bigint, undefined, a Date, NaN) without throwing', async () => {
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 100 });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    assert.doesNotThrow(() => log.write(auditRecord({ cyclic, big: 10n ** 20n, gone: undefined, at: new Date(0), ratio: Number.NaN })));
    await log.close();
    const [line] = parsedLines(file);
    assert.deepEqual(line!.cyclic, { name: 'loop', self: '[CIRCULAR]' });
    assert.equal(line!.big, '100000000000000000000');
    assert.equal('gone' in line!, false);
    assert.equal(line!.at, '1970-01-01T00:00:00.000Z');
    assert.equal(line!.ratio, null);
    assert.equal((await verifyAuditFile(file)).ok, true);
  });

  it('never writes the query string, and a record cannot overwrite the chain fields', async () => {
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 100 });
    log.write(auditRecord({ path: '/orders/42?access=abc123&email=jane@example.com#top', seq: 99, hash: 'forged', instance: 'other' }));
    await log.close();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('abc123') && !text.includes('jane@example.com') && !text.includes('?'));
    const [line] = parsedLines(file);
    assert.equal(line!.path, '/orders/42');
    assert.equal(line!.seq, 1);
    assert.equal(line!.instance, 'gw-1');
    assert.equal((await verifyAuditFile(file)).ok, true);
  });

  it('on a disk error: never throws, buffers, drops beyond the limit with a count, reports once, recovers', async () => {
    const app = appLog();
    const folder = path.dirname(file);
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: app.logger, bufferLimit: 5, retryInitialMs: 10, retryMaxMs: 40 });
    log.write(auditRecord({ requestId: 'r-0' }));
    log.write(auditRecord({ requestId: 'r-1' }));
    await waitFor(() => log.status().written === 2, 'the first records');

    // The folder becomes a regular file: opening the audit file fails with ENOTDIR.
    fs.renameSync(folder, `${folder}-away`);
    fs.writeFileSync(folder, 'not a folder');
    for (let index = 2; index < 10; index += 1) assert.doesNotThrow(() => log.write(auditRecord({ requestId: `r-${index}` })));
    await waitFor(() => /ENOTDIR/.test(log.status().lastError ?? ''), 'the disk error in status');
    assert.deepEqual(log.status(), { healthy: false, buffered: 5, dropped: 3, written: 2, lastError: log.status().lastError });
    await new Promise((resolve) => setTimeout(resolve, 150)); // several retries
    assert.equal(app.messages().filter((message) => /cannot write its file/.test(message)).length, 1, 'one report per episode');
    assert.equal(app.messages().filter((message) => /dropped/.test(message)).length, 1);

    fs.rmSync(folder);
    fs.renameSync(`${folder}-away`, folder);
    await waitFor(() => log.status().healthy, 'recovery');
    assert.deepEqual(log.status(), { healthy: true, buffered: 0, dropped: 3, written: 7 });
    assert.ok(app.messages().some((message) => /writes its file again/.test(message)));
    await log.close();

    const lines = parsedLines(file);
    assert.deepEqual(lines.slice(0, 7).map((line) => line.requestId), ['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6']);
    assert.equal(lines[7]!.event, 'audit.records-dropped');
    assert.equal(lines[7]!.dropped, 3);
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 8, instances: ['gw-1'] });
  });

  it('starts unhealthy when the file cannot be opened, and writes what it kept once it can', async () => {
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'a regular file where a folder should be');
    const blocked = path.join(blocker, 'audit.log');
    const app = appLog();
    const log = await createAuditLog({ file: blocked, instanceId: 'gw-1', logger: app.logger, bufferLimit: 100, retryInitialMs: 10, retryMaxMs: 20 });
    assert.equal(log.status().healthy, false);
    log.write(auditRecord());
    log.write(auditRecord());
    fs.rmSync(blocker);
    await waitFor(() => log.status().written === 2, 'the kept records');
    await log.close();
    assert.deepEqual(await verifyAuditFile(blocked), { ok: true, records: 2, instances: ['gw-1'] });
  });

  it('notices a file replaced under it (here by a folder, then gone) and starts the new file with a marker', async () => {
    const app = appLog();
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: app.logger, bufferLimit: 100, retryInitialMs: 10, retryMaxMs: 20 });
    log.write(auditRecord({ requestId: 'old' }));
    await waitFor(() => log.status().written === 1, 'the first record');
    fs.renameSync(file, `${file}.1`);
    fs.mkdirSync(file);
    log.write(auditRecord({ requestId: 'new' }));
    await waitFor(() => /EISDIR/.test(log.status().lastError ?? ''), 'EISDIR');
    fs.rmdirSync(file);
    await waitFor(() => log.status().written === 2, 'the kept record');
    await log.close();

    const lines = parsedLines(file);
    assert.equal(lines[0]!.event, 'audit.file-changed');
    assert.deepEqual((lines[0]!.expected as Record<string, unknown>).seq, 1);
    assert.equal(lines[1]!.requestId, 'new');
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 2, instances: ['gw-1'] });
    assert.deepEqual(await verifyAuditFile(`${file}.1`), { ok: true, records: 1, instances: ['gw-1'] });
  });

  it('close() flushes everything written before it; later writes are counted as dropped, never thrown', async () => {
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 1000 });
    for (let index = 0; index < 500; index += 1) log.write(auditRecord({ requestId: `r-${index}` }));
    await log.close();
    assert.equal(fileLines(file).length, 500);
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 500, instances: ['gw-1'] });
    assert.doesNotThrow(() => log.write(auditRecord()));
    assert.equal(log.status().dropped, 1);
    await log.close();
  });

  it('rejects unknown and invalid options at start', async () => {
    const logger = appLog().logger;
    await assert.rejects(createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 10, bufferlimit: 5 } as never), /unknown option "bufferlimit"/);
    await assert.rejects(createAuditLog({ file, instanceId: '', logger, bufferLimit: 10 }), /instanceId/);
    await assert.rejects(createAuditLog({ file, instanceId: 'gw-1', logger, bufferLimit: 0 }), /bufferLimit/);
  });
});

describe('audit log, a write that reaches the file only in part', () => {
  it('completes the cut write byte for byte on retry: no gap, no duplicate, no marker', async () => {
    const { dir, cleanup } = tempDir();
    // A full disk cannot be arranged without privileges: the file handle's write is made to stop after 100 bytes
    // and fail once, as write(2) does on ENOSPC. Restored in finally.
    const probe = await fsp.open(path.join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const write = prototype.write;
    let cut = false;
    prototype.write = async function cutWrite(this: unknown, ...args: unknown[]) {
      const [buffer, offset, length] = args as [Buffer, number, number];
      if (!cut && Buffer.isBuffer(buffer) && length > 100) {
        cut = true;
        await write.call(this, buffer, offset, 100);
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      }
      return write.apply(this, args);
    };
    try {
      const file = path.join(dir, 'audit.log');
      const app = appLog();
      const log = await createAuditLog({ file, instanceId: 'gw-1', logger: app.logger, bufferLimit: 100, retryInitialMs: 10 });
      for (let index = 0; index < 5; index += 1) log.write(auditRecord({ requestId: `r-${index}` }));
      await waitFor(() => log.status().written === 5, 'the records');
      await log.close();
      assert.ok(cut);
      assert.ok(app.messages().some((message) => /cannot write its file/.test(message)));
      assert.deepEqual(parsedLines(file).map((line) => line.requestId), ['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
      assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 5, instances: ['gw-1'] });
    } finally {
      prototype.write = write;
      cleanup();
    }
  });
});
