/**
 * A Lua script run by its SHA1 (EVALSHA), sent in full (EVAL) only when Redis does not know it: after a restart or
 * a failover the script cache is empty, and a store must keep working without being re-created (rate-limit-redis
 * loads its script once and stays broken; this does not). Every failure becomes ERR_STATE_UNAVAILABLE.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { GatewayError } from '../../errors';

export class LuaScript {
  readonly sha1: string;

  constructor(
    readonly source: string,
    /** How many keys every call passes; undefined for a script taking any number (all declared as KEYS). */
    readonly numberOfKeys?: number,
  ) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    if (this.numberOfKeys !== undefined && keys.length !== this.numberOfKeys) throw new TypeError(`LuaScript: expected ${this.numberOfKeys} keys, got ${keys.length}`);
    return stateCall(async () => {
      try {
        return await client.evalsha(this.sha1, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await client.eval(this.source, keys.length, ...keys, ...args);
      }
    });
  }
}

/** Runs a Redis call; any failure (down, timed out, refused) is ERR_STATE_UNAVAILABLE with the original as cause. */
export async function stateCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    // The reason (addresses, Redis replies) stays in the cause, which the problem handler logs and never sends.
    throw new GatewayError('ERR_STATE_UNAVAILABLE', 'The shared state store did not answer', { cause: error });
  }
}
