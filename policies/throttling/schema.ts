/**
 * Options of the throttling policy, checked once at creation: a mistake stops the start with a `ConfigError` naming
 * the option, and the result is frozen.
 */
import type { Request } from 'express';
import type Redis from 'ioredis';
import { z } from 'zod';
import { ConfigError } from '../../gateway/config';
import { planSchema, type FailMode, type PlanConfig } from '../../gateway/config/traffic-schema';
import type { Logger } from '../../gateway/logger';

/** Where the counters live. */
export type CounterStoreOptions =
  /** In this process only (the single-instance embedded default). */
  | { kind: 'memory' }
  /**
   * Redis, shared by every instance, one scripted call per request. `client` is a request-role client (one retry, a
   * command timeout, no offline queue: gateway/state/redis.ts). Keys: `${prefix}rl:{<client>}:<rule>[:<UTC day>]`.
   */
  | { kind: 'redis'; client: Redis; prefix: string };

export interface ThrottlingOptions {
  /**
   * Plans by name (`throttling.plans`): a window limit per client, an optional daily quota (UTC day) and tighter
   * limits for single operations. At least one. A client whose plan is not listed gets the strictest plan.
   */
  plans: Readonly<Record<string, PlanConfig>>;
  /**
   * While the counter store cannot answer (Redis down or slower than its command timeout): `open` lets requests
   * through unthrottled (without RateLimit headers), `closed` answers 503 ERR_STATE_UNAVAILABLE.
   * Either way the outage is logged once, and its end once. (`throttling.failMode`, default `open` there.)
   */
  failMode: FailMode;
  store: CounterStoreOptions;
  logger: Logger;
  /**
   * Names the request's operation as plans' `operations` keys do: `METHOD /tier/api/vN/path`, path parameters as
   * `{name}` (`POST /partner/customers/v1/orders`); undefined when it has none (no operation limit applies then).
   */
  operationOf: (request: Request) => string | undefined;
  /** Current time in milliseconds: decides the UTC day of the daily quota. Default `Date.now`. */
  clock?: () => number;
}

export interface ThrottlingConfiguration {
  readonly plans: ReadonlyMap<string, Readonly<PlanConfig>>;
  /**
   * The plan allowing the fewest requests per day (window limit sustained, capped by the daily quota; then the lower
   * rate): what a client whose plan is not configured gets.
   */
  readonly strictestPlan: string;
  readonly failMode: FailMode;
  readonly store: Readonly<CounterStoreOptions>;
  readonly logger: Logger;
  readonly operationOf: (request: Request) => string | undefined;
  readonly clock: () => number;
}

export const DEFAULTS = {
  clock: Date.now,
  /** Name of the readiness check. */
  healthName: 'throttling',
} as const;

function isRedisClient(value: unknown): value is Redis {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.call === 'function' && typeof candidate.ping === 'function' && typeof candidate.on === 'function' && typeof candidate.status === 'string';
}

const optionsSchema = z
  .object({
    plans: z.record(z.string().min(1), planSchema).refine((plans) => Object.keys(plans).length > 0, 'at least one plan is needed'),
    failMode: z.enum(['open', 'closed']),
    store: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('memory') }).strict(),
      z
        .object({
          kind: z.literal('redis'),
          client: z.custom<Redis>(isRedisClient, 'an ioredis client'),
          prefix: z.string().min(1).max(64),
        })
        .strict(),
    ]),
    logger: z.custom<Logger>((value) => typeof value === 'object' && value !== null && ['error', 'warn', 'info', 'debug'].every((level) => typeof (value as Record<string, unknown>)[level] === 'function'), 'a logger'),
    operationOf: z.custom<(request: Request) => string | undefined>((value) => typeof value === 'function', 'a function naming the request operation'),
    clock: z.custom<() => number>((value) => typeof value === 'function', 'a function returning milliseconds').optional(),
  })
  .strict();

/** Requests a plan allows in a day (its window limit sustained, capped by its daily quota), then its rate: lower is stricter. */
function strictness(plan: PlanConfig): [number, number] {
  const rate = plan.limit / plan.windowSeconds;
  return [Math.min(rate * 86_400, plan.dailyQuota ?? Number.POSITIVE_INFINITY), rate];
}

export function parseThrottlingOptions(options: ThrottlingOptions): ThrottlingConfiguration {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new ConfigError(`invalid throttling options:\n  ${lines.join('\n  ')}`);
  }
  const plans = new Map(
    Object.entries(result.data.plans).map(([name, plan]) => [name, Object.freeze({ ...plan, operations: Object.freeze({ ...plan.operations }) })] as const),
  );
  let strictestPlan = '';
  for (const [name, plan] of plans) {
    const current = plans.get(strictestPlan);
    if (!current) {
      strictestPlan = name;
      continue;
    }
    const [perDay, rate] = strictness(plan);
    const [bestPerDay, bestRate] = strictness(current);
    if (perDay < bestPerDay || (perDay === bestPerDay && rate < bestRate)) strictestPlan = name;
  }
  // The client, logger and functions are kept as given (a parsed copy of an object schema would drop members).
  const store: CounterStoreOptions = options.store.kind === 'redis' ? Object.freeze({ kind: 'redis', client: options.store.client, prefix: options.store.prefix }) : Object.freeze({ kind: 'memory' });
  return Object.freeze({
    plans,
    strictestPlan,
    failMode: result.data.failMode,
    store,
    logger: options.logger,
    operationOf: options.operationOf,
    clock: options.clock ?? DEFAULTS.clock,
  });
}
