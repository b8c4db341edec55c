/** What every version of the customer orders API shows the same way: the channel's order statuses and item ids. */
import type { Ident } from '../../canonical/model';
import type { LineStatus, OrderStatus } from '../../process/orders/v2/models';

/** The statuses a customer sees; the process tier's intermediate steps are all "PROCESSING". */
export type ChannelOrderStatus = 'RECEIVED' | 'PROCESSING' | 'CONFIRMED' | 'REJECTED' | 'FAILED';

/**
 * Everything from the ERP's sales order on is CONFIRMED (shipments and invoices have their own views). An order in
 * the exceptions queue is still PROCESSING for the customer: it is ours to fix and replay, not theirs to resend.
 */
export const CHANNEL_STATUS: Readonly<Record<OrderStatus, ChannelOrderStatus>> = {
  RECEIVED: 'RECEIVED',
  VALIDATED: 'PROCESSING',
  PRICED: 'PROCESSING',
  ALLOCATED: 'PROCESSING',
  EXCEPTION: 'PROCESSING',
  POSTED: 'CONFIRMED',
  ACKNOWLEDGED: 'CONFIRMED',
  RELEASED: 'CONFIRMED',
  PARTIALLY_SHIPPED: 'CONFIRMED',
  SHIPPED: 'CONFIRMED',
  INVOICED: 'CONFIRMED',
  REJECTED: 'REJECTED',
};

/** A backordered line is in the ERP's sales order: accepted, shipping later (the acknowledgement says when). */
export const CHANNEL_LINE_STATUS: Readonly<Record<LineStatus, 'ACCEPTED' | 'REJECTED'>> = {
  ACCEPTED: 'ACCEPTED',
  BACKORDERED: 'ACCEPTED',
  REJECTED: 'REJECTED',
};

/** The value of the first of `schemes` the ids carry. */
export function idOf(ids: readonly Ident[], ...schemes: string[]): string | undefined {
  for (const scheme of schemes) {
    const found = ids.find((id) => id.scheme === scheme);
    if (found) return found.value;
  }
  return undefined;
}
