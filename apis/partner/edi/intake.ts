/**
 * Interchanges received from a partner: read with the codec, duplicates caught across instances (TA1 025), the
 * sender checked against the partner's profile (TA1 006), each accepted 850 handed to the process tier (a PO already
 * received is acknowledged again, never ordered twice), each 997/999 matched to our outbound documents, and the
 * answer (TA1 and 997/999) written with the partner's separators and version, recorded in its outbox.
 * X12 problems are answered in X12; only the process tier or the state store failing makes this throw.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../gateway/logger';
import { GatewayError } from '../../../gateway/errors';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import type { EdiOutboxStore, OutboxDocument, SeenInterchangeStore } from './state/ports';
import type { ControlNumbers } from './control-numbers';
import { toSubmission } from './order-mapping';
import type { EdiProfile, EdiProfiles } from './profiles';
import {
  acknowledgmentPlan,
  functionalAckSet,
  IMPLEMENTATION_ACK_VERSION,
  isoToX12Date,
  map850,
  parseX12,
  readFunctionalAck,
  writeInterchange,
  type FunctionalAckInput,
  type InterchangeHeader,
  type ParsedInterchange,
  type ReaderOptions,
  type Ta1Input,
} from './x12';

export interface IntakeOptions {
  profiles: EdiProfiles;
  orders: OrdersProcessClient;
  outbox: EdiOutboxStore;
  seen: SeenInterchangeStore;
  controlNumbers: ControlNumbers;
  duplicateWindowMs: number;
  logger: Logger;
  clock?: () => Date;
}

/** What happened to one 850 of the interchange. */
export interface IntakeOrder {
  orderNumber: string;
  /** ACCEPTED: handed to the process tier; DUPLICATE: the partner already sent this PO; REJECTED: not usable (see reason). */
  outcome: 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';
  orderId?: string;
  reason?: string;
}

export interface IntakeResult {
  /** Our answer (TA1 and/or 997/999), or undefined when nothing is owed (an interchange of acknowledgments only). */
  reply?: OutboxDocument;
  orders: IntakeOrder[];
  /** Our documents a received 997/999 acknowledged. */
  acknowledged: string[];
}

const interchangeKey = (header: InterchangeHeader) =>
  `${header.senderQualifier}:${header.senderId.trim()}|${header.receiverQualifier}:${header.receiverId.trim()}|${header.controlNumber}`;

export function ackStatus(code: string): 'ACCEPTED' | 'PARTIALLY_ACCEPTED' | 'REJECTED' {
  if (code === 'A' || code === 'E') return 'ACCEPTED';
  return code === 'P' ? 'PARTIALLY_ACCEPTED' : 'REJECTED';
}

/**
 * One 997/999 per transaction set, for partners that reconcile acknowledgements set by set: each answers its set
 * alone (AK9 counts 1), and a group-level error (a bad GE) still rejects every one of them.
 */
function perSet(ack: FunctionalAckInput): FunctionalAckInput[] {
  if (ack.sets.length <= 1) return [ack];
  return ack.sets.map((set) => {
    const accepted = set.status === 'R' || ack.errorCodes.length > 0 ? 0 : 1;
    return { ...ack, sets: [set], included: 1, received: 1, accepted, status: accepted === 1 ? 'A' : 'R' };
  });
}

/** Marks one set of a group's 997/999 rejected (AK501 R, AK502 5) and recounts the group. */
function rejectSet(ack: FunctionalAckInput, controlNumber: string): FunctionalAckInput {
  let changed = false;
  const sets = ack.sets.map((set) => {
    if (set.controlNumber !== controlNumber || set.status === 'R') return set;
    changed = true;
    return { ...set, status: 'R' as const, errorCodes: ['5' as const] };
  });
  if (!changed) return ack;
  const accepted = Math.max(0, ack.accepted - 1);
  return { ...ack, sets, accepted, status: accepted === 0 ? 'R' : 'P' };
}

export class EdiIntake {
  private readonly clock: () => Date;

  constructor(private readonly options: IntakeOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  private readerOptions(duplicates?: ReadonlySet<string>): ReaderOptions {
    return {
      receiverIds: [this.options.profiles.ours.id],
      functionalIds: ['PO', 'FA'],
      transactionSets: ['850', '997', '999'],
      ...(duplicates ? { isDuplicateInterchange: (header: InterchangeHeader) => duplicates.has(interchangeKey(header)) } : {}),
    };
  }

  async receive(profile: EdiProfile, text: string): Promise<IntakeResult> {
    // First reading: which interchanges the text holds; each is claimed once in the shared store (the reader itself
    // catches a repeat within the text). The second reading answers those claimed before as duplicates (TA1 025).
    const keys = [...new Set(parseX12(text, this.readerOptions()).interchanges.flatMap((interchange) => (interchange.header ? [interchangeKey(interchange.header)] : [])))];
    const claimed: string[] = [];
    const duplicates = new Set<string>();
    try {
      for (const key of keys) {
        if (await this.options.seen.claim(key, this.options.duplicateWindowMs)) claimed.push(key);
        else duplicates.add(key);
      }
      return await this.handle(profile, text, duplicates);
    } catch (error) {
      // Nothing was answered: the partner's resend must not be a duplicate.
      await Promise.all(claimed.map((key) => this.options.seen.release(key).catch(() => undefined)));
      throw error;
    }
  }

  private async handle(profile: EdiProfile, text: string, duplicates: ReadonlySet<string>): Promise<IntakeResult> {
    const now = this.clock();
    const date = isoToX12Date(now.toISOString().slice(0, 10), 'date', 6);
    const time = now.toISOString().slice(11, 16).replace(':', '');
    const document = parseX12(text, this.readerOptions(duplicates));
    const result: IntakeResult = { orders: [], acknowledged: [] };
    const ta1s: Ta1Input[] = [];
    let functionalAcks: FunctionalAckInput[] = [];
    let test = profile.usage === 'test';
    for (const interchange of document.interchanges) {
      this.checkSender(profile, interchange);
      if (interchange.header?.usage === 'T') test = true;
      const plan = acknowledgmentPlan(interchange, { kind: profile.functionalAck, date, time });
      let acks = plan.functionalAcks;
      if (plan.ta1) ta1s.push(plan.ta1);
      else if (profile.ta1 === 'always' && !interchange.result.acknowledgmentsOnly) {
        ta1s.push({ controlNumber: interchange.result.controlNumber, date, time, ackCode: interchange.result.status, noteCode: '000' });
      }
      if (interchange.result.status === 'A') {
        for (const group of interchange.groups) {
          for (const set of group.sets) {
            if (set.result.status !== 'A') continue;
            if (set.id === '850') {
              const outcome = await this.intake850(profile, set, now);
              result.orders.push(outcome);
              if (outcome.outcome === 'REJECTED') acks = acks.map((ack) => (ack.groupControlNumber === group.header.controlNumber ? rejectSet(ack, set.controlNumber) : ack));
            } else if (set.id === '997' || set.id === '999') {
              const matched = await this.matchAck(profile, set, interchange.result.controlNumber, now);
              if (matched) result.acknowledged.push(matched);
            }
          }
        }
      }
      functionalAcks = functionalAcks.concat(profile.functionalAckScope === 'set' ? acks.flatMap(perSet) : acks);
    }
    if (document.interchanges.length === 0) {
      // Nothing that even starts like an ISA: the TA1 of an unreadable interchange.
      ta1s.push({ controlNumber: '000000000', date, time, ackCode: 'R', noteCode: '022' });
    }
    if (ta1s.length === 0 && functionalAcks.length === 0) return result;
    result.reply = await this.reply(profile, { ta1s, functionalAcks, test, date, time, now, answers: document.interchanges.map((interchange) => interchange.result.controlNumber) });
    return result;
  }

  /** An interchange from anyone but the partner the caller acts for is rejected (TA1 006), whatever else it holds. */
  private checkSender(profile: EdiProfile, interchange: ParsedInterchange): void {
    const header = interchange.header;
    if (!header) return;
    if (header.senderQualifier === profile.isa.qualifier && header.senderId.trim() === profile.isa.id.trim()) return;
    interchange.result.errors.unshift({ code: '006', message: `ISA05/ISA06 ${header.senderQualifier}/${header.senderId.trim()} is not partner ${profile.partnerId}` });
    interchange.result.status = 'R';
  }

  private async intake850(profile: EdiProfile, set: Parameters<typeof map850>[0], now: Date): Promise<IntakeOrder> {
    const mapped850 = map850(set);
    if (!mapped850.ok) return { orderNumber: '', outcome: 'REJECTED', reason: mapped850.errors.join('; ') };
    const mapped = toSubmission(mapped850.order, profile, now.toISOString().slice(0, 10));
    const orderNumber = mapped850.order.orderNumber;
    if (!mapped.ok) {
      this.options.logger.warn('EDI 850 not usable', { partnerId: profile.partnerId, orderNumber, reason: mapped.reason });
      return { orderNumber, outcome: 'REJECTED', reason: mapped.reason };
    }
    try {
      const accepted = await this.options.orders.submitOrder(mapped.submission);
      return { orderNumber, outcome: 'ACCEPTED', orderId: accepted.id };
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'ERR_CONFLICT') {
        // A resent PO: already received, acknowledged again, never a second order.
        const orderId = typeof error.extensions.orderId === 'string' ? error.extensions.orderId : undefined;
        this.options.logger.info('EDI 850 resent: the order was already received', { partnerId: profile.partnerId, orderNumber, orderId });
        return { orderNumber, outcome: 'DUPLICATE', ...(orderId ? { orderId } : {}) };
      }
      throw error;
    }
  }

  /** A 997/999 of the partner for one of our groups (AK102 = our GS06) marks that document accepted or rejected. */
  private async matchAck(profile: EdiProfile, set: Parameters<typeof readFunctionalAck>[0], interchangeControlNumber: string, now: Date): Promise<string | undefined> {
    const read = readFunctionalAck(set);
    if (!read.ok) return undefined;
    const target = await this.options.outbox.findByGroupControlNumber(profile.partnerId, read.ack.groupControlNumber);
    if (!target) {
      this.options.logger.warn('EDI acknowledgment for a group we did not send', { partnerId: profile.partnerId, groupControlNumber: read.ack.groupControlNumber });
      return undefined;
    }
    await this.options.outbox.markAcknowledged(target.id, { status: ackStatus(read.ack.status), code: read.ack.status, kind: read.ack.kind, interchangeControlNumber, at: now.toISOString() });
    return target.id;
  }

  private async reply(
    profile: EdiProfile,
    init: { ta1s: Ta1Input[]; functionalAcks: FunctionalAckInput[]; test: boolean; date: string; time: string; now: Date; answers: string[] },
  ): Promise<OutboxDocument> {
    const { ours } = this.options.profiles;
    const interchangeControlNumber = await this.options.controlNumbers.interchange(profile.partnerId);
    const groupControlNumber = init.functionalAcks.length > 0 ? await this.options.controlNumbers.group(profile.partnerId) : undefined;
    const kind = profile.functionalAck;
    const x12 = writeInterchange({
      senderQualifier: ours.qualifier,
      senderId: ours.id,
      receiverQualifier: profile.isa.qualifier,
      receiverId: profile.isa.id,
      date: init.date,
      time: init.time,
      version: profile.interchangeVersion,
      controlNumber: interchangeControlNumber,
      usage: init.test ? 'T' : 'P',
      separators: profile.x12Separators,
      ta1s: init.ta1s,
      groups:
        groupControlNumber === undefined
          ? []
          : [
              {
                functionalId: 'FA',
                senderCode: ours.gsId,
                receiverCode: profile.gsId,
                date: isoToX12Date(init.now.toISOString().slice(0, 10)),
                time: init.time,
                controlNumber: groupControlNumber,
                version: kind === '999' ? IMPLEMENTATION_ACK_VERSION : profile.version,
                sets: init.functionalAcks.map((ack, index) => ({
                  ...functionalAckSet(ack, index + 1, profile.x12Separators),
                  ...(kind === '999' ? { implementationReference: IMPLEMENTATION_ACK_VERSION } : {}),
                })),
              },
            ],
    });
    const document: OutboxDocument = {
      id: `edi_${randomUUID().replaceAll('-', '')}`,
      partnerId: profile.partnerId,
      type: groupControlNumber === undefined ? 'TA1' : kind,
      createdAt: init.now.toISOString(),
      interchangeControlNumber: String(interchangeControlNumber).padStart(9, '0'),
      ...(groupControlNumber === undefined ? {} : { groupControlNumber: String(groupControlNumber), transactionSetControlNumber: '0001' }),
      test: init.test,
      answers: init.answers.join(','),
      x12,
    };
    await this.options.outbox.add(document);
    return document;
  }
}
