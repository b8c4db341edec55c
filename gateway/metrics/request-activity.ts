/**
 * Per-minute request activity for the operations page (`GET /process/operations/v1/activity`): API requests, server
 * and client errors, and a latency histogram per minute, so percentiles can be computed over any set of minutes and
 * any number of instances (percentiles of percentiles would be wrong; bucket counts add up).
 *
 * Recording is in memory and synchronous: never a Redis call per request. Each instance keeps the last
 * ACTIVITY_MINUTES minutes in a bounded ring. With Redis, each instance also adds what it recorded since its last
 * flush to one hash per minute every `flushIntervalMs`, in ONE pipelined MULTI (HINCRBY per non-zero field, EXPIRE
 * ~4 h), and reads sum every instance's minutes from there.
 *
 * A flush that fails after it was sent is dropped, not retried: whether Redis applied it is unknown, and counting a
 * few seconds twice would be as wrong as losing them. A flush that could not be sent (Redis not connected) is kept
 * for the next one, within the ring's window.
 */
import type Redis from 'ioredis';
import { stateCall } from '../state/redis/lua-script';
import type { Logger } from '../logger';

/** Minutes kept per instance and readable at once. */
export const ACTIVITY_MINUTES = 180;
/** How long Redis keeps a minute: the window plus an hour of margin for clocks and late flushes. */
const REDIS_TTL_SECONDS = 4 * 3600;
const MINUTE_MS = 60_000;

/**
 * Upper bounds of the latency buckets, in milliseconds; a last bucket holds everything slower. Roughly 1-1.5-2-3-5
 * steps: an estimate interpolated inside a bucket is off by less than half a step.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 30_000];

/** One minute of API requests. */
export interface MinuteActivity {
  /** Minutes since the epoch (UTC): `Math.floor(ms / 60000)`. */
  minute: number;
  requests: number;
  serverErrors: number;
  clientErrors: number;
  /** Requests per latency bucket: LATENCY_BOUNDS_MS.length + 1 counts. */
  latency: number[];
}

export interface RequestActivity {
  /** Counts one finished API request. Synchronous and cheap: called on every response. */
  record(atMs: number, status: number, latencyMs: number): void;
  /** `count` consecutive minutes from `fromMinute`, oldest first, empty ones included (every instance's with Redis). */
  minutes(fromMinute: number, count: number): Promise<MinuteActivity[]>;
  /** Stops the flush timer after a last flush. */
  close(): Promise<void>;
}

export interface RequestActivityOptions {
  /** The request-path client (bounded commands, no offline queue); absent: this instance's memory only. */
  redis?: Redis;
  /** `state.keyPrefix`. */
  keyPrefix?: string;
  /** `metrics.activityFlushIntervalMs`. */
  flushIntervalMs?: number;
  logger: Logger;
}

export function emptyMinute(minute: number): MinuteActivity {
  return { minute, requests: 0, serverErrors: 0, clientErrors: 0, latency: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0) };
}

export function latencyBucket(latencyMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

function count(minute: MinuteActivity, status: number, latencyBucketIndex: number): void {
  minute.requests += 1;
  if (status >= 500) minute.serverErrors += 1;
  else if (status >= 400) minute.clientErrors += 1;
  minute.latency[latencyBucketIndex] = (minute.latency[latencyBucketIndex] ?? 0) + 1;
}

/**
 * The `p`th percentile (0-100) of the requests counted in `latency`, interpolated linearly inside its bucket (as
 * Prometheus' histogram_quantile does); null when nothing was counted. In the open last bucket it is that bucket's
 * lower bound: "at least this slow".
 */
export function latencyPercentile(latency: readonly number[], p: number): number | null {
  const total = latency.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let below = 0;
  for (let index = 0; index < latency.length; index += 1) {
    const count = latency[index] ?? 0;
    if (count > 0 && below + count >= rank) {
      const lower = index === 0 ? 0 : (LATENCY_BOUNDS_MS[index - 1] as number);
      if (index === LATENCY_BOUNDS_MS.length) return lower;
      const upper = LATENCY_BOUNDS_MS[index] as number;
      return Math.round((lower + ((upper - lower) * (rank - below)) / count) * 100) / 100;
    }
    below += count;
  }
  return LATENCY_BOUNDS_MS.at(-1) as number;
}

/** Hash fields of one minute in Redis: `r`, `s`, `c` and `l<bucket>`, each only when non-zero. */
function fieldsOf(minute: MinuteActivity): Array<[string, number]> {
  const fields: Array<[string, number]> = [
    ['r', minute.requests],
    ['s', minute.serverErrors],
    ['c', minute.clientErrors],
    ...minute.latency.map((count, index): [string, number] => [`l${index}`, count]),
  ];
  return fields.filter(([, value]) => value !== 0);
}

function fromHash(minute: number, hash: Record<string, string>): MinuteActivity {
  const activity = emptyMinute(minute);
  activity.requests = Number(hash.r ?? 0);
  activity.serverErrors = Number(hash.s ?? 0);
  activity.clientErrors = Number(hash.c ?? 0);
  for (let index = 0; index < activity.latency.length; index += 1) activity.latency[index] = Number(hash[`l${index}`] ?? 0);
  return activity;
}

export function createRequestActivity(options: RequestActivityOptions): RequestActivity {
  const ring = new Map<number, MinuteActivity>();
  /** Recorded since the last flush (Redis only). */
  let unflushed = new Map<number, MinuteActivity>();
  const { redis, logger } = options;
  const keyPrefix = options.keyPrefix ?? 'dg:';
  // One hash tag for every minute: the MULTI touches several minutes, which Redis Cluster needs in one slot.
  const keyOf = (minute: number) => `${keyPrefix}activity:{requests}:${minute}`;
  let newestMinute = 0;
  let flushing: Promise<void> = Promise.resolve();
  let failing = false;

  const bucketOf = (map: Map<number, MinuteActivity>, minute: number): MinuteActivity => {
    let bucket = map.get(minute);
    if (!bucket) {
      bucket = emptyMinute(minute);
      map.set(minute, bucket);
    }
    return bucket;
  };

  const prune = (map: Map<number, MinuteActivity>, oldest: number): void => {
    for (const minute of map.keys()) if (minute < oldest) map.delete(minute);
  };

  const flushOnce = async (): Promise<void> => {
    if (!redis || unflushed.size === 0) return;
    if (redis.status !== 'ready') return; // not sent: kept for the next flush (pruned to the window on record)
    const batch = unflushed;
    unflushed = new Map();
    const multi = redis.multi();
    for (const minute of batch.values()) {
      const key = keyOf(minute.minute);
      for (const [field, value] of fieldsOf(minute)) multi.hincrby(key, field, value);
      multi.expire(key, REDIS_TTL_SECONDS);
    }
    try {
      await multi.exec();
      if (failing) logger.info('request activity: flushing to Redis again');
      failing = false;
    } catch (error) {
      if (!failing) {
        logger.warn('request activity: a flush to Redis failed; its counts are dropped (the metrics are not affected)', {
          minutes: batch.size,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      failing = true;
    }
  };
  /** Flushes one at a time, in order. */
  const flush = (): Promise<void> => {
    flushing = flushing.then(flushOnce, flushOnce);
    return flushing;
  };
  const timer = redis ? setInterval(() => void flush(), options.flushIntervalMs ?? 5000) : undefined;
  timer?.unref();

  return {
    record(atMs, status, latencyMs) {
      const minute = Math.floor(atMs / MINUTE_MS);
      if (minute > newestMinute) {
        newestMinute = minute;
        prune(ring, minute - ACTIVITY_MINUTES + 1);
        prune(unflushed, minute - ACTIVITY_MINUTES + 1);
      }
      const latency = latencyBucket(latencyMs);
      count(bucketOf(ring, minute), status, latency);
      if (redis) count(bucketOf(unflushed, minute), status, latency);
    },

    async minutes(fromMinute, count) {
      const wanted = Array.from({ length: Math.max(0, Math.min(count, ACTIVITY_MINUTES)) }, (_, index) => fromMinute + index);
      if (!redis) return wanted.map((minute) => structuredClone(ring.get(minute) ?? emptyMinute(minute)));
      // This instance's latest counts first, so a reader sees its own requests at once.
      await flush();
      const pipeline = redis.pipeline();
      for (const minute of wanted) pipeline.hgetall(keyOf(minute));
      const answers = await stateCall(async () => {
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (failed || results.length !== wanted.length) throw failed?.[0] ?? new Error('incomplete pipeline answer');
        return results;
      });
      return wanted.map((minute, index) => fromHash(minute, (answers[index]?.[1] ?? {}) as Record<string, string>));
    },

    async close() {
      if (timer) clearInterval(timer);
      await flush();
    },
  };
}
