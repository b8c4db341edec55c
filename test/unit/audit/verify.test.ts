import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAuditLog, verifyAuditFile } from '../../../policies/audit';
import { lineHash } from '../../../policies/audit/chain';
import { appLog, auditRecord, fileLines, steppingClock, tempDir } from './helpers';

const PROJECT_ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** Runs the CLI as a user would (node with tsx), returning its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], { cwd: PROJECT_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('audit file verification', () => {
  let dir: string;
  let cleanup: () => void;
  let original: string[];

  before(async () => {
    ({ dir, cleanup } = tempDir());
    const file = path.join(dir, 'original.log');
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 100, clock: steppingClock() });
    for (let index = 1; index <= 6; index += 1) log.write(auditRecord({ requestId: `req-${index}`, status: 200 + index }));
    await log.close();
    original = fileLines(file);
  });
  after(() => cleanup());

  /** Writes `lines` (joined by newlines, plus `end`) to a new file and verifies it. */
  let counter = 0;
  async function verifyLines(lines: readonly string[], end = '\n') {
    counter += 1;
    const file = path.join(dir, `case-${counter}.log`);
    fs.writeFileSync(file, lines.length > 0 ? `${lines.join('\n')}${end}` : '');
    return verifyAuditFile(file);
  }

  function forge(line: string, changes: Record<string, unknown>): string {
    const { hash: _hash, ...rest } = { ...(JSON.parse(line) as Record<string, unknown>), ...changes };
    return JSON.stringify({ ...rest, hash: lineHash(rest) });
  }

  it('accepts the untouched file, and an empty one', async () => {
    assert.deepEqual(await verifyLines(original), { ok: true, records: 6, instances: ['gw-1'] });
    assert.deepEqual(await verifyLines([]), { ok: true, records: 0, instances: [] });
  });

  it('finds a changed field value at its line', async () => {
    const edited = [...original];
    edited[2] = edited[2]!.replace('"status":203', '"status":500');
    assert.deepEqual(await verifyLines(edited), { ok: false, line: 3, seq: 3, reason: 'hash mismatch: the record was altered' });
  });

  it('finds a deleted line where the gap is', async () => {
    const result = await verifyLines(original.filter((_line, index) => index !== 2));
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? undefined : [result.line, result.seq], [3, 4]);
    assert.match(result.ok ? '' : result.reason, /seq 4 after seq 2: lines are missing/);
  });

  it('finds a deleted first line', async () => {
    const result = await verifyLines(original.slice(1));
    assert.match(result.ok ? '' : `${result.line} ${result.reason}`, /^1 the file starts at seq 2/);
  });

  it('finds two swapped lines at the first of them', async () => {
    const swapped = [...original];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    const result = await verifyLines(swapped);
    assert.deepEqual(result.ok ? undefined : [result.line, result.seq], [2, 3]);
  });

  it('finds an inserted forged line, even one with a correctly computed hash and link', async () => {
    // The forger copies line 3, changes it and recomputes its hash: it links to line 2, so the chain breaks at the
    // genuine line 3, now line 4, which no longer follows.
    const linked = [...original];
    linked.splice(2, 0, forge(original[2]!, { requestId: 'forged', status: 200 }));
    const result = await verifyLines(linked);
    assert.deepEqual(result.ok ? undefined : [result.line, result.seq], [4, 3]);
    assert.match(result.ok ? '' : result.reason, /duplicated or reordered/);

    // One with its own valid hash but no place in the chain is found at its own line.
    const unlinked = [...original];
    unlinked.splice(2, 0, forge(original[2]!, { requestId: 'forged', seq: 99 }));
    assert.deepEqual(await verifyLines(unlinked).then((r) => (r.ok ? undefined : [r.line, r.seq])), [3, 99]);

    // One that keeps seq and hash but not the link (prev) is found at its own line.
    const relinked = [...original];
    relinked.splice(2, 0, forge(original[2]!, { requestId: 'forged', seq: 3, prev: 'f'.repeat(64) }));
    const relinkedResult = await verifyLines(relinked);
    assert.deepEqual(relinkedResult.ok ? undefined : [relinkedResult.line, relinkedResult.reason], [3, "prev does not match the previous line's hash: an inserted or replaced line"]);
  });

  it('finds a duplicated line at the copy', async () => {
    const duplicated = [...original];
    duplicated.splice(4, 0, original[3]!);
    const result = await verifyLines(duplicated);
    assert.deepEqual(result.ok ? undefined : [result.line, result.seq], [5, 4]);
    assert.match(result.ok ? '' : result.reason, /seq 4 after seq 4: a duplicated or reordered line/);
  });

  it('finds a truncated last line', async () => {
    const truncated = [...original];
    truncated[5] = truncated[5]!.slice(0, 50);
    const result = await verifyLines(truncated, '');
    assert.deepEqual(result.ok ? undefined : result.line, 6);
    assert.match(result.ok ? '' : result.reason, /^torn line/);
  });

  it('finds appended garbage, with or without a newline', async () => {
    const withNewline = await verifyLines([...original, 'rm -rf / # not a record']);
    assert.deepEqual(withNewline.ok ? undefined : [withNewline.line, withNewline.reason], [7, 'not a JSON record: an altered, inserted or torn line']);
    const withoutNewline = await verifyLines([...original, '{"seq":7'], '');
    assert.deepEqual(withoutNewline.ok ? undefined : withoutNewline.line, 7);
    const blankLine = await verifyLines([...original, ''], '\n');
    assert.deepEqual(blankLine.ok ? undefined : blankLine.line, 7);
  });

  it('rejects lines of two instances interleaved', async () => {
    const interleaved = [...original];
    interleaved.splice(3, 0, forge(original[3]!, { instance: 'gw-2' }));
    const result = await verifyLines(interleaved);
    assert.deepEqual(result.ok ? undefined : result.line, 4);
    assert.match(result.ok ? '' : result.reason, /instance gw-2 continues at seq 4 after a line of instance gw-1/);
  });

  it('accepts a torn line only when the marker after it declares its exact bytes', async () => {
    const file = path.join(dir, 'torn.log');
    fs.writeFileSync(file, `${original.slice(0, 3).join('\n')}\n${original[3]!.slice(0, 60)}`);
    const log = await createAuditLog({ file, instanceId: 'gw-1', logger: appLog().logger, bufferLimit: 10 });
    await log.close();
    assert.deepEqual(await verifyAuditFile(file), { ok: true, records: 4, instances: ['gw-1'], tornLines: [4] });

    const lines = fileLines(file);
    lines[3] = `${original[3]!.slice(0, 59)}X`; // same length, other bytes
    const result = await verifyLines(lines);
    assert.deepEqual(result.ok ? undefined : result.line, 4);
  });

  describe('npm run audit:verify', () => {
    it('prints "ok: N records" and exits 0 for an intact file', async () => {
      const file = path.join(dir, 'cli-ok.log');
      fs.writeFileSync(file, `${original.join('\n')}\n`);
      const { code, stdout } = await cli(file);
      assert.equal(code, 0);
      assert.match(stdout, /^ok: 6 records\n/);
    });

    it('prints the first broken line and why, and exits 1', async () => {
      const file = path.join(dir, 'cli-broken.log');
      fs.writeFileSync(file, `${original.filter((_line, index) => index !== 1).join('\n')}\n`);
      const { code, stdout } = await cli(file);
      assert.equal(code, 1);
      assert.match(stdout, /^broken at line 2 \(seq 3\): seq 3 after seq 1: lines are missing/);
    });

    it('exits 2 on a usage error: no file given, or a file that does not exist', async () => {
      const none = await cli();
      assert.equal(none.code, 2);
      assert.match(none.stderr, /usage: npm run audit:verify -- FILE/);
      const missing = await cli(path.join(dir, 'no-such.log'));
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read .*no-such\.log: ENOENT/);
    });
  });
});
