/** Control numbers of what we send a partner: ISA13 and GS06 from its own counters in the state store, never reused. */
import type { ControlNumberStore } from './state/ports';

export class ControlNumbers {
  constructor(private readonly store: ControlNumberStore) {}

  /** The next ISA13 for the partner. */
  interchange(partnerId: string): Promise<number> {
    return this.store.next(partnerId, 'interchange');
  }

  /** The next GS06 for the partner. */
  group(partnerId: string): Promise<number> {
    return this.store.next(partnerId, 'group');
  }
}
