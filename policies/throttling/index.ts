/**
 * Throttling: counts every request against the limits of the caller's plan, keyed by the verified client id, and
 * refuses it with 429 ERR_RATE_LIMITED (Retry-After, and the `policy` member naming the limit) once one is used up.
 *
 * Rules (fixed windows), counted in this order in one call to the counters (counters.ts):
 * 1. `<plan>.operation`: the plan's limit for the request's operation, when the plan lists it (counted per client
 *    and operation);
 * 2. `<plan>.window`: the plan's limit per window, all the client's calls together;
 * 3. `<plan>.daily`: the plan's daily quota, when it has one, per UTC calendar day (it resets at 00:00 UTC for
 *    everyone; Retry-After and RateLimit `t` count down to that midnight).
 * A rule counts a request before deciding, and the rules after a refusing one are not counted: narrowest first, so
 * a request refused by its operation limit does not use up the client's window or daily quota.
 *
 * Headers (headers.ts, draft-8 as express-rate-limit writes them): every rule counted is one item of
 * `RateLimit-Policy` (`"bronze.window"; q=120; w=60; pk=:…:`) and of `RateLimit` (`"bronze.window"; r=119; t=60`),
 * so a client sees every limit in force on its request, each named. On a 429 the last item is the refusing limit
 * (`r=0`); the rules after it are absent. While the store fails open, no headers are sent.
 *
 * A client whose plan is not configured (the configuration schema refuses that for configured clients; an external
 * identity provider's token may still name one) gets the strictest plan, logged once per plan name: the caller is
 * authenticated, so 403 would blame the client for our configuration, and the strictest plan keeps traffic bounded.
 *
 * When the counters fail, `failMode` decides (see schema.ts); the outage is logged once. The `health` check fails
 * while Redis is unreachable.
 */
import type { Request, RequestHandler, Response } from 'express';
import { callerOf } from '../../gateway/auth/caller';
import type { PlanConfig } from '../../gateway/config/traffic-schema';
import { GatewayError } from '../../gateway/errors';
import { keyPart } from '../../gateway/state/redis/key-part';
import type { HealthReporter } from '../../gateway/state/ports';
import type { CountedRule, RuleCount, RuleCounters } from './counters';
import { partitionKey, rateLimitFields, type LimitState } from './headers';
import { MemoryRuleCounters } from './memory-counters';
import { CounterStoreError, OutageLog } from './outages';
import { RedisRuleCounters } from './redis-counters';
import { DEFAULTS, parseThrottlingOptions, type ThrottlingConfiguration, type ThrottlingOptions } from './schema';
import { nextUtcMidnight, utcDay } from './utc-day';

export { DEFAULTS, parseThrottlingOptions, type CounterStoreOptions, type ThrottlingConfiguration, type ThrottlingOptions } from './schema';
export { CounterStoreError } from './outages';
export { nextUtcMidnight, utcDay } from './utc-day';

export interface Throttling {
  handler: RequestHandler;
  health: HealthReporter;
  /** Stops the memory counters' sweep. A Redis client stays open (it is the caller's). */
  close(): void;
}

export type RuleKind = 'operation' | 'window' | 'daily';

interface Rule extends CountedRule {
  /** `<plan>.<kind>`: the name in RateLimit-Policy / RateLimit and the problem's `policy` member. */
  readonly name: string;
  readonly kind: RuleKind;
  readonly plan: string;
  readonly operation?: string;
  readonly windowSeconds: number;
}

interface PlanRules {
  readonly operations: ReadonlyMap<string, readonly Rule[]>;
  /** The rules of a request whose operation has no limit of its own. */
  readonly general: readonly Rule[];
}

const SECONDS_PER_DAY = 86_400;
/** How many distinct unknown plan names are logged (they come from configuration; the bound is only a guard). */
const UNKNOWN_PLANS_LOGGED = 100;

/** A policy name as a structured-field string may carry it: printable ASCII without `"` and `\`. */
export function policyName(plan: string, kind: RuleKind): string {
  return `${plan}.${kind}`.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

function rule(plan: string, kind: RuleKind, limit: number, windowSeconds: number, operation?: string): Rule {
  return {
    name: policyName(plan, kind),
    kind,
    plan,
    ...(operation ? { operation } : {}),
    key: operation ? `${keyPart(plan)}:op:${keyPart(operation)}` : `${keyPart(plan)}:${kind}`,
    limit,
    windowSeconds,
    windowMs: windowSeconds * 1000,
  };
}

function planRules(plan: string, settings: Readonly<PlanConfig>): PlanRules {
  const general = [rule(plan, 'window', settings.limit, settings.windowSeconds), ...(settings.dailyQuota ? [rule(plan, 'daily', settings.dailyQuota, SECONDS_PER_DAY)] : [])];
  const operations = new Map(Object.entries(settings.operations).map(([operation, limit]) => [operation, [rule(plan, 'operation', limit.limit, limit.windowSeconds, operation), ...general]] as const));
  return { operations, general };
}

function rateLimited(refusing: Rule, resetSeconds: number): GatewayError {
  const retryAfter = Math.max(1, resetSeconds); // a Retry-After of 0 invites an immediate retry that fails again
  const detail =
    refusing.kind === 'daily'
      ? `The daily quota of ${refusing.limit} requests of plan ${refusing.plan} is used up; it resets at 00:00 UTC, in ${retryAfter} s`
      : `Rate limit of ${refusing.limit} requests per ${refusing.windowSeconds} s${refusing.operation ? ` for ${refusing.operation}` : ''} (plan ${refusing.plan}) exceeded; retry after ${retryAfter} s`;
  return new GatewayError('ERR_RATE_LIMITED', detail, {
    headers: { 'Retry-After': String(retryAfter) },
    extensions: { policy: refusing.name, limit: refusing.limit, windowSeconds: refusing.windowSeconds, ...(refusing.operation ? { operation: refusing.operation } : {}) },
  });
}

function stateUnavailable(error: CounterStoreError): GatewayError {
  return new GatewayError('ERR_STATE_UNAVAILABLE', 'The rate-limit counters cannot be reached, so the request was not processed; retry later', { cause: error });
}

export async function createThrottling(options: ThrottlingOptions): Promise<Throttling> {
  const config: ThrottlingConfiguration = parseThrottlingOptions(options);
  const { logger, store, clock } = config;
  const outages = new OutageLog(logger, config.failMode);
  const counters: RuleCounters = store.kind === 'memory' ? new MemoryRuleCounters() : new RedisRuleCounters(store.client, store.prefix);
  if (store.kind === 'redis') {
    const { maxRetriesPerRequest, commandTimeout } = store.client.options;
    if (maxRetriesPerRequest === null || (maxRetriesPerRequest ?? 20) > 1 || !commandTimeout) {
      logger.warn('throttling: the Redis client can hold a request for long while Redis is down; use a request-role client (maxRetriesPerRequest 1, commandTimeout)', {
        maxRetriesPerRequest,
        commandTimeout,
      });
    }
  }

  const rulesByPlan = new Map([...config.plans].map(([plan, settings]) => [plan, planRules(plan, settings)] as const));
  const unknownPlansLogged = new Set<string>();
  function rulesFor(plan: string, operation: string | undefined): readonly Rule[] {
    let rules = rulesByPlan.get(plan);
    if (!rules) {
      if (!unknownPlansLogged.has(plan) && unknownPlansLogged.size < UNKNOWN_PLANS_LOGGED) {
        unknownPlansLogged.add(plan);
        logger.error('throttling: a client names a plan that is not configured; the strictest plan applies', { plan, appliedPlan: config.strictestPlan });
      }
      rules = rulesByPlan.get(config.strictestPlan) as PlanRules;
    }
    return (operation === undefined ? undefined : rules.operations.get(operation)) ?? rules.general;
  }

  /** Seconds until each counted rule's window resets: the counter's TTL, or the next UTC midnight for a daily quota. */
  function limitStates(rules: readonly Rule[], counts: readonly RuleCount[], now: number): LimitState[] {
    return counts.map((count, index) => {
      const counted = rules[index] as Rule;
      const resetMs = counted.kind === 'daily' ? nextUtcMidnight(now) - now : count.resetInMs;
      return { name: counted.name, limit: counted.limit, windowSeconds: counted.windowSeconds, remaining: Math.max(0, counted.limit - count.hits), resetSeconds: Math.max(0, Math.ceil(resetMs / 1000)) };
    });
  }

  /** Counts the request; resolves with the error to pass on (429, or 503 when failing closed), or undefined to go on. */
  async function decide(request: Request, response: Response): Promise<GatewayError | undefined> {
    const caller = callerOf(request);
    const rules = rulesFor(caller.plan, config.operationOf(request));
    const now = clock();
    const day = utcDay(now);
    let counts: RuleCount[];
    try {
      counts = await counters.count(caller.clientId, rules, rules.map((counted) => (counted.kind === 'daily' ? day : undefined)));
    } catch (error) {
      const failure = new CounterStoreError(error);
      outages.failed(failure);
      return config.failMode === 'open' ? undefined : stateUnavailable(failure);
    }
    outages.succeeded();
    const states = limitStates(rules, counts, now);
    const fields = rateLimitFields(states, partitionKey(caller.clientId));
    response.setHeader('RateLimit-Policy', fields.policy);
    response.setHeader('RateLimit', fields.rateLimit);
    const last = counts.length - 1;
    const refused = (counts[last] as RuleCount).hits > (rules[last] as Rule).limit;
    return refused ? rateLimited(rules[last] as Rule, (states[last] as LimitState).resetSeconds) : undefined;
  }

  // Anything unexpected (no verified caller: 401; a bug) reaches the problem handler instead of going unhandled.
  const handler: RequestHandler = (request, response, next) => {
    decide(request, response).then(next, next);
  };

  const health: HealthReporter = {
    name: DEFAULTS.healthName,
    async check() {
      try {
        await counters.check();
      } catch (error) {
        throw new GatewayError('ERR_STATE_UNAVAILABLE', 'Redis (rate-limit counters) does not answer', { cause: error });
      }
    },
  };

  return { handler, health, close: () => counters.close() };
}
