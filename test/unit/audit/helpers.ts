/** Shared by the audit tests: temporary folders, an application log that can be read back, records, waiting. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecordInput } from '../../../policies/audit';

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function auditRecord(overrides: Partial<AuditRecordInput> & Record<string, unknown> = {}): AuditRecordInput {
  return {
    requestId: 'req-1',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    client: 'acme-app',
    partner: 'acme',
    method: 'GET',
    path: '/partner/orders/v1/orders/42',
    decision: 'allowed',
    status: 200,
    latencyMs: 1.5,
    ...overrides,
  } as AuditRecordInput;
}

export function fileLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
}

export function parsedLines(file: string): Array<Record<string, unknown>> {
  return fileLines(file).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A clock that moves one millisecond per call, from a fixed start: reproducible files. */
export function steppingClock(start = Date.parse('2026-03-01T10:00:00.000Z')): () => Date {
  let now = start;
  return () => new Date(now++);
}

export { appLog, flushLog } from '../../support/app-log';
