/**
 * Call counts per client per API version in process memory: the single-instance default. Same contract as the Redis
 * store (one shared suite, test/state/usage-store.test.ts). Its size is versions × clients, both bounded by
 * configuration and the catalog, so nothing is evicted; counts start again with the process.
 */
import type { UsageEntry, UsageStore } from '../ports';

/**
 * The report's order, the same for every store: most calls first, then by API version and client id, so equal
 * counts come out the same way every time.
 */
export function sortUsage(entries: UsageEntry[]): UsageEntry[] {
  return entries.sort((a, b) => b.calls - a.calls || compare(a.apiVersion, b.apiVersion) || compare(a.clientId, b.clientId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Tally {
  calls: number;
  /** Milliseconds since the epoch of the latest call. */
  lastSeen: number;
}

export class MemoryUsageStore implements UsageStore {
  private readonly versions = new Map<string, Map<string, Tally>>();

  async record(apiVersion: string, clientId: string, at: Date): Promise<void> {
    let clients = this.versions.get(apiVersion);
    if (!clients) {
      clients = new Map();
      this.versions.set(apiVersion, clients);
    }
    const tally = clients.get(clientId);
    const time = at.getTime();
    if (tally) {
      tally.calls += 1;
      tally.lastSeen = Math.max(tally.lastSeen, time);
    } else {
      clients.set(clientId, { calls: 1, lastSeen: time });
    }
  }

  async report(apiVersions?: readonly string[]): Promise<UsageEntry[]> {
    const entries: UsageEntry[] = [];
    for (const apiVersion of new Set(apiVersions ?? this.versions.keys())) {
      for (const [clientId, tally] of this.versions.get(apiVersion) ?? []) {
        entries.push({ apiVersion, clientId, calls: tally.calls, lastSeen: new Date(tally.lastSeen).toISOString() });
      }
    }
    return sortUsage(entries);
  }
}
