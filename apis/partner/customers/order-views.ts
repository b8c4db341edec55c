/** What every version of the customer orders API shows the same way: the channel's order statuses and item ids. */
import type { Ident } from '../../canonical/model';
import type { ProcessOrderStatus } from '../../process/orders/v1/models';

/** The statuses a customer sees; the process tier's intermediate steps are all "PROCESSING". */
export type ChannelOrderStatus = 'RECEIVED' | 'PROCESSING' | 'CONFIRMED' | 'REJECTED' | 'FAILED';

export const CHANNEL_STATUS: Readonly<Record<ProcessOrderStatus, ChannelOrderStatus>> = {
  RECEIVED: 'RECEIVED',
  VALIDATED: 'PROCESSING',
  PRICED: 'PROCESSING',
  POSTED: 'CONFIRMED',
  REJECTED: 'REJECTED',
  FAILED: 'FAILED',
};

/** The value of the first of `schemes` the ids carry. */
export function idOf(ids: readonly Ident[], ...schemes: string[]): string | undefined {
  for (const scheme of schemes) {
    const found = ids.find((id) => id.scheme === scheme);
    if (found) return found.value;
  }
  return undefined;
}
