/**
 * Servers under test run in child processes of their own (never on the load generator's event loop): started
 * compiled or with tsx (scriptArgs), they print one `BENCH_READY {json}` line when they listen, and exit cleanly on SIGTERM (so a `--cpu-prof`
 * profile gets written).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../openapi/catalog';

/** The bench's sources (bench/ in the project, also when this module runs compiled from dist/bench). */
export const BENCH_ROOT = path.join(PROJECT_ROOT, 'bench');

/**
 * How a bench script is run. Numbers come from compiled code (tsc's output in dist/, what `npm start` runs):
 * `npm run bench` builds it and sets BENCH_COMPILED=1. Otherwise (the smoke test in `npm test`) scripts run through
 * tsx, whose esbuild keeps function names by wrapping every named closure in a `__name` call: a measurable share of
 * a hot path that production code does not pay (seen on the X12 reader: compiled it read 5 MB a third faster).
 */
export function scriptArgs(script: string): string[] {
  if (process.env.BENCH_COMPILED === '1') return [path.join(PROJECT_ROOT, 'dist', 'bench', script.replace(/\.ts$/, '.js'))];
  return ['--import', 'tsx', path.join(BENCH_ROOT, script)];
}
export const READY_MARK = 'BENCH_READY ';

export interface ChildServer<T> {
  info: T;
  pid: number;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long the child may take to print its ready line. Default 60 s. */
  readyTimeoutMs?: number;
}

/** Starts `bench/<script>` (a .ts file) with tsx and waits for its ready line. */
export async function startChild<T>(script: string, args: string[], options: SpawnOptions = {}): Promise<ChildServer<T>> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), ...scriptArgs(script), ...args], {
    cwd: path.resolve(BENCH_ROOT, '..'),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    if (stderr.length > 200) stderr.shift();
  });
  const exited = once(child, 'exit');
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${options.readyTimeoutMs ?? 60_000} ms\n${stderr.join('')}`)), options.readyTimeoutMs ?? 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith(READY_MARK)) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY_MARK.length)) as T);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${String(code)} before it was ready\n${stderr.join('')}`));
    });
  });
  return {
    info,
    pid: child.pid as number,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** For a child script: announce readiness to the parent and exit cleanly on SIGTERM/SIGINT after `close`. */
export function announceReady(info: unknown, close: () => Promise<void>): void {
  process.stdout.write(`${READY_MARK}${JSON.stringify(info)}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
