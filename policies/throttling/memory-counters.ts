/**
 * Rule counters in this process: fixed windows in a Map, each starting at its first request, as Redis's expiring
 * keys do. Expired windows are dropped by a sweep once a minute (and replaced on the next request before that).
 */
import type { CountedRule, RuleCount, RuleCounters } from './counters';

interface Window {
  hits: number;
  endsAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

export class MemoryRuleCounters implements RuleCounters {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async count(client: string, rules: readonly CountedRule[], suffixes: ReadonlyArray<string | undefined>): Promise<RuleCount[]> {
    const now = this.now();
    const counts: RuleCount[] = [];
    for (let index = 0; index < rules.length; index += 1) {
      const rule = rules[index] as CountedRule;
      const suffix = suffixes[index];
      const key = `${rule.key}\n${client}${suffix === undefined ? '' : `\n${suffix}`}`;
      let window = this.windows.get(key);
      if (!window || window.endsAt <= now) {
        window = { hits: 0, endsAt: now + rule.windowMs };
        this.windows.set(key, window);
      }
      window.hits += 1;
      counts.push({ hits: window.hits, resetInMs: window.endsAt - now });
      if (window.hits > rule.limit) break;
    }
    return counts;
  }

  async check(): Promise<void> {}

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
