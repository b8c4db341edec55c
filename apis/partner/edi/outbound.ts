/**
 * The partner channel's consumer of the workflow's business events (`orders.events`, consumer group `partner-edi`):
 * for an order that came through EDI, the 855, 856 or 810 in the partner's terms, in an interchange of its own with
 * control numbers from the partner's counters, stored in the partner's outbox. Repeated events (at-least-once
 * delivery) are dropped by event id; an event of another channel is acknowledged and ignored.
 */
import { randomUUID } from 'node:crypto';
import type { EventBus, Subscription } from '../../../gateway/events/ports';
import type { Logger } from '../../../gateway/logger';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import { EVENTS_TOPIC, type OrderEvent } from '../../process/orders/workflow/order-events';
import type { ControlNumbers } from './control-numbers';
import { acknowledgement855, invoice810, shipNotice856 } from './outbound-documents';
import type { EdiProfiles } from './profiles';
import type { EdiOutboxStore, OutboxDocument } from './state/ports';
import { isoToX12Date, writeInterchange, type TransactionSetInput } from './x12';

export const EDI_CONSUMER_GROUP = 'partner-edi';

/** GS01 of each document. */
const FUNCTIONAL_IDS = { '855': 'PR', '856': 'SH', '810': 'IN' } as const;

export interface OutboundOptions {
  bus: EventBus;
  profiles: EdiProfiles;
  orders: OrdersProcessClient;
  outbox: EdiOutboxStore;
  controlNumbers: ControlNumbers;
  logger: Logger;
  clock?: () => Date;
}

export class EdiOutbound {
  private subscription: Subscription | undefined;
  private readonly clock: () => Date;

  constructor(private readonly options: OutboundOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    this.subscription ??= this.options.bus.subscribe<OrderEvent>(EVENTS_TOPIC, EDI_CONSUMER_GROUP, async (message) => {
      await this.handle(message.payload);
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  /** Makes the event's document, once; undefined when the event is not for an EDI partner or was seen before. */
  async handle(event: OrderEvent): Promise<OutboxDocument | undefined> {
    if (event.channel !== 'EDI') return undefined;
    const profile = this.options.profiles.forPartner(event.partnerId);
    if (!profile) {
      this.options.logger.warn('EDI event for a partner without an EDI profile', { partnerId: event.partnerId, eventId: event.id });
      return undefined;
    }
    const order = await this.options.orders.getOrder(event.orderId);
    if (!order) throw new Error(`order ${event.orderId} of event ${event.id} is not known to the process tier`);
    const now = this.clock();
    const groupControlNumber = await this.options.controlNumbers.group(profile.partnerId);
    let type: '855' | '856' | '810';
    let set: TransactionSetInput;
    switch (event.type) {
      case 'order.acknowledged':
        type = '855';
        set = acknowledgement855(profile, order, event.acknowledgement, 1);
        break;
      case 'order.shipped':
        type = '856';
        set = shipNotice856(profile, order, event.shipment, now, 1);
        break;
      case 'order.invoiced':
        type = '810';
        set = invoice810(profile, order, event.invoice, 1);
        break;
      default:
        return undefined;
    }
    const interchangeControlNumber = await this.options.controlNumbers.interchange(profile.partnerId);
    const { ours } = this.options.profiles;
    const test = order.source.test === true || profile.usage === 'test';
    const x12 = writeInterchange({
      senderQualifier: ours.qualifier,
      senderId: ours.id,
      receiverQualifier: profile.isa.qualifier,
      receiverId: profile.isa.id,
      date: isoToX12Date(now.toISOString().slice(0, 10), 'date', 6),
      time: now.toISOString().slice(11, 16).replace(':', ''),
      version: profile.interchangeVersion,
      controlNumber: interchangeControlNumber,
      usage: test ? 'T' : 'P',
      separators: profile.x12Separators,
      groups: [
        {
          functionalId: FUNCTIONAL_IDS[type],
          senderCode: ours.gsId,
          receiverCode: profile.gsId,
          date: isoToX12Date(now.toISOString().slice(0, 10)),
          time: now.toISOString().slice(11, 16).replace(':', ''),
          controlNumber: groupControlNumber,
          version: profile.version,
          sets: [set],
        },
      ],
    });
    const document: OutboxDocument = {
      id: `edi_${randomUUID().replaceAll('-', '')}`,
      partnerId: profile.partnerId,
      type,
      createdAt: now.toISOString(),
      interchangeControlNumber: String(interchangeControlNumber).padStart(9, '0'),
      groupControlNumber: String(groupControlNumber),
      transactionSetControlNumber: '0001',
      test,
      orderId: order.id,
      orderNumber: order.orderNumber,
      eventId: event.id,
      x12,
    };
    // A repeated event finds its document stored already: the numbers it took are spent, never reused.
    return (await this.options.outbox.add(document)) ? document : undefined;
  }
}
