/**
 * A message as both buses store it: one JSON text holding the id, topic, publish time, payload and the deliveries
 * it already had. A retried message is a copy of its envelope with `delivered` raised, so the id and the count
 * travel with it (Redis keeps no per-message state beside the stream entry). Both buses store text and parse it on
 * every delivery, so each delivery gets its own copy of the payload, exactly as JSON makes it.
 */
import { randomUUID } from 'node:crypto';
import type { BusMessage } from './ports';

export interface Envelope {
  id: string;
  topic: string;
  publishedAt: string;
  /** Deliveries this message already had before this copy was stored (0 for a new message). */
  delivered: number;
  payload: unknown;
}

/** A new envelope, as text; TypeError when the payload has no JSON form (undefined, a function, a BigInt, a cycle). */
export function newEnvelope(owner: string, topic: string, payload: unknown, now: Date): { id: string; text: string } {
  const id = randomUUID();
  let payloadText: string | undefined;
  try {
    payloadText = JSON.stringify(payload);
  } catch (error) {
    throw new TypeError(`${owner}: the payload is not JSON-serialisable (${(error as Error).message})`);
  }
  if (payloadText === undefined) throw new TypeError(`${owner}: the payload is not JSON-serialisable (${typeof payload})`);
  // Built by hand around the payload's text: the payload is serialised once.
  const head = JSON.stringify({ id, topic, publishedAt: now.toISOString(), delivered: 0 });
  return { id, text: `${head.slice(0, -1)},"payload":${payloadText}}` };
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

/** The envelope in `text`, or undefined when it is not one (the entry was not written by a bus). */
export function decodeEnvelope(text: string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<Envelope>;
  if (typeof candidate.id !== 'string' || typeof candidate.topic !== 'string' || typeof candidate.publishedAt !== 'string') return undefined;
  if (typeof candidate.delivered !== 'number' || !Number.isSafeInteger(candidate.delivered) || candidate.delivered < 0) return undefined;
  if (!('payload' in candidate)) return undefined;
  return candidate as Envelope;
}

/** The message a handler sees on delivery number `deliveries`. */
export function toMessage<T>(envelope: Envelope, deliveries: number): BusMessage<T> {
  return { id: envelope.id, topic: envelope.topic, payload: envelope.payload as T, publishedAt: envelope.publishedAt, deliveries };
}
