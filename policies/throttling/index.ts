/**
 * Throttling: counts every request against the limits of the caller's plan, keyed by the verified client id, and
 * refuses it with 429 ERR_RATE_LIMITED (Retry-After, and the `policy` member naming the limit) once one is used up.
 *
 * Rules, each an express-rate-limit instance (fixed windows) with its own store, checked in this order:
 * 1. `<plan>.operation`: the plan's limit for the request's operation, when the plan lists it (counted per client
 *    and operation);
 * 2. `<plan>.window`: the plan's limit per window, all the client's calls together;
 * 3. `<plan>.daily`: the plan's daily quota, when it has one, per UTC calendar day (it resets at 00:00 UTC for
 *    everyone; Retry-After and RateLimit `t` count down to that midnight).
 * A rule counts a request before deciding, and the rules after a refusing one are not consulted: narrowest first, so
 * a request refused by its operation limit does not use up the client's window or daily quota.
 *
 * Headers (`standardHeaders: 'draft-8'`): every rule consulted appends one item to `RateLimit-Policy`
 * (`"bronze.window"; q=120; w=60; pk=:…:`) and to `RateLimit` (`"bronze.window"; r=119; t=60`); express-rate-limit
 * 8.7 appends (several field lines, which HTTP reads as one comma-separated list), so a client sees every limit
 * in force on its request, each named. On a 429 the last item is the refusing limit (`r=0`); the rules after it are
 * absent. While the store fails open, the failing rules send no headers.
 *
 * A client whose plan is not configured (the configuration schema refuses that for configured clients; an external
 * identity provider's token may still name one) gets the strictest plan, logged once per plan name: the caller is
 * authenticated, so 403 would blame the client for our configuration, and the strictest plan keeps traffic bounded.
 *
 * When the store fails, `failMode` decides (see schema.ts); the outage is logged once. The `health` check fails
 * while Redis is unreachable or its scripts cannot be loaded.
 */
import type { Request, RequestHandler, Response } from 'express';
import { MemoryStore, rateLimit, type Logger as RateLimitLogger, type RateLimitInfo, type RateLimitRequestHandler, type Store } from 'express-rate-limit';
import { callerOf } from '../../gateway/auth/caller';
import { GatewayError } from '../../gateway/errors';
import type { HealthReporter } from '../../gateway/state/ports';
import { DEFAULTS, parseThrottlingOptions, type ThrottlingConfiguration, type ThrottlingOptions } from './schema';
import { CounterStoreError, ObservedStore, OutageLog, RecoveringRedisStore, UtcDayStore } from './stores';

export { DEFAULTS, parseThrottlingOptions, type CounterStoreOptions, type ThrottlingConfiguration, type ThrottlingOptions } from './schema';
export { CounterStoreError, nextUtcMidnight, utcDay } from './stores';

export interface Throttling {
  handler: RequestHandler;
  health: HealthReporter;
  /** Stops following the Redis client's reconnections and the memory stores' timers. The client stays open (it is the caller's). */
  close(): void;
}

export type RuleKind = 'operation' | 'window' | 'daily';

interface Rule {
  /** `<plan>.<kind>`: the name in RateLimit-Policy / RateLimit and the problem's `policy` member. */
  readonly name: string;
  readonly kind: RuleKind;
  readonly plan: string;
  readonly operation?: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly middleware: RateLimitRequestHandler;
}

interface PlanRules {
  readonly operations: ReadonlyMap<string, Rule>;
  readonly window: Rule;
  readonly daily?: Rule;
}

const SECONDS_PER_DAY = 86_400;
/** How many distinct unknown plan names are logged (they come from configuration; the bound is only a guard). */
const UNKNOWN_PLANS_LOGGED = 100;

/** A policy name as a structured-field string may carry it: printable ASCII without `"` and `\`. */
export function policyName(plan: string, kind: RuleKind): string {
  return `${plan}.${kind}`.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

function rateLimitInfo(request: Request): RateLimitInfo {
  return (request as unknown as { rateLimit: RateLimitInfo }).rateLimit;
}

/** Whole seconds until `resetTime`, at least 1 (a Retry-After of 0 invites an immediate retry that fails again). */
function secondsUntil(resetTime: Date | undefined, fallbackSeconds: number): number {
  if (!resetTime) return fallbackSeconds;
  return Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
}

function rateLimited(rule: Rule, info: RateLimitInfo): GatewayError {
  const retryAfter = secondsUntil(info.resetTime, rule.windowSeconds);
  const detail =
    rule.kind === 'daily'
      ? `The daily quota of ${rule.limit} requests of plan ${rule.plan} is used up; it resets at 00:00 UTC, in ${retryAfter} s`
      : `Rate limit of ${rule.limit} requests per ${rule.windowSeconds} s${rule.operation ? ` for ${rule.operation}` : ''} (plan ${rule.plan}) exceeded; retry after ${retryAfter} s`;
  return new GatewayError('ERR_RATE_LIMITED', detail, {
    headers: { 'Retry-After': String(retryAfter) },
    extensions: { policy: rule.name, limit: rule.limit, windowSeconds: rule.windowSeconds, ...(rule.operation ? { operation: rule.operation } : {}) },
  });
}

function stateUnavailable(error: CounterStoreError): GatewayError {
  return new GatewayError('ERR_STATE_UNAVAILABLE', 'The rate-limit counters cannot be reached, so the request was not processed; retry later', { cause: error });
}

/** Runs one express-rate-limit middleware; resolves with what it passed to `next` (undefined: go on). */
function run(middleware: RequestHandler, request: Request, response: Response): Promise<unknown> {
  return new Promise((resolve) => {
    void middleware(request, response, (error?: unknown) => resolve(error));
  });
}

export async function createThrottling(options: ThrottlingOptions): Promise<Throttling> {
  const config: ThrottlingConfiguration = parseThrottlingOptions(options);
  const { logger, store: storeOptions } = config;
  const outages = new OutageLog(logger, config.failMode);
  const backends: Store[] = [];
  const redisStores: RecoveringRedisStore[] = [];

  // express-rate-limit logs store failures per request (passOnStoreError) and its validation findings: the former
  // are the outage log's (once per outage), the latter go to the application log.
  const rateLimitLogger: RateLimitLogger = {
    warn: (error, message) => {
      if (!(error instanceof CounterStoreError)) logger.warn(`throttling: ${message ?? 'express-rate-limit warning'}`, { error: error instanceof Error ? error.message : String(error) });
    },
    error: (error, message) => {
      if (!(error instanceof CounterStoreError)) logger.error(`throttling: ${message ?? 'express-rate-limit error'}`, { error: error instanceof Error ? error.message : String(error) });
    },
  };

  function backend(ruleKey: string): Store {
    if (storeOptions.kind === 'memory') return new MemoryStore();
    const store = new RecoveringRedisStore(storeOptions.client, `${storeOptions.prefix}${DEFAULTS.keySegment}${ruleKey}:`);
    redisStores.push(store);
    return store;
  }

  function createRule(plan: string, kind: RuleKind, limit: number, windowSeconds: number, operation?: string): Rule {
    const ruleKey = operation ? `${plan}:op:${operation}` : `${plan}:${kind}`;
    const base = backend(ruleKey);
    backends.push(base);
    const name = policyName(plan, kind);
    const counted = kind === 'daily' ? new UtcDayStore(base, config.clock) : base;
    const rule: Rule = {
      name,
      kind,
      plan,
      ...(operation ? { operation } : {}),
      limit,
      windowSeconds,
      middleware: rateLimit({
        windowMs: windowSeconds * 1000,
        limit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        identifier: name,
        keyGenerator: (request) => callerOf(request).clientId,
        store: new ObservedStore(name, counted, outages),
        passOnStoreError: config.failMode === 'open',
        retryAfter: (request) => secondsUntil(rateLimitInfo(request).resetTime, windowSeconds),
        handler: (request, _response, next) => next(rateLimited(rule, rateLimitInfo(request))),
        logger: rateLimitLogger,
      }),
    };
    return rule;
  }

  const rulesByPlan = new Map<string, PlanRules>();
  for (const [plan, settings] of config.plans) {
    const operations = new Map(
      Object.entries(settings.operations).map(([operation, limit]) => [operation, createRule(plan, 'operation', limit.limit, limit.windowSeconds, operation)] as const),
    );
    rulesByPlan.set(plan, {
      operations,
      window: createRule(plan, 'window', settings.limit, settings.windowSeconds),
      ...(settings.dailyQuota ? { daily: createRule(plan, 'daily', settings.dailyQuota, SECONDS_PER_DAY) } : {}),
    });
  }

  const unknownPlansLogged = new Set<string>();
  function rulesFor(plan: string, operation: string | undefined): Rule[] {
    let planRules = rulesByPlan.get(plan);
    if (!planRules) {
      if (!unknownPlansLogged.has(plan) && unknownPlansLogged.size < UNKNOWN_PLANS_LOGGED) {
        unknownPlansLogged.add(plan);
        logger.error('throttling: a client names a plan that is not configured; the strictest plan applies', { plan, appliedPlan: config.strictestPlan });
      }
      planRules = rulesByPlan.get(config.strictestPlan) as PlanRules;
    }
    const operationRule = operation === undefined ? undefined : planRules.operations.get(operation);
    return [...(operationRule ? [operationRule] : []), planRules.window, ...(planRules.daily ? [planRules.daily] : [])];
  }

  let onReady: (() => void) | undefined;
  if (storeOptions.kind === 'redis') {
    const { client } = storeOptions;
    const { maxRetriesPerRequest, commandTimeout } = client.options;
    if (maxRetriesPerRequest === null || (maxRetriesPerRequest ?? 20) > 1 || !commandTimeout) {
      logger.warn('throttling: the Redis client can hold a request for long while Redis is down; use a request-role client (maxRetriesPerRequest 1, commandTimeout)', {
        maxRetriesPerRequest,
        commandTimeout,
      });
    }
    // express-rate-limit started every store's script load (init); a failed one is repaired when Redis answers.
    const loads = await Promise.allSettled(redisStores.map((store) => store.loaded));
    const failed = loads.find((load): load is PromiseRejectedResult => load.status === 'rejected');
    if (failed) {
      logger.warn('throttling: Redis did not take the rate-limit scripts at start-up; they are loaded once it answers', {
        failMode: config.failMode,
        status: client.status,
        error: failed.reason instanceof Error ? failed.reason.message : String(failed.reason),
      });
    }
    // After a reconnection Redis may be a new, empty server: load the scripts before the first request needs them.
    onReady = () => {
      for (const store of redisStores) store.replace().catch(() => undefined);
    };
    client.on('ready', onReady);
  }

  const handler: RequestHandler = async (request, response, next) => {
    let rules: Rule[];
    try {
      rules = rulesFor(callerOf(request).plan, config.operationOf(request));
    } catch (error) {
      next(error);
      return;
    }
    for (const rule of rules) {
      const outcome = await run(rule.middleware, request, response);
      if (outcome === undefined) continue;
      // Store failures reach here only when failing closed (open: passOnStoreError goes on).
      next(outcome instanceof CounterStoreError ? stateUnavailable(outcome) : outcome);
      return;
    }
    next();
  };

  const health: HealthReporter = {
    name: DEFAULTS.healthName,
    async check() {
      if (storeOptions.kind === 'memory') return;
      const { client } = storeOptions;
      if (client.status !== 'ready') throw new GatewayError('ERR_STATE_UNAVAILABLE', `Redis (rate-limit counters) is not connected: ${client.status}`);
      try {
        await client.ping();
      } catch (error) {
        throw new GatewayError('ERR_STATE_UNAVAILABLE', 'Redis (rate-limit counters) does not answer', { cause: error });
      }
      const repairs = await Promise.allSettled(redisStores.map((store) => store.repairIfBroken()));
      const failed = repairs.find((repair): repair is PromiseRejectedResult => repair.status === 'rejected');
      if (failed) throw new GatewayError('ERR_STATE_UNAVAILABLE', 'Redis (rate-limit counters) does not take the rate-limit scripts', { cause: failed.reason });
    },
  };

  return {
    handler,
    health,
    close() {
      if (onReady && storeOptions.kind === 'redis') storeOptions.client.off('ready', onReady);
      for (const store of backends) void store.shutdown?.();
    },
  };
}
