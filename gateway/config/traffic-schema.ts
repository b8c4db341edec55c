/**
 * Configuration of shared state (Redis) and the traffic policies: throttling plans, idempotency. Every key's unit
 * and default is documented here; the defaults are the embedded ones.
 */
import { z } from 'zod';

const failMode = z.enum(['open', 'closed']);

/** A limit of `limit` requests per `windowSeconds`, counted per client (per client and operation for operation limits). */
const windowLimit = z
  .object({
    /** Requests allowed in one window. */
    limit: z.number().int().min(1).max(10_000_000),
    /** Window length in seconds (fixed windows, counted in the state store). Default 60. */
    windowSeconds: z.number().int().min(1).max(86_400).default(60),
  })
  .strict();

export const planSchema = z
  .object({
    /** Requests per window for all of the client's calls together. */
    limit: z.number().int().min(1).max(10_000_000),
    /** Window length in seconds. Default 60. */
    windowSeconds: z.number().int().min(1).max(86_400).default(60),
    /** Requests per UTC day, all calls together; absent means no daily quota. */
    dailyQuota: z.number().int().min(1).optional(),
    /**
     * Tighter limits for single operations, keyed `METHOD /tier/api/vN/path` with path parameters as `{name}`
     * (e.g. `POST /partner/customers/v1/orders`): order submission costs more than a read.
     */
    operations: z.record(z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S+$/, 'METHOD /tier/api/vN/path'), windowLimit).default({}),
  })
  .strict();

export const stateSchema = z
  .object({
    /**
     * Redis URL (`redis://[:password@]host:port[/db]`). Set: rate-limit counters, idempotency records and usage
     * counts live in Redis, shared by every instance. Absent: in-process stores for a single instance. Env: REDIS_URL.
     */
    redisUrl: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
    /** Prefix of every key the gateway writes, so several gateways (or tests) can share one Redis. Env: REDIS_KEY_PREFIX. */
    keyPrefix: z.string().min(1).max(64).default('dg:'),
    /** Longest a Redis command on the request path may take before it counts as failed, in milliseconds. Default 300. */
    commandTimeoutMs: z.number().int().min(10).max(10_000).default(300),
  })
  .strict();

export const throttlingSchema = z
  .object({
    enabled: z.boolean().default(true),
    /**
     * What happens while the counter store (Redis) cannot answer: `open` lets requests through unthrottled (and
     * /health/ready says so), `closed` answers 503. Default `open`: an outage of the counters should not become an
     * outage of the API; the quota is a fairness guard, not a security boundary.
     */
    failMode: failMode.default('open'),
    /** Plans by name; a client's `plan` must name one. */
    plans: z.record(z.string().min(1), planSchema).default({}),
  })
  .strict();

export const idempotencySchema = z
  .object({
    enabled: z.boolean().default(true),
    /** How long a key and its stored answer are kept, in seconds. Default 86400 (24 h). */
    ttlSeconds: z.number().int().min(60).max(30 * 86_400).default(86_400),
    /**
     * What happens while the record store (Redis) cannot answer: `closed` (default) answers 503, because letting a
     * retried creation through unguarded is what the key exists to prevent; `open` processes the request without it.
     */
    failMode: failMode.default('closed'),
  })
  .strict();

export type PlanConfig = z.infer<typeof planSchema>;
export type StateConfig = z.infer<typeof stateSchema>;
export type ThrottlingConfig = z.infer<typeof throttlingSchema>;
export type IdempotencyConfig = z.infer<typeof idempotencySchema>;
export type FailMode = z.infer<typeof failMode>;
