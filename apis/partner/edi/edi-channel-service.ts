/**
 * The EDI channel as its API sees it: who the caller is as a trading partner, interchanges in (intake), the
 * partner's outbox out (list, fetch, receipt), and which documents are overdue for the partner's 997.
 * A partner sees only its own documents: another partner's document answers 404 like a missing one.
 */
import type { CallerRef } from '../../../gateway/auth/caller';
import { GatewayError, notFound } from '../../../gateway/errors';
import type { EdiIntake, IntakeResult } from './intake';
import type { EdiProfile, EdiProfiles } from './profiles';
import { isBusinessDocument, type EdiDocumentType, type EdiOutboxStore, type OutboxDocument } from './state/ports';

export interface DocumentListQuery {
  type?: EdiDocumentType;
  since?: Date;
  /** Only 855/856/810 past the overdue time without the partner's 997. */
  overdue?: boolean;
  limit: number;
}

export interface EdiChannelServiceOptions {
  profiles: EdiProfiles;
  intake: EdiIntake;
  outbox: EdiOutboxStore;
  overdueAfterMs: number;
  maxInterchangeBytes: number;
  clock?: () => Date;
}

export class EdiChannelService {
  private readonly clock: () => Date;

  constructor(private readonly options: EdiChannelServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The caller's trading-partner profile; a client acting for no EDI partner is refused. */
  profileOf(caller: CallerRef): EdiProfile {
    const profile = this.options.profiles.forPartner(caller.partnerId);
    if (!profile) throw new GatewayError('ERR_FORBIDDEN', `Client ${caller.clientId} does not act for a partner with an EDI profile`);
    return profile;
  }

  async receiveInterchange(caller: CallerRef, body: unknown): Promise<IntakeResult> {
    const profile = this.profileOf(caller);
    if (typeof body !== 'string' || body.length === 0) {
      throw new GatewayError('ERR_VALIDATION', 'The body must be an X12 interchange (Content-Type application/edi-x12 or text/plain)', {
        fields: [{ name: 'body', message: 'an X12 interchange is required' }],
      });
    }
    if (Buffer.byteLength(body, 'utf8') > this.options.maxInterchangeBytes) {
      throw new GatewayError('ERR_PAYLOAD_TOO_LARGE', `The interchange exceeds the limit of ${this.options.maxInterchangeBytes} bytes`);
    }
    return this.options.intake.receive(profile, body);
  }

  isOverdue(document: OutboxDocument, now = this.clock()): boolean {
    return isBusinessDocument(document.type) && !document.acknowledgement && Date.parse(document.createdAt) < now.getTime() - this.options.overdueAfterMs;
  }

  async listDocuments(caller: CallerRef, query: DocumentListQuery): Promise<OutboxDocument[]> {
    const profile = this.profileOf(caller);
    if (!query.overdue) return this.options.outbox.list(profile.partnerId, query);
    const now = this.clock();
    const documents = await this.options.outbox.list(profile.partnerId, { ...query, limit: 10_000 });
    return documents.filter((document) => this.isOverdue(document, now)).slice(0, query.limit);
  }

  async getDocument(caller: CallerRef, id: string): Promise<OutboxDocument> {
    const profile = this.profileOf(caller);
    const document = await this.options.outbox.get(id);
    if (!document || document.partnerId !== profile.partnerId) throw notFound('Document', id);
    return document;
  }

  async acknowledgeReceipt(caller: CallerRef, id: string): Promise<OutboxDocument> {
    await this.getDocument(caller, id);
    const document = await this.options.outbox.markReceived(id, this.clock());
    if (!document) throw notFound('Document', id);
    return document;
  }

  /** Every partner's 855/856/810 without a 997/999 past `channels.edi.overdueAfterSeconds`, oldest first (for the operations KPIs). */
  overdueDocuments(limit = 1000): Promise<OutboxDocument[]> {
    return this.options.outbox.unacknowledged(new Date(this.clock().getTime() - this.options.overdueAfterMs), limit);
  }
}
