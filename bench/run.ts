/**
 * `npm run bench`: every scenario, side by side in one invocation, each reported as ratios against a baseline
 * measured in the same run, written to bench/RESULTS.md with the machine and the command.
 *   --scenario NAME   only that scenario (repeatable): policy-overhead, policy-cost, tier-hop, order-intake, x12
 *   --smoke           ~1 s per measurement, tiny sizes; prints, does not write RESULTS.md
 *   --out FILE        where to write the results (default bench/RESULTS.md)
 * Redis: BENCH_REDIS_URL, else redis://127.0.0.1:6379/15; keys under a prefix unique to the run, removed afterwards.
 * Exit 0 done (goals met or not: RESULTS.md says which), 1 a known failure (a non-2xx run, a lost order), 2 a usage error.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { BENCH_ROOT } from './lib/child';
import type { BenchContext, Scenario, ScenarioResult } from './lib/context';
import { orderIntake } from './scenarios/order-intake';
import { policyCost } from './scenarios/policy-cost';
import { policyOverhead } from './scenarios/policy-overhead';
import { tierHop } from './scenarios/tier-hop';
import { x12 } from './scenarios/x12';

export const SCENARIOS: readonly Scenario[] = [policyOverhead, policyCost, tierHop, orderIntake, x12];

export interface BenchOptions {
  scenarios?: string[];
  smoke?: boolean;
  out?: string;
  redisUrl?: string;
  /** Key prefix for everything the run writes to Redis; default a fresh `dg-bench-xxxxxxxx:`. Removed afterwards. */
  keyPrefix?: string;
  log?: (line: string) => void;
}

export interface BenchRun {
  startedAt: string;
  seconds: number;
  machine: Record<string, string>;
  results: ScenarioResult[];
  /** The markdown report (written unless smoke). */
  report: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { scenarios: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--smoke') options.smoke = true;
    else if (arg === '--scenario' || arg === '--out') {
      const value = argv[++index];
      if (!value) throw new UsageError(`${arg} needs a value`);
      if (arg === '--scenario') options.scenarios!.push(value);
      else options.out = value;
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  for (const name of options.scenarios!) {
    if (!SCENARIOS.some((scenario) => scenario.name === name)) throw new UsageError(`unknown scenario ${name}; one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  return options;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(BENCH_ROOT, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function machine(): Record<string, string> {
  const cpus = os.cpus();
  const packages = ['express', '@tsoa/runtime', 'jose', 'ioredis', 'express-rate-limit', 'rate-limit-redis', 'axios', 'winston', 'autocannon', 'node-x12', 'x12-parser', 'tsx', 'typescript'];
  return {
    cpus: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    'load average at start': os.loadavg().map((value) => value.toFixed(2)).join(' '),
    packages: packages.map((name) => `${name} ${packageVersion(name)}`).join(', '),
  };
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  client.on('error', () => undefined);
  await client.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

function table(rows: string[][]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export function formatReport(run: Omit<BenchRun, 'report'>, command: string): string {
  const goals = run.results.flatMap((result) => result.goals.map((goal) => `| ${result.name} | ${goal.goal} | ${goal.met ? 'met' : '**missed**'} | ${goal.detail} |`));
  return [
    '# Benchmark results',
    '',
    `Run ${run.startedAt}, ${run.seconds.toFixed(0)} s. Command: \`${command}\` (see bench/README.md for how to read it).`,
    'Absolute numbers drift with the machine and whatever else runs on it; compare the ratios, each against a baseline',
    'measured in the same run, alternating with its subject.',
    '',
    '## Machine',
    '',
    ...Object.entries(run.machine).map(([key, value]) => `- ${key}: ${value}`),
    '',
    '## Goals',
    '',
    '| scenario | goal | status | measured |',
    '|---|---|---|---|',
    ...goals,
    '',
    ...run.results.flatMap((result) => [`## ${result.name}`, '', result.description, '', table(result.table), '', ...(result.notes ?? []).flatMap((note) => [note, ''])]),
  ].join('\n');
}

export async function runBench(options: BenchOptions = {}): Promise<BenchRun> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redisUrl = options.redisUrl ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
  const keyPrefix = options.keyPrefix ?? `dg-bench-${randomUUID().slice(0, 8)}:`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dg-bench-'));
  const context: BenchContext = {
    smoke: options.smoke ?? false,
    env: { BENCH_REDIS_URL: redisUrl, BENCH_KEY_PREFIX: keyPrefix, BENCH_DATA_DIR: dataDir },
    log,
  };
  const selected = options.scenarios?.length ? SCENARIOS.filter((scenario) => options.scenarios!.includes(scenario.name)) : SCENARIOS;
  const startedAt = new Date().toISOString();
  const started = Date.now();
  const machineInfo = machine();
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      log(`== ${scenario.name}${context.smoke ? ' (smoke)' : ''}`);
      results.push(await scenario.run(context));
    }
  } finally {
    const deleted = await deleteKeys(redisUrl, keyPrefix).catch((error: unknown) => {
      log(`could not remove the Redis keys under ${keyPrefix}: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    });
    log(`removed ${deleted} Redis keys under ${keyPrefix}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  machineInfo['load average at end'] = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const partial = { startedAt, seconds: (Date.now() - started) / 1000, machine: machineInfo, results };
  const args = [...(options.scenarios ?? []).flatMap((name) => ['--scenario', name]), ...(options.smoke ? ['--smoke'] : [])];
  return { ...partial, report: formatReport(partial, `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`) };
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  try {
    const run = await runBench(options);
    process.stdout.write(`${run.report}\n`);
    if (!options.smoke) {
      const out = options.out ?? path.join(BENCH_ROOT, 'RESULTS.md');
      writeFileSync(out, `${run.report}\n`);
      process.stderr.write(`written to ${out}\n`);
    }
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
