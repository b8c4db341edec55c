/**
 * The workflow's business events, for the partner tier to turn into each channel's documents (855, 856, 810, JSON,
 * webhooks): an order acknowledged (or rejected), a shipment confirmed, an invoice created. They go on the bus
 * topic `orders.events` in the canonical model.
 *
 * Delivery is at least once: a step that publishes and then fails to save runs again and publishes again. Every
 * event has a deterministic id (the order and the document it is about), so consumers drop what they have seen.
 */
import type { Invoice, Shipment } from '../../../canonical/model';
import type { EventBus } from '../../../../gateway/events/ports';
import type { OrderRecord } from '../order-store';
import type { OrderAcknowledgement } from '../v2/models';

export const EVENTS_TOPIC = 'orders.events';

interface EventBase {
  /** Deterministic: the same business fact always has the same id. */
  id: string;
  orderId: string;
  partnerId: string;
  channel: string;
  orderNumber: string;
  correlationId: string;
  /** When the workflow published it. */
  at: string;
}

export type OrderEvent =
  | (EventBase & { type: 'order.acknowledged'; acknowledgement: OrderAcknowledgement })
  | (EventBase & { type: 'order.shipped'; shipment: Shipment })
  | (EventBase & { type: 'order.invoiced'; invoice: Invoice });

/** What every event says about its order. */
function base(record: OrderRecord, id: string, at: Date): EventBase {
  return { id, orderId: record.id, partnerId: record.source.partnerId, channel: record.source.channel, orderNumber: record.orderNumber, correlationId: record.correlationId, at: at.toISOString() };
}

export class OrderEvents {
  constructor(private readonly bus: EventBus) {}

  acknowledged(record: OrderRecord, acknowledgement: OrderAcknowledgement, at: Date): Promise<string> {
    return this.publish({ ...base(record, `${record.id}:ack`, at), type: 'order.acknowledged', acknowledgement });
  }

  shipped(record: OrderRecord, shipment: Shipment, at: Date): Promise<string> {
    return this.publish({ ...base(record, `${record.id}:shipment:${shipment.shipmentNumber}`, at), type: 'order.shipped', shipment });
  }

  invoiced(record: OrderRecord, invoice: Invoice, at: Date): Promise<string> {
    return this.publish({ ...base(record, `${record.id}:invoice:${invoice.invoiceNumber}`, at), type: 'order.invoiced', invoice });
  }

  private publish(event: OrderEvent): Promise<string> {
    return this.bus.publish(EVENTS_TOPIC, event);
  }
}
