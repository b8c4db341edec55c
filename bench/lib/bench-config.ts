/**
 * The gateway configuration every bench server uses: config/default.yaml, the bench overlay (bench/config/bench.yaml:
 * a `bench` plan no bench run reaches), every client on that plan, Redis database 15 under a key prefix unique to
 * the run, and a data directory of the run's own.
 */
import path from 'node:path';
import { loadConfig, type GatewayConfig } from '../../gateway/config';
import { BENCH_ROOT } from './child';

export const BENCH_CONFIG_FILE = path.join(BENCH_ROOT, 'config', 'bench.yaml');

/** What the bench parent hands each server child, through the environment. */
export interface BenchEnvironment {
  BENCH_REDIS_URL: string;
  BENCH_KEY_PREFIX: string;
  BENCH_DATA_DIR: string;
}

export function benchEnvironment(env: NodeJS.ProcessEnv = process.env): BenchEnvironment {
  const { BENCH_REDIS_URL, BENCH_KEY_PREFIX, BENCH_DATA_DIR } = env;
  if (!BENCH_REDIS_URL || !BENCH_KEY_PREFIX || !BENCH_DATA_DIR) throw new Error('BENCH_REDIS_URL, BENCH_KEY_PREFIX and BENCH_DATA_DIR must be set');
  return { BENCH_REDIS_URL, BENCH_KEY_PREFIX, BENCH_DATA_DIR };
}

export function benchConfig(bench: BenchEnvironment, overrides: Record<string, unknown> = {}): GatewayConfig {
  const base = loadConfig({ env: { CONFIG_FILE: BENCH_CONFIG_FILE } });
  return loadConfig({
    env: { CONFIG_FILE: BENCH_CONFIG_FILE },
    overrides: {
      auth: { clients: base.auth.clients.map((client) => ({ ...client, plan: 'bench' })) },
      state: { redisUrl: bench.BENCH_REDIS_URL, keyPrefix: bench.BENCH_KEY_PREFIX },
      server: { port: 0, dataDir: bench.BENCH_DATA_DIR },
      ...overrides,
    },
  });
}
