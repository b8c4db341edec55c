/**
 * A gateway started the way an operator starts it: `gateway/main.ts` in its own Node process, configured by
 * environment variables only, its output collected. For tests of what only separate processes show (shared state
 * between instances, cluster workers, signals).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../openapi/catalog';

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Spawns `gateway/main.ts` on `port` and resolves once it prints the portal's URL (rejects if it exits first). */
export async function startGatewayProcess(port: number, env: Record<string, string>, timeoutMs = 30_000): Promise<GatewayProcess> {
  const started = spawnGateway(env, port);
  const deadline = Date.now() + timeoutMs;
  while (!/Developer portal:/.test(started.output())) {
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`gateway on ${port} did not start:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, ...started };
}

/** Spawns `gateway/main.ts` without waiting for it (for starts that are meant to fail). */
export function spawnGateway(env: Record<string, string>, port = 0): Omit<GatewayProcess, 'url'> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'gateway', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Sends `signal` and resolves with the exit code once the process has exited. */
export async function stopGatewayProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}
