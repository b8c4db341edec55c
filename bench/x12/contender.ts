/**
 * Reads one X12 file with one contender, in a fresh process (started with --expose-gc), and prints one JSON line:
 * time, purchase orders and lines mapped, and memory growth over the process's settled baseline (peak RSS from
 * the kernel's high-water mark, peak heap sampled while reading). Usage: contender.ts ours|node-x12|x12-parser FILE.
 *
 * - ours: apis/partner/edi/x12, streaming (readX12 over a file stream): envelope validation (ISA/IEA, GS/GE, ST/SE,
 *   counts, control numbers, duplicates), the 850 table's content checks, and map850 for every accepted set.
 * - node-x12: `new X12Parser(true).parse(text)` (strict: envelope counts and control numbers throw), then the same
 *   fields (BEG03 and every PO1) read from its object model. It builds the whole interchange in memory.
 * - x12-parser: its stream of segment objects; it validates no envelope, so the harness only collects BEG03 and PO1
 *   per set: the least work of the three, a floor rather than a like-for-like.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { map850, readX12 } from '../../apis/partner/edi/x12';

export interface ContenderResult {
  contender: string;
  bytes: number;
  seconds: number;
  mbPerSecond: number;
  orders: number;
  lines: number;
  /** Envelope findings (ours: TA1/997 errors; node-x12: a thrown ParserError). */
  envelopeErrors: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
}

const MB = 1024 * 1024;

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

async function ours(file: string, sample: () => void): Promise<{ orders: number; lines: number; envelopeErrors: number }> {
  let orders = 0;
  let lines = 0;
  let envelopeErrors = 0;
  let events = 0;
  for await (const event of readX12(createReadStream(file, { highWaterMark: 64 * 1024 }))) {
    if ((++events & 255) === 0) sample();
    if (event.type === 'transaction-set') {
      if (event.set.result.status !== 'A') envelopeErrors += 1;
      const mapped = map850(event.set);
      if (mapped.ok) {
        orders += 1;
        lines += mapped.order.lines.length;
      }
    } else if (event.type === 'group-end') {
      envelopeErrors += event.result.errors.length;
    } else if (event.type === 'interchange-end') {
      envelopeErrors += event.result.errors.length;
    }
  }
  return { orders, lines, envelopeErrors };
}

async function nodeX12(file: string, sample: () => void): Promise<{ orders: number; lines: number; envelopeErrors: number }> {
  const { X12Parser } = await import('node-x12');
  const text = readFileSync(file, 'utf8');
  sample();
  let parsed;
  try {
    parsed = new X12Parser(true).parse(text);
  } catch {
    return { orders: 0, lines: 0, envelopeErrors: 1 };
  }
  sample();
  const interchanges = 'interchanges' in parsed ? parsed.interchanges : [parsed];
  let orders = 0;
  let lines = 0;
  for (const interchange of interchanges) {
    for (const group of interchange.functionalGroups) {
      for (const transaction of group.transactions) {
        let po = '';
        for (const segment of transaction.segments) {
          if (segment.tag === 'BEG') po = segment.elements[2]?.value ?? '';
          else if (segment.tag === 'PO1' && segment.elements[1]?.value) lines += 1;
        }
        if (po) orders += 1;
      }
    }
  }
  sample();
  return { orders, lines, envelopeErrors: 0 };
}

async function x12Parser(file: string, sample: () => void): Promise<{ orders: number; lines: number; envelopeErrors: number }> {
  const { X12parser } = await import('x12-parser');
  let orders = 0;
  let lines = 0;
  let segments = 0;
  const parser = new X12parser();
  parser.on('data', (segment: Record<string, string> & { name: string }) => {
    if ((++segments & 1023) === 0) sample();
    if (segment.name === 'BEG' && segment['3']) orders += 1;
    else if (segment.name === 'PO1' && segment['2']) lines += 1;
  });
  const done = once(parser, 'end');
  createReadStream(file, { highWaterMark: 64 * 1024 }).pipe(parser);
  await done;
  return { orders, lines, envelopeErrors: 0 };
}

const CONTENDERS = { ours, 'node-x12': nodeX12, 'x12-parser': x12Parser } as const;

async function main(): Promise<void> {
  const [name, file] = process.argv.slice(2);
  const run = CONTENDERS[name as keyof typeof CONTENDERS];
  if (!run || !file) throw new Error('usage: contender.ts ours|node-x12|x12-parser FILE');
  // Load the contender's code before the baseline, so growth is the reading's, not the import's.
  if (name === 'node-x12') await import('node-x12');
  if (name === 'x12-parser') await import('x12-parser');
  settle();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  const sample = () => {
    const heap = process.memoryUsage().heapUsed;
    if (heap > peakHeap) peakHeap = heap;
  };
  const bytes = statSync(file).size;
  const started = process.hrtime.bigint();
  const counted = await run(file, sample);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sample();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const result: ContenderResult = {
    contender: name as string,
    bytes,
    seconds,
    mbPerSecond: bytes / MB / seconds,
    ...counted,
    rssGrowthMb: Math.max(0, peakRss - base.rss) / MB,
    heapGrowthMb: Math.max(0, peakHeap - base.heapUsed) / MB,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`contender failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
