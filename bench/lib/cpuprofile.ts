/**
 * Summarises a V8 `.cpuprofile` (node --cpu-prof): self time per function (name, file:line), the top N, as a
 * share of the sampled time. Idle, GC and program nodes are kept visible: they say where the time was not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  function: string;
  location: string;
  selfMs: number;
  /** Share of all sampled time, idle included. */
  percent: number;
}

export function summariseCpuProfile(file: string, top = 15, root = process.cwd()): { totalMs: number; idleMs: number; functions: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next sample (V8's own attribution).
  for (let index = 0; index < samples.length; index += 1) {
    const id = samples[index] as number;
    const delta = deltas[index + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  const totals = new Map<string, SelfTime>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || '(anonymous)';
    if (name === '(idle)') idleUs += us;
    const url = frame.url.replace(/^file:\/\//, '');
    const location = url ? `${path.relative(root, url) || url}:${frame.lineNumber + 1}` : '';
    const key = `${name} ${location}`;
    const entry = totals.get(key) ?? { function: name, location, selfMs: 0, percent: 0 };
    entry.selfMs += us / 1000;
    totals.set(key, entry);
  }
  const functions = [...totals.values()]
    .map((entry) => ({ ...entry, percent: totalUs ? (entry.selfMs * 1000 * 100) / totalUs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, functions };
}

export function formatSelfTimes(summary: ReturnType<typeof summariseCpuProfile>): string {
  const rows = summary.functions.map(
    (entry, index) => `| ${index + 1} | \`${entry.function}\` | ${entry.location ? `\`${entry.location}\`` : ''} | ${entry.selfMs.toFixed(0)} | ${entry.percent.toFixed(1)} % |`,
  );
  return [
    `Sampled ${(summary.totalMs / 1000).toFixed(1)} s, of which idle ${(summary.idleMs / 1000).toFixed(1)} s.`,
    '',
    '| # | function | where | self ms | share |',
    '|---:|---|---|---:|---:|',
    ...rows,
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: cpuprofile.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatSelfTimes(summariseCpuProfile(file, Number(process.argv[3] ?? 15)))}\n`);
}
