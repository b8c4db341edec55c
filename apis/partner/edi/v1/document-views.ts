/** The outbox's records as the v1 contract shows them. */
import type { OutboxDocument } from '../state/ports';
import type { EdiDocument } from './models';

export function toEdiDocument(document: OutboxDocument, overdue: boolean): EdiDocument {
  const { x12: _x12, partnerId: _partnerId, eventId: _eventId, ...shown } = document;
  return { ...shown, overdue };
}
