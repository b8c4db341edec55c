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
  children?: number[];
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

export interface OwnerTime {
  owner: string;
  selfMs: number;
  /** Share of the busy (not idle) sampled time. */
  percent: number;
}

/** Node's HTTP and socket internals. */
const HTTP_INTERNALS = /^node:(_http_|net$|internal\/stream_base_commons|internal\/http)/;

/** Packages whose frames are the request pipeline itself: time in them is theirs, not the caller's. */
const FRAMEWORK = new Set(['express', 'router', 'finalhandler', 'on-finished', 'body-parser', 'raw-body', 'send', 'serve-static', 'parseurl']);

/** `policies/throttling/index.js` → `policy throttling`; node_modules paths → the package; else undefined. */
function ownerOfUrl(url: string, root: string): { owner: string; transparent: boolean } | undefined {
  if (!url) return undefined;
  // Writing a response and reading a request belong to HTTP, not to whichever policy wrapped `end` on the way.
  if (HTTP_INTERNALS.test(url)) return { owner: 'node HTTP and sockets (parsing, headers, socket writes)', transparent: false };
  if (url.startsWith('node:')) return { owner: 'node internals', transparent: true };
  const relative = path.relative(root, url.replace(/^file:\/\//, '')).split(path.sep).join('/').replace(/^dist\//, '');
  const modules = relative.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = relative.slice(modules + 'node_modules/'.length).split('/');
    const name = first?.startsWith('@') ? `${first}/${second}` : (first ?? 'unknown');
    return { owner: name, transparent: !FRAMEWORK.has(name) };
  }
  const [top, second] = relative.split('/');
  if (top === 'policies') return { owner: `policy ${second}`, transparent: false };
  if (top === 'gateway' && second !== undefined && !second.includes('.')) return { owner: `gateway/${second}`, transparent: false };
  return { owner: relative.replace(/\.(js|ts)$/, ''), transparent: false };
}

/**
 * Self time grouped by who asked for it: each sample goes to the nearest frame on its stack that belongs to our code
 * (a policy folder, a gateway module) or to the request pipeline (express, router); library and node-internal
 * frames are transparent, so jose's time under the authentication policy is the policy's. A sample with no such
 * frame (a socket callback parsing a Redis reply, a timer) stays with its leaf's package. GC, idle and program
 * nodes are their own owners. Async continuations start from the microtask queue, so what a policy does after an
 * `await` is only its own when its own frames are on that stack (they usually are: the continuation is its code).
 */
export function summariseByOwner(file: string, root = process.cwd()): { busyMs: number; owners: OwnerTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ownerOfNode = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = ownerOfNode.get(id);
    if (known) return known;
    const leaf = byId.get(id)?.callFrame;
    let owner: string | undefined;
    if (leaf && /^\(.*\)$/.test(leaf.functionName) && !leaf.url) owner = leaf.functionName;
    for (let at: number | undefined = id; owner === undefined && at !== undefined; at = parentOf.get(at)) {
      const found = ownerOfUrl(byId.get(at)?.callFrame.url ?? '', root);
      if (found && !found.transparent) owner = found.owner;
    }
    owner ??= ownerOfUrl(leaf?.url ?? '', root)?.owner ?? '(native)';
    ownerOfNode.set(id, owner);
    return owner;
  };
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index += 1) {
    const owner = ownerOf(samples[index] as number);
    totals.set(owner, (totals.get(owner) ?? 0) + (deltas[index + 1] ?? 0));
  }
  totals.delete('(idle)');
  const busyUs = [...totals.values()].reduce((sum, us) => sum + us, 0);
  const owners = [...totals.entries()]
    .map(([owner, us]) => ({ owner, selfMs: us / 1000, percent: busyUs ? (us * 100) / busyUs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { busyMs: busyUs / 1000, owners };
}

/** A markdown table of owners' µs per request (owners under 1 µs per request left out). */
export function formatOwners(summary: ReturnType<typeof summariseByOwner>, requests: number): string {
  return [
    '| owner | µs per request | share of busy time |',
    '|---|---:|---:|',
    ...summary.owners.filter((entry) => (entry.selfMs * 1000) / requests >= 1).map((entry) => `| ${entry.owner} | ${((entry.selfMs * 1000) / requests).toFixed(1)} | ${entry.percent.toFixed(1)} % |`),
  ].join('\n');
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
