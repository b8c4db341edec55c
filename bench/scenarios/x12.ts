/**
 * X12: one deterministic 850 interchange (20 MB; 200 kB in smoke mode) read, envelope-validated and mapped by our
 * reader and by node-x12 and x12-parser (npm devDependencies, run, never copied), each in a fresh child process per
 * round so memory growth is its own. MB/s, our throughput over each contender's, and memory growth while reading.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { BENCH_ROOT, scriptArgs } from '../lib/child';
import { ratio, type BenchContext, type Scenario, type ScenarioResult } from '../lib/context';
import { median } from '../lib/load';
import { generate850 } from '../x12/generate';
import type { ContenderResult } from '../x12/contender';

const run = promisify(execFile);
const CONTENDERS = ['ours', 'node-x12', 'x12-parser'] as const;
const SPEEDUP_GOAL = 15;
const MEMORY_GOAL_MB = 50;

async function runContender(name: string, file: string): Promise<ContenderResult> {
  const { stdout } = await run(process.execPath, ['--expose-gc', ...scriptArgs('x12/contender.ts'), name, file], {
    cwd: path.resolve(BENCH_ROOT, '..'),
    maxBuffer: 1024 * 1024,
    timeout: 600_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ContenderResult;
}

export const x12: Scenario = {
  name: 'x12',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const sizes = context.smoke ? { bytes: 200_000, rounds: 1 } : { bytes: 20 * 1024 * 1024, rounds: 3 };
    const generated = await generate850(path.join(context.env.BENCH_DATA_DIR, 'bench.850.edi'), sizes.bytes);
    context.log(`x12: ${(generated.bytes / 1024 / 1024).toFixed(1)} MB, ${generated.sets} sets, ${generated.lines} lines`);
    const results: Record<string, ContenderResult[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
    for (let round = 0; round < sizes.rounds; round += 1) {
      for (const name of round % 2 ? [...CONTENDERS].reverse() : CONTENDERS) {
        context.log(`x12: round ${round + 1}, ${name}`);
        const result = await runContender(name, generated.file);
        if (result.orders !== generated.sets || result.lines !== generated.lines || result.envelopeErrors !== 0) {
          throw new Error(`x12: ${name} read ${result.orders} orders and ${result.lines} lines with ${result.envelopeErrors} envelope errors; the file has ${generated.sets} and ${generated.lines}, all valid`);
        }
        results[name]!.push(result);
      }
    }
    const summary = Object.fromEntries(
      CONTENDERS.map((name) => {
        const rounds = results[name]!;
        return [name, { mbPerSecond: median(rounds.map((r) => r.mbPerSecond)), seconds: median(rounds.map((r) => r.seconds)), rssGrowthMb: median(rounds.map((r) => r.rssGrowthMb)), heapGrowthMb: median(rounds.map((r) => r.heapGrowthMb)), rounds }];
      }),
    ) as Record<(typeof CONTENDERS)[number], { mbPerSecond: number; seconds: number; rssGrowthMb: number; heapGrowthMb: number; rounds: ContenderResult[] }>;
    const ours = summary.ours;
    const table = [['reader', 'what it does', 'MB/s', 'seconds', 'ours ÷ it', 'RSS growth', 'heap growth']];
    const what: Record<string, string> = {
      ours: 'streaming; full envelope + 850 content validation; map850',
      'node-x12': 'strict parse of the whole text (envelope counts, control numbers); BEG/PO1 read from its model',
      'x12-parser': 'streamed segments, no envelope validation; BEG/PO1 picked by the harness',
    };
    for (const name of CONTENDERS) {
      const it = summary[name];
      table.push([name, what[name] as string, it.mbPerSecond.toFixed(2), it.seconds.toFixed(2), ratio(ours.mbPerSecond / it.mbPerSecond), `${it.rssGrowthMb.toFixed(1)} MB`, `${it.heapGrowthMb.toFixed(1)} MB`]);
    }
    const speedup = ours.mbPerSecond / summary['node-x12'].mbPerSecond;
    return {
      name: 'x12',
      description: `One deterministic 850 interchange of ${(generated.bytes / 1024 / 1024).toFixed(1)} MB (${generated.sets} ST/SE sets, ${generated.lines} PO1 lines, one ISA/GS), read from a file by each reader in a fresh process (${sizes.rounds} round${sizes.rounds > 1 ? 's' : ''}, median). Every reader must find every set and line. Memory growth: peak RSS (kernel high-water mark) and sampled peak heap over the settled process before reading.`,
      table,
      goals: [
        { goal: `≥ ${SPEEDUP_GOAL}x node-x12's throughput with full envelope validation`, met: speedup >= SPEEDUP_GOAL, detail: `${speedup.toFixed(2)}x` },
        { goal: `memory growth < ${MEMORY_GOAL_MB} MB while reading`, met: ours.rssGrowthMb < MEMORY_GOAL_MB, detail: `RSS +${ours.rssGrowthMb.toFixed(1)} MB, heap +${ours.heapGrowthMb.toFixed(1)} MB` },
      ],
      data: { generated, summary, speedupOverNodeX12: speedup },
    };
  },
};
