/**
 * The EDI channel API v1 contract: X12 interchanges in and out as text, the partner's outbox as JSON.
 * Named DTOs only (tsoa mangles generic and Omit-derived schema names).
 */

/**
 * An X12 interchange (ISA..IEA), several in a row allowed, with the separators its ISA declares.
 * @example "ISA*00*          *00*          *ZZ*ACMEHOSP       *ZZ*DISTGATEWAY    *261128*0930*U*00401*000000905*0*P*>~GS*PO*ACMEHOSP*DISTGATEWAY*20261128*0930*905*X*004010~ST*850*0001~BEG*00*SA*PO-ACME-1001**20261128~PO1*1*2*CA*12.50*PE*VP*TG-10001~CTT*1~SE*5*0001~GE*1*905~IEA*1*000000905~"
 */
export type X12Interchange = string;

/** What a document of the outbox is: an 855 order acknowledgment, 856 ship notice, 810 invoice, or our 997/999/TA1 answer. */
export type EdiDocumentType = '855' | '856' | '810' | '997' | '999' | 'TA1';

/** The document types the outbox can be filtered by. */
export type EdiDocumentFilter = '855' | '856' | '810' | '997' | '999' | 'TA1';

/** Your functional acknowledgment (997/999) of one of our documents, as we matched it by its group control number. */
export interface EdiDocumentAcknowledgement {
  /** ACCEPTED (AK901 A or E), PARTIALLY_ACCEPTED (P) or REJECTED (R). */
  status: 'ACCEPTED' | 'PARTIALLY_ACCEPTED' | 'REJECTED';
  /** AK901 as you sent it. */
  code: string;
  /** Whether it came as a 997 or a 999. */
  kind: string;
  /** ISA13 of your interchange that carried it. */
  interchangeControlNumber: string;
  /** When we received it. */
  at: string;
}

/** One document of your outbox. Fetch its X12 at its URL with `Accept: application/edi-x12`. */
export interface EdiDocument {
  /** The document's id in the outbox. */
  id: string;
  /** What the document is. */
  type: EdiDocumentType;
  /** When we made it (ISO 8601 date-time, UTC). */
  createdAt: string;
  /** ISA13 of the interchange (9 digits). */
  interchangeControlNumber: string;
  /** GS06 of its functional group (absent for a TA1 alone): what your 997's AK102 names. */
  groupControlNumber?: string;
  /** ST02 of its transaction set. */
  transactionSetControlNumber?: string;
  /** Test data (our ISA15 was T). */
  test: boolean;
  /** Our id of the order it is about (855, 856, 810). */
  orderId?: string;
  /** Your purchase order number it is about (855, 856, 810). */
  orderNumber?: string;
  /** For our 997/999/TA1: the ISA13 of your interchanges it answers, comma-separated. */
  answers?: string;
  /** When you confirmed you fetched it. */
  receivedAt?: string;
  /** Your 997/999 of it, once received. */
  acknowledgement?: EdiDocumentAcknowledgement;
  /** An 855/856/810 still without your 997/999 past the agreed time. */
  overdue: boolean;
}

/** A page of your outbox, oldest first. */
export interface EdiDocumentList {
  /** The documents, oldest first. */
  documents: EdiDocument[];
}
