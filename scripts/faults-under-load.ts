/**
 * Faults under load (issue 9): two gateway processes sharing a dedicated Redis, a sandbox ERP and WMS, orders at a
 * steady rate, and a timeline of faults while they flow: Redis SIGKILLed and restarted, the ERP taken down and brought
 * back, the ERP slowed to 2.5 s per call, one gateway SIGKILLed mid-request and restarted. Probes during each fault.
 * Afterwards: every accepted order is in the ERP exactly once or in the exceptions queue; the queue is replayed and
 * drains; every audit file verifies. Writes faults/RESULTS.md; exits 1 when an order is lost or duplicated or a probe
 * got through. Loopback only. `FAULTS_SECONDS` (default 180) is the length of the order flow.
 *
 *   npm run faults
 *   FAULTS_SECONDS=90 npm run faults
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../openapi/catalog';
import { verifyAuditFile, type AuditVerification } from '../policies/audit/verify';
import { salesOrdersPerPo } from '../sandbox/erp/sales-order-counts';
import { startSandboxErp } from '../sandbox/erp/server';
import { startSandboxWms } from '../sandbox/wms/server';
import { fetchToken } from '../test/support/gateway';
import { startGatewayProcess, stopGatewayProcess, type GatewayProcess } from '../test/support/gateway-process';
import { line, orderSubmission } from '../test/support/orders';
import { freePort, startDedicatedRedis } from '../test/support/redis';
import { ErpSandboxControls } from '../test/support/sandbox-controls';

const SECONDS = Number(process.env.FAULTS_SECONDS ?? 180);
if (!Number.isFinite(SECONDS) || SECONDS < 60) throw new Error('FAULTS_SECONDS must be a number of at least 60');
const RATE_PER_SECOND = 10;
const MATERIALS = ['TG-10001', 'TG-10002', 'TG-10003', 'TG-10004', 'TG-10005', 'TG-10006', 'TG-10008', 'TG-10009'];
const MOVING = ['RECEIVED', 'VALIDATED', 'PRICED', 'ALLOCATED', 'POSTED', 'ACKNOWLEDGED'];
const OUT_DIR = path.join(PROJECT_ROOT, 'faults');

/**
 * The gateway's configuration file: both policies fail closed, a generous plan, short retries, and only 2 attempts
 * per step so that the ERP faults park orders in the exceptions queue and the replay path is exercised too (with
 * more attempts the workflow's own retries absorb a 5 s outage and the queue stays empty).
 */
const CONFIG = {
  throttling: { failMode: 'closed', plans: { internal: { limit: 1_000_000, windowSeconds: 60 } } },
  idempotency: { failMode: 'closed' },
  state: { commandTimeoutMs: 1000 },
  process: {
    workflow: { retryBaseDelayMs: 50, retryMaxDelayMs: 300, maxAttempts: 2, pollIntervalMs: 200, leaseMs: 10_000, sweepIntervalMs: 500, sweepGraceMs: 15_000, concurrency: 16 },
    circuitBreaker: { volumeThreshold: 5, resetTimeoutMs: 300, rollingWindowMs: 2000 },
  },
  platforms: { erp: { timeoutMs: 1500, retries: 0 }, wms: { timeoutMs: 1500, retries: 0 } },
  tiers: { retries: 0, timeoutMs: 5000 },
};

const started = Date.now();
const stamp = (): string => `+${((Date.now() - started) / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timeline: string[] = [];
function note(event: string): void {
  const entry = `${new Date().toISOString()} (${stamp()}) ${event}`;
  timeline.push(entry);
  console.log(entry);
}

interface Sent {
  po: string;
  key: string;
  body: unknown;
  instance: number;
  kind: 'order' | 'probe';
  /** 'network' when no answer came (connection refused or cut). */
  status: number | 'network';
  code?: string;
  id?: string;
  /** Answer of the retry with the same Idempotency-Key, for orders first refused or unanswered. */
  retry?: { status: number | 'network'; id?: string; replayed: boolean };
}

interface ProbeCount {
  fault: string;
  kind: string;
  expected: string;
  statuses: Map<string, number>;
  through: number;
}

async function main(): Promise<number> {
  mkdirSync(OUT_DIR, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'dg-faults-'));
  const redisDir = path.join(work, 'redis');
  mkdirSync(redisDir);
  const redis = await startDedicatedRedis({ persistDir: redisDir });
  if (!redis) throw new Error('no redis-server on PATH');
  note(`redis-server on ${redis.url} (appendonly yes, appendfsync everysec, dir ${redisDir})`);
  const erp = await startSandboxErp({ duplicatePurchaseOrders: 'warning' });
  const wms = await startSandboxWms({ shipDelayMs: 3_600_000 });
  const erpControls = new ErpSandboxControls(erp);
  note(`sandbox ERP ${erp.url} (duplicate PO check: warning), WMS ${wms.url}`);

  const configFile = path.join(work, 'gateway.yaml');
  writeFileSync(configFile, JSON.stringify(CONFIG, null, 2)); // JSON is YAML
  const ports = [await freePort(), await freePort()];
  const auditFiles = [path.join(work, 'audit-a.log'), path.join(work, 'audit-b.log')];
  const shared = {
    SANDBOX: 'false',
    ERP_BASE_URL: `${erp.url}/sap/opu/odata/sap`,
    WMS_BASE_URL: wms.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'dgfaults:',
    DATA_DIR: work,
    PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
    CONFIG_FILE: configFile,
  };
  const envOf = (index: number) => ({ ...shared, AUDIT_FILE: auditFiles[index]! });
  const instances: GatewayProcess[] = [];
  instances.push(await startGatewayProcess(ports[0]!, envOf(0)));
  instances.push(await startGatewayProcess(ports[1]!, envOf(1)));
  const outputs: string[] = ['', ''];
  note(`gateway A ${instances[0]!.url} (pid ${instances[0]!.child.pid}), B ${instances[1]!.url} (pid ${instances[1]!.child.pid})`);
  const down = [false, false];

  const crm = await fetchToken(`${instances[0]!.url}/oauth/token`, 'internal-crm');
  const architect = await fetchToken(`${instances[1]!.url}/oauth/token`, 'architect');

  const sent: Sent[] = [];
  const inFlight = [0, 0];
  let currentFault = 'none';
  const faultOfOrder = new Map<string, string>();

  async function post(index: number, entry: Pick<Sent, 'key' | 'body'>, token: string | undefined): Promise<{ status: number | 'network'; body?: Record<string, unknown>; replayed: boolean }> {
    inFlight[index]! += 1;
    try {
      const response = await fetch(`${instances[index]!.url}/process/orders/v2/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': entry.key, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(entry.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      return { status: response.status, body, replayed: response.headers.get('idempotent-replayed') === 'true' };
    } catch {
      return { status: 'network', replayed: false };
    } finally {
      inFlight[index]! -= 1;
    }
  }

  function newOrder(kind: Sent['kind'], instance: number): Sent {
    const index = sent.length;
    const body = orderSubmission({ orderNumber: `PO-FAULTS-${process.pid}-${kind === 'probe' ? 'P' : ''}${index}`, lines: [line('1', MATERIALS[index % MATERIALS.length]!, String(1 + (index % 3)))] });
    const entry: Sent = { po: body.orderNumber, key: `faults-${randomUUID()}`, body, instance, kind, status: 'network' };
    sent.push(entry);
    faultOfOrder.set(entry.po, currentFault);
    return entry;
  }

  async function send(entry: Sent, token: string | undefined = crm): Promise<Sent> {
    const answer = await post(entry.instance, entry, token);
    entry.status = answer.status;
    if (typeof answer.body?.id === 'string') entry.id = answer.body.id;
    if (typeof answer.body?.code === 'string') entry.code = answer.body.code;
    return entry;
  }

  // ---- probes ----
  const probes: ProbeCount[] = [];
  function probeCount(fault: string, kind: string, expected: string): ProbeCount {
    const found = probes.find((probe) => probe.fault === fault && probe.kind === kind);
    if (found) return found;
    const created = { fault, kind, expected, statuses: new Map<string, number>(), through: 0 };
    probes.push(created);
    return created;
  }
  async function probeRound(fault: string, redisDown: boolean): Promise<void> {
    const alive = [0, 1].filter((index) => !down[index]);
    for (const index of alive) {
      for (const [kind, token] of [
        ['no token', undefined],
        ['forged token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJpbnRlcm5hbC1jcm0ifQ.'],
      ] as const) {
        const count = probeCount(fault, `unauthenticated POST order (${kind})`, '401');
        const answer = await post(index, { key: `probe-${randomUUID()}`, body: orderSubmission() }, token);
        count.statuses.set(String(answer.status), (count.statuses.get(String(answer.status)) ?? 0) + 1);
        if (typeof answer.status === 'number' && answer.status < 300) count.through += 1;
        // A 401 is the only right answer; a 503 or a refused connection is not "through" but is shown.
      }
      if (redisDown) {
        const count = probeCount(fault, 'authenticated POST order with Idempotency-Key (throttled + idempotent)', '503');
        const entry = await send(newOrder('probe', index));
        count.statuses.set(String(entry.status), (count.statuses.get(String(entry.status)) ?? 0) + 1);
        if (typeof entry.status === 'number' && entry.status < 300) count.through += 1;
      }
    }
  }

  // ---- the steady flow ----
  const flowStartedAt = Date.now();
  let flowing = true;
  const pending: Promise<unknown>[] = [];
  const flow = (async () => {
    let n = 0;
    const t0 = Date.now();
    while (flowing) {
      const instance = n % 2;
      const entry = newOrder('order', instance);
      pending.push(send(entry));
      n += 1;
      const due = t0 + (n * 1000) / RATE_PER_SECOND;
      await sleep(Math.max(0, due - Date.now()));
    }
  })();

  // ---- the timeline ----
  const at = async (fraction: number) => {
    const due = flowStartedAt + fraction * SECONDS * 1000;
    while (Date.now() < due) await sleep(50);
  };
  const probingDuring = async (fault: string, redisDown: boolean, ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await probeRound(fault, redisDown);
      await sleep(500);
    }
  };
  note(`order flow starts: ${RATE_PER_SECOND}/s alternating A and B, POST /process/orders/v2/orders as internal-crm, for ${SECONDS} s`);

  await at(0.1);
  currentFault = 'redis';
  note('FAULT redis: SIGKILL redis-server');
  await redis.stop();
  await probingDuring('redis down', true, 5000);
  await redis.start();
  note('redis-server restarted on the same port (from its AOF)');
  currentFault = 'none';
  await probingDuring('redis just back (2 s)', false, 2000);

  await at(0.3);
  currentFault = 'erp-down';
  note('FAULT erp: takeDown');
  await erp.takeDown();
  await probingDuring('ERP down', false, 5000);
  await erp.bringUp();
  currentFault = 'none';
  note('ERP brought up');

  await at(0.5);
  currentFault = 'erp-slow';
  note('FAULT erp slow: latencyMs 2500 (ERP timeout is 1500 ms)');
  await erpControls.faults({ latencyMs: 2500 });
  await probingDuring('ERP slow', false, 10_000);
  await erpControls.clearFaults();
  currentFault = 'none';
  note('ERP latency cleared');

  await at(0.7);
  currentFault = 'gateway-kill';
  // Mid-request: wait until B has requests in flight, then SIGKILL it.
  const waitUntil = Date.now() + 5000;
  while (inFlight[1] === 0 && Date.now() < waitUntil) await sleep(1);
  note(`FAULT gateway B: SIGKILL with ${inFlight[1]} request(s) of the script in flight to it`);
  outputs[1] += instances[1]!.output();
  down[1] = true;
  await stopGatewayProcess(instances[1]!.child, 'SIGKILL');
  await probingDuring('gateway B killed', false, 3000);
  instances[1] = await startGatewayProcess(ports[1]!, envOf(1));
  down[1] = false;
  currentFault = 'none';
  note(`gateway B restarted on port ${ports[1]} (pid ${instances[1]!.child.pid})`);

  await at(1);
  flowing = false;
  await flow;
  await Promise.all(pending);
  note(`order flow stopped: ${sent.filter((entry) => entry.kind === 'order').length} orders sent`);

  // ---- retry what was refused or unanswered, with the same Idempotency-Key (as a well-behaved client would) ----
  const retryable = sent.filter((entry) => !(typeof entry.status === 'number' && entry.status < 300));
  for (const entry of retryable) {
    const answer = await post(entry.instance, entry, crm);
    entry.retry = { status: answer.status, replayed: answer.replayed, ...(typeof answer.body?.id === 'string' ? { id: answer.body.id } : {}) };
  }
  note(`retried ${retryable.length} refused/unanswered submissions with their own Idempotency-Key`);

  const accepted = sent.filter((entry) => (typeof entry.status === 'number' && entry.status < 300) || (typeof entry.retry?.status === 'number' && entry.retry.status < 300));
  const idOf = (entry: Sent) => entry.id ?? entry.retry?.id;

  // ---- settle ----
  const reader = instances[0]!.url;
  const get = async (url: string, token: string) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  async function settle(timeoutMs: number): Promise<Map<string, { status: string; orderNumber: string }>> {
    const deadline = Date.now() + timeoutMs;
    const query = MOVING.map((status) => `status=${status}`).join('&');
    for (;;) {
      const { status, body } = await get(`${reader}/process/orders/v2/orders?${query}&limit=1`, crm);
      if (status === 200 && (body.orders as unknown[]).length === 0) break;
      if (Date.now() > deadline) {
        note(`settle: still moving after ${timeoutMs} ms: ${JSON.stringify(body).slice(0, 300)}`);
        break;
      }
      await sleep(500);
    }
    const orders = new Map<string, { status: string; orderNumber: string }>();
    for (const entry of accepted) {
      const id = idOf(entry);
      if (!id) continue;
      const { status, body } = await get(`${reader}/process/orders/v2/orders/${id}`, crm);
      orders.set(entry.po, status === 200 ? { status: String(body.status), orderNumber: String(body.orderNumber) } : { status: `HTTP ${status}`, orderNumber: entry.po });
    }
    return orders;
  }
  async function erpCounts(): Promise<Map<string, number>> {
    return salesOrdersPerPo(erp.url, '0010100002');
  }
  async function openExceptions(): Promise<Array<{ orderId: string; orderNumber: string; step: string; reason: string; lastError: string }>> {
    const { status, body } = await get(`${reader}/process/operations/v1/exceptions?status=OPEN&limit=500`, architect);
    if (status !== 200) throw new Error(`exceptions answered ${status}: ${JSON.stringify(body)}`);
    return body.exceptions as Array<{ orderId: string; orderNumber: string; step: string; reason: string; lastError: string }>;
  }

  note('settling: waiting until no order is moving');
  const settled = await settle(120_000);
  const before = await erpCounts();
  const exceptionsBefore = await openExceptions();
  note(`settled: ${exceptionsBefore.length} open exceptions`);

  // Replay the queue (bulk) until it drains.
  let replayed = 0;
  for (let round = 0; round < 20; round += 1) {
    const response = await fetch(`${reader}/process/operations/v1/exceptions/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${architect}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 500 }),
    });
    const body = (await response.json()) as { replayed?: unknown[] };
    if (response.status !== 202) {
      note(`bulk replay answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
      break;
    }
    replayed += body.replayed?.length ?? 0;
    if ((body.replayed?.length ?? 0) === 0) break;
  }
  note(`bulk replay: ${replayed} exceptions replayed`);
  const final = await settle(120_000);
  const after = await erpCounts();
  const exceptionsAfter = await openExceptions();
  note(`after replay: ${exceptionsAfter.length} open exceptions`);

  // ---- accounting ----
  const parkedBefore = new Set(exceptionsBefore.map((exception) => exception.orderNumber));
  const beforeCheck = { once: 0, parked: 0, duplicated: [] as string[], missing: [] as string[] };
  for (const entry of accepted) {
    const held = before.get(entry.po) ?? 0;
    if (held > 1) beforeCheck.duplicated.push(`${entry.po} x${held}`);
    else if (held === 1) beforeCheck.once += 1;
    else if (parkedBefore.has(entry.po)) beforeCheck.parked += 1;
    else beforeCheck.missing.push(`${entry.po} (${settled.get(entry.po)?.status ?? 'unknown'})`);
  }
  const afterCheck = { once: 0, duplicated: [] as string[], missing: [] as string[] };
  for (const entry of accepted) {
    const held = after.get(entry.po) ?? 0;
    if (held === 1) afterCheck.once += 1;
    else if (held > 1) afterCheck.duplicated.push(`${entry.po} x${held} (${final.get(entry.po)?.status})`);
    else afterCheck.missing.push(`${entry.po} (${final.get(entry.po)?.status ?? 'unknown'}, first answer ${entry.status}${entry.retry ? `, retry ${entry.retry.status}` : ''})`);
  }
  const phantoms = sent.filter((entry) => !accepted.includes(entry) && (after.get(entry.po) ?? 0) > 0).map((entry) => `${entry.po} x${after.get(entry.po)} (answers ${entry.status}, retry ${entry.retry?.status})`);
  const finalStatuses = new Map<string, number>();
  for (const order of final.values()) finalStatuses.set(order.status, (finalStatuses.get(order.status) ?? 0) + 1);

  // ---- audit ----
  outputs[0] += instances[0]!.output();
  outputs[1] += instances[1]!.output();
  await Promise.all(instances.map((instance) => stopGatewayProcess(instance.child)));
  note('both gateways stopped (SIGTERM)');
  const audits: Array<{ file: string; result: AuditVerification | { ok: false; reason: string } }> = [];
  for (const file of auditFiles) {
    try {
      audits.push({ file, result: await verifyAuditFile(file) });
    } catch (error) {
      audits.push({ file, result: { ok: false, reason: (error as Error).message } });
    }
  }
  await Promise.all([erp.close(), wms.close()]);
  await redis.stop();

  // ---- results ----
  const countBy = (entries: Sent[], pick: (entry: Sent) => string) => {
    const map = new Map<string, number>();
    for (const entry of entries) map.set(pick(entry), (map.get(pick(entry)) ?? 0) + 1);
    return [...map.entries()].sort().map(([key, value]) => `${key}: ${value}`).join(', ');
  };
  const orders = sent.filter((entry) => entry.kind === 'order');
  const probesThrough = probes.reduce((sum, probe) => sum + probe.through, 0);
  const auditFailed = audits.filter(({ result }) => !result.ok);
  const lost = afterCheck.missing.length;
  const duplicated = afterCheck.duplicated.length + beforeCheck.duplicated.length;
  const failed = lost > 0 || duplicated > 0 || probesThrough > 0 || exceptionsAfter.length > 0 || auditFailed.length > 0;
  let redisVersion = '';
  try {
    redisVersion = execFileSync('redis-server', ['--version']).toString().trim();
  } catch {
    redisVersion = 'unknown';
  }
  const list = (items: string[], max = 20) => (items.length === 0 ? 'none' : items.slice(0, max).join('; ') + (items.length > max ? `; … (${items.length} in all)` : ''));
  const md = `# Faults under load: results

Run ${new Date(started).toISOString()}, order flow ${SECONDS} s at ${RATE_PER_SECOND}/s (\`FAULTS_SECONDS=${SECONDS}\`), total run ${((Date.now() - started) / 1000).toFixed(0)} s.
**Verdict: ${failed ? 'FAILED' : 'PASSED'}** (lost ${lost}, duplicated ${duplicated}, probes through ${probesThrough}, exceptions left after replay ${exceptionsAfter.length}, audit files failing ${auditFailed.length}).

## Machine

- ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}
- Node ${process.version}; ${redisVersion}
- Everything on 127.0.0.1: redis-server (dedicated, \`appendonly yes\`, \`appendfsync everysec\`, in a temp dir, so a
  restart after SIGKILL comes back with its data as a production Redis would; without it every order record, the event
  bus and idempotency keys would vanish at the restart), the sandbox ERP and WMS in the script's process (ERP duplicate
  PO check = warning, so a duplicate is created and counted), two gateway processes (gateway/main.ts) sharing Redis,
  DATA_DIR (signing key) and PUBLIC_URL, each its own AUDIT_FILE; throttling.failMode closed, idempotency.failMode
  closed; ERP timeout 1500 ms, workflow 2 attempts 50–300 ms apart (so ERP faults reach the exceptions queue).

## Timeline

${timeline.map((entry) => `- ${entry}`).join('\n')}

## Orders

| | count |
|---|---|
| orders sent (steady flow) | ${orders.length} |
| probe orders sent (authenticated, during the Redis outage) | ${sent.length - orders.length} |
| first answer, by status | ${countBy(sent, (entry) => String(entry.status))} |
| first answer refused or unanswered, by status/code | ${countBy(sent.filter((entry) => !(typeof entry.status === 'number' && entry.status < 300)), (entry) => `${entry.status} ${entry.code ?? ''}`.trim()) || 'none'} |
| refused/unanswered by fault window | ${countBy(sent.filter((entry) => !(typeof entry.status === 'number' && entry.status < 300)), (entry) => faultOfOrder.get(entry.po) ?? '?') || 'none'} |
| retried with the same Idempotency-Key, answers | ${countBy(retryable, (entry) => `${entry.retry?.status}${entry.retry?.replayed ? ' (replayed)' : ''}`) || 'none'} |
| accepted (2xx, first answer or retry) | ${accepted.length} |
| **before replay**: in the ERP exactly once | ${beforeCheck.once} |
| before replay: not in the ERP, in the exceptions queue | ${beforeCheck.parked} |
| before replay: duplicated in the ERP | ${beforeCheck.duplicated.length} (${list(beforeCheck.duplicated)}) |
| before replay: missing (neither in the ERP nor in the queue) | ${beforeCheck.missing.length} (${list(beforeCheck.missing)}) |
| open exceptions before replay | ${exceptionsBefore.length} |
| exceptions replayed (bulk) | ${replayed} |
| open exceptions after replay | ${exceptionsAfter.length} |
| **after replay**: in the ERP exactly once | ${afterCheck.once} of ${accepted.length} |
| after replay: duplicated | ${afterCheck.duplicated.length} (${list(afterCheck.duplicated)}) |
| after replay: missing | ${afterCheck.missing.length} (${list(afterCheck.missing)}) |
| never accepted but in the ERP (phantoms) | ${phantoms.length} (${list(phantoms)}) |
| final order statuses (accepted orders) | ${[...finalStatuses.entries()].map(([key, value]) => `${key}: ${value}`).join(', ')} |

Exceptions before replay, by step and reason: ${countBy(exceptionsBefore as unknown as Sent[], (exception) => `${(exception as unknown as { step: string }).step} / ${(exception as unknown as { reason: string }).reason}`) || 'none'}.
${exceptionsBefore.length > 0 ? `Example last error: \`${exceptionsBefore[0]!.lastError}\`.` : ''}

## Probes

A probe is "through" when it got a 2xx. "network" means the connection was refused (the instance was down).

| fault | probe | expected | statuses | through |
|---|---|---|---|---|
${probes.map((probe) => `| ${probe.fault} | ${probe.kind} | ${probe.expected} | ${[...probe.statuses.entries()].map(([key, value]) => `${key}: ${value}`).join(', ')} | ${probe.through} |`).join('\n')}

## Audit files

| file | result |
|---|---|
${audits
  .map(({ file, result }) => {
    const text = result.ok
      ? `ok: ${result.records} records, instances ${result.instances.length} (${result.instances.join(', ')})${result.tornLines ? `, declared torn line(s) at ${result.tornLines.join(', ')} (a SIGKILLed writer's last line, declared by the restarted writer)` : ', no torn line'}`
      : `NOT OK: ${'line' in result ? `line ${result.line}: ` : ''}${result.reason}`;
    return `| ${path.basename(file)} | ${text} |`;
  })
  .join('\n')}
`;
  writeFileSync(path.join(OUT_DIR, 'RESULTS.md'), md);
  writeFileSync(path.join(OUT_DIR, 'last-run-gateway-output.log'), `=== A ===\n${outputs[0]}\n=== B ===\n${outputs[1]}\n`);
  console.log(md);
  if (auditFailed.length > 0) console.log(`audit verification failed for ${auditFailed.map(({ file }) => file).join(', ')}`);
  rmSync(work, { recursive: true, force: true });
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
