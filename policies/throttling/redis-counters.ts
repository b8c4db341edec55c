/**
 * Rule counters in Redis, shared by every instance: one script counts all of a request's rules in one round trip
 * (EVALSHA; the full script only when Redis does not have it, after a restart or SCRIPT FLUSH, so there is no
 * loaded-script state to lose or repair). Keys: `${prefix}rl:{<client>}:<rule>[:<day>]`; the client part is escaped
 * (keyPart) and in braces, so a request's keys share one Redis Cluster slot as a multi-key script needs. Windows
 * are the keys' TTLs: instances' clocks do not matter.
 */
import type Redis from 'ioredis';
import { keyPart } from '../../gateway/state/redis/key-part';
import { LuaScript } from '../../gateway/state/redis/lua-script';
import type { CountedRule, RuleCount, RuleCounters } from './counters';

/**
 * KEYS[i]: rule i's counter for this client; ARGV[2i-1]: its limit, ARGV[2i]: its window in ms. Counts rule after
 * rule and stops after the first one over its limit. Answers {hits, ms left} per rule counted. A key found without
 * an expiry (never expected; a crash between INCR and PEXPIRE cannot happen inside a script) gets one.
 */
const COUNT = new LuaScript(
  `local result = {}
for i = 1, #KEYS do
  local hits = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    ttl = tonumber(ARGV[2 * i])
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
  result[#result + 1] = hits
  result[#result + 1] = ttl
  if hits > tonumber(ARGV[2 * i - 1]) then break end
end
return result`,
);

export class RedisRuleCounters implements RuleCounters {
  constructor(
    private readonly client: Redis,
    /** Everything this store writes is under `${prefix}rl:`. */
    private readonly prefix: string,
  ) {}

  async count(client: string, rules: readonly CountedRule[], suffixes: ReadonlyArray<string | undefined>): Promise<RuleCount[]> {
    const base = `${this.prefix}rl:{${keyPart(client)}}:`;
    const keys: string[] = [];
    const args: number[] = [];
    for (let index = 0; index < rules.length; index += 1) {
      const rule = rules[index] as CountedRule;
      const suffix = suffixes[index];
      keys.push(suffix === undefined ? `${base}${rule.key}` : `${base}${rule.key}:${suffix}`);
      args.push(rule.limit, rule.windowMs);
    }
    const reply = (await COUNT.run(this.client, keys, args)) as number[];
    const counts: RuleCount[] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) counts.push({ hits: reply[index] as number, resetInMs: reply[index + 1] as number });
    return counts;
  }

  async check(): Promise<void> {
    if (this.client.status !== 'ready') throw new Error(`Redis is not connected: ${this.client.status}`);
    await this.client.ping();
  }

  close(): void {}
}
