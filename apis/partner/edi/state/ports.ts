/**
 * The EDI channel's shared state behind three small ports, each with a memory and a Redis implementation that pass
 * one suite (test/state/edi-stores.test.ts): the outbox of documents for partners, the control numbers allocated
 * per partner (never reused), and the interchanges already received (duplicates within a window).
 */

/** What an outbound document is: a business document from the order's events, or our answer to an interchange. */
export type EdiDocumentType = '855' | '856' | '810' | '997' | '999' | 'TA1';

/** The partner's functional acknowledgment of one of our documents, as its 997/999 said (AK901). */
export interface DocumentAcknowledgement {
  /** ACCEPTED (AK901 A or E), PARTIALLY_ACCEPTED (P) or REJECTED (R, anything else). */
  status: 'ACCEPTED' | 'PARTIALLY_ACCEPTED' | 'REJECTED';
  /** AK901 as received. */
  code: string;
  /** 997 or 999. */
  kind: string;
  /** ISA13 of the partner's interchange that carried it. */
  interchangeControlNumber: string;
  /** When we received it. */
  at: string;
}

/** One document in a partner's outbox. */
export interface OutboxDocument {
  /** `edi_` and 32 hex digits. */
  id: string;
  partnerId: string;
  type: EdiDocumentType;
  /** ISO date-time when we made it. */
  createdAt: string;
  /** ISA13, GS06 (absent for a TA1 alone) and ST02 of the document. */
  interchangeControlNumber: string;
  groupControlNumber?: string;
  transactionSetControlNumber?: string;
  /** Our ISA15 was T. */
  test: boolean;
  /** The order it is about (business documents), by our id and the buyer's PO number. */
  orderId?: string;
  orderNumber?: string;
  /** The business event it was made from: one document per event. */
  eventId?: string;
  /** For our answers: ISA13 of the partner's interchange it answers. */
  answers?: string;
  /** When the partner confirmed it fetched the document (POST .../receipt). */
  receivedAt?: string;
  /** The partner's 997/999 for it, once matched. */
  acknowledgement?: DocumentAcknowledgement;
  /** The whole interchange, as sent. */
  x12: string;
}

export interface OutboxQuery {
  type?: EdiDocumentType;
  /** Documents created at or after this time. */
  since?: Date;
  /** At most this many, oldest first. */
  limit: number;
}

export interface EdiOutboxStore {
  /** Stores a new document. With an `eventId` already stored, nothing is stored and the answer is false (a repeated event). */
  add(document: OutboxDocument): Promise<boolean>;
  get(id: string): Promise<OutboxDocument | undefined>;
  /** The partner's documents, oldest first. */
  list(partnerId: string, query: OutboxQuery): Promise<OutboxDocument[]>;
  /** The partner's business document sent in the group with this GS06 (what a 997's AK102 names). */
  findByGroupControlNumber(partnerId: string, groupControlNumber: string): Promise<OutboxDocument | undefined>;
  /** Records the partner's receipt; the document as it now is (undefined when unknown). The first receipt time stays. */
  markReceived(id: string, at: Date): Promise<OutboxDocument | undefined>;
  /** Records the partner's 997/999 (the latest one wins); the document as it now is. */
  markAcknowledged(id: string, acknowledgement: DocumentAcknowledgement): Promise<OutboxDocument | undefined>;
  /** Every partner's 855/856/810 without a 997/999 created before `before`, oldest first, at most `limit`. */
  unacknowledged(before: Date, limit: number): Promise<OutboxDocument[]>;
}

/** Which counter: ISA13 (interchanges) or GS06 (groups). */
export type ControlNumberKind = 'interchange' | 'group';

/** Control numbers per partner: each allocation is a new number (1, 2, 3...), even across instances and restarts (Redis). */
export interface ControlNumberStore {
  next(partnerId: string, kind: ControlNumberKind): Promise<number>;
}

/** Keys remembered for a while: the interchanges received (sender, receiver, ISA13), for duplicate detection. */
export interface SeenInterchangeStore {
  /** True when the key was new (now remembered for `ttlMs`); false when it was seen within its window. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a key (its interchange could not be handled, so a resend is not a duplicate). */
  release(key: string): Promise<void>;
}

/** Largest control number X12 can carry (ISA13 and GS06 have 9 digits). */
export const MAX_CONTROL_NUMBER = 999_999_999;

export function isBusinessDocument(type: EdiDocumentType): boolean {
  return type === '855' || type === '856' || type === '810';
}
