/** Leases in process memory: the single-instance default. Same contract as the Redis store (test/state/lease-store.test.ts). */
import { randomUUID } from 'node:crypto';
import type { LeaseStore } from '../ports';

export class MemoryLeaseStore implements LeaseStore {
  private readonly held = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    const current = this.held.get(key);
    if (current && current.expiresAt > this.clock()) return undefined;
    const token = randomUUID();
    this.held.set(key, { token, expiresAt: this.clock() + ttlMs });
    return token;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.held.get(key)?.token === token) this.held.delete(key);
  }
}
