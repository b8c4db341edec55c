/**
 * Who changed a version's lifecycle, and the audit record of it: `deprecate` and `retire` write one record to the
 * tamper-evident audit log (policies/audit), in `<dataDir>/audit/contracts-cli.log` by default, a file of its own
 * so that the gateway's writers and the CLI never share a chain segment.
 *
 * The record uses the request fields of AuditRecordInput: `method` CLI, `path` `contracts deprecate`, `client` who,
 * `tier`/`api`/`version` the API version, `operation` the command and the version, `reason` the change made
 * (code CONTRACT_DEPRECATED or CONTRACT_RETIRED, detail: what was set), `status` the exit code (0). The log is
 * opened before the catalog is touched (a log that cannot be written, or whose end cannot be vouched for, refuses
 * the change), and written
 * after the catalog was replaced; a record that did not reach the file is reported as a failure.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadConfig } from '../../../gateway/config';
import { createLogger } from '../../../gateway/logger';
import { createAuditLog, type AuditLog, type AuditRecordInput } from '../../../policies/audit';
import type { CatalogEntry } from '../../catalog';
import { CliFailure } from './wrapper';

/** The audit file's name under `<dataDir>/audit/`. */
export const CLI_AUDIT_FILE = 'contracts-cli.log';

/** `--by`, else `git config user.email`, else `$USER`. */
export function whoRuns(by: string | undefined, root: string, env: NodeJS.ProcessEnv): string {
  if (by !== undefined && by.trim() !== '') return by.trim();
  try {
    const email = execFileSync('git', ['config', 'user.email'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    if (email) return email;
  } catch {
    // No git, or no user.email: fall through.
  }
  const user = env.USER ?? env.USERNAME ?? env.LOGNAME;
  if (user) return user;
  throw new CliFailure('cannot tell who is making this change: pass --by <who> (or set git config user.email)');
}

/** `--audit-file` (against the working directory), else `<root>/<server.dataDir>/audit/contracts-cli.log`. */
export function auditFileFor(explicit: string | undefined, root: string, cwd: string, env: NodeJS.ProcessEnv): string {
  if (explicit !== undefined) return path.resolve(cwd, explicit);
  return path.resolve(root, loadConfig({ env }).server.dataDir, 'audit', CLI_AUDIT_FILE);
}

export async function openCliAuditLog(file: string): Promise<AuditLog> {
  return createAuditLog({
    file,
    instanceId: 'contracts-cli',
    logger: createLogger({ level: 'error', stream: process.stderr }),
    bufferLimit: 16,
    retryInitialMs: 50,
    retryMaxMs: 200,
  });
}

/** The record of one lifecycle change. */
export function lifecycleRecord(command: 'deprecate' | 'retire', who: string, entry: CatalogEntry, detail: string): AuditRecordInput {
  return {
    requestId: randomUUID(),
    traceId: '-',
    client: who,
    tier: entry.tier,
    api: entry.api,
    version: entry.version,
    operation: `contracts ${command} ${entry.id}`,
    method: 'CLI',
    path: `contracts ${command}`,
    decision: 'allowed',
    reason: { code: command === 'deprecate' ? 'CONTRACT_DEPRECATED' : 'CONTRACT_RETIRED', detail },
    status: 0,
    latencyMs: 0,
  };
}

/**
 * Opens the audit log, applies `change` (the catalog edit), then writes the record and closes the log. Fails when
 * the record did not reach the file: the change is made then, and the message says so.
 */
export async function auditedChange<T>(file: string, change: () => T, record: () => AuditRecordInput): Promise<T> {
  const log = await openCliAuditLog(file);
  const before = log.status();
  if (!before.healthy) {
    await log.close();
    throw new CliFailure(`cannot write the audit log ${file}${before.lastError ? ` (${before.lastError})` : ''}: nothing was changed`);
  }
  let result: T;
  try {
    result = change();
  } catch (error) {
    await log.close();
    throw error;
  }
  log.write(record());
  await log.close();
  const status = log.status();
  if (status.written < 1) {
    throw new CliFailure(`the catalog was changed, but its audit record could not be written to ${file}${status.lastError ? `: ${status.lastError}` : ''}`);
  }
  return result;
}
