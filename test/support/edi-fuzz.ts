/**
 * The whole EDI endpoint fuzzed: POST /partner/edi/v1/interchanges with the X12 fuzz inputs of
 * test/support/x12-arbitraries.ts (random bytes, random text around ISA-like prefixes, mutations of the real
 * samples). Every input ends in a TA1/997/999 (200, X12), a 204 (only acknowledgments) or a 4xx problem; never a
 * 5xx, never a hang (each request must be answered within its bound). Shared by test/security/fuzz/edi.fuzz.test.ts
 * and scripts/fuzz.ts.
 */
import type http from 'node:http';
import fc from 'fast-check';
import { x12MutatedSample, x12RandomBytes, x12RandomText } from './x12-arbitraries';
import { assertNotThrottled, problemDefect, send, type FuzzStats } from './operation-fuzz';

export const EDI_PATH = '/partner/edi/v1/interchanges';

export interface EdiFuzzSettings {
  origin: string;
  token: string;
  runs: number;
  agent: http.Agent;
  seed?: number;
  /** Longest a single interchange may take to be answered, in milliseconds. */
  timeoutMs: number;
}

/** A body and the media type it is sent as. */
const ediBody: fc.Arbitrary<{ bytes: Buffer; contentType: string; kind: string }> = fc.tuple(
  fc.oneof(
    { weight: 1, arbitrary: x12RandomBytes(600).map((bytes) => ({ bytes: Buffer.from(bytes), kind: 'random bytes' })) },
    { weight: 1, arbitrary: x12RandomText(400).map((text) => ({ bytes: Buffer.from(text, 'utf8'), kind: 'random text' })) },
    { weight: 3, arbitrary: x12MutatedSample(4).map((text) => ({ bytes: Buffer.from(text, 'latin1'), kind: 'mutated sample' })) },
  ),
  fc.constantFrom('application/edi-x12', 'text/plain', 'application/edi-x12; charset=utf-8', 'text/plain; charset=iso-8859-1'),
).map(([body, contentType]) => ({ ...body, contentType }));

/** Why an answer to an interchange is not one the endpoint may give, or undefined when it is fine. */
export function ediAnswerDefect(response: { status: number; contentType: string; body: string }): string | undefined {
  if (response.status === 204) return undefined;
  if (response.status === 200) {
    if (!response.contentType.startsWith('application/edi-x12')) return `200 as ${response.contentType}`;
    if (!response.body.startsWith('ISA')) return '200 without an ISA';
    return /(^|[^A-Z0-9])TA1[^A-Z0-9]|ST.997|ST.999/.test(response.body) ? undefined : '200 without a TA1, 997 or 999';
  }
  if (response.status >= 400 && response.status < 500) return problemDefect(response);
  return `status ${response.status}`;
}

export async function fuzzEdiEndpoint(settings: EdiFuzzSettings): Promise<FuzzStats> {
  const stats: FuzzStats = { operation: `POST ${EDI_PATH}`, kind: 'invalid', runs: 0, statuses: {} };
  const result = await fc.check(
    fc.asyncProperty(ediBody, async ({ bytes, contentType, kind }) => {
      stats.runs += 1;
      const started = performance.now();
      const response = await send(settings.origin, { method: 'POST', path: EDI_PATH, headers: { authorization: `Bearer ${settings.token}`, 'content-type': contentType }, body: bytes }, settings.agent, settings.timeoutMs);
      stats.statuses[response.status] = (stats.statuses[response.status] ?? 0) + 1;
      assertNotThrottled(response);
      const defect = ediAnswerDefect(response);
      if (defect) throw new Error(`${kind} as ${contentType}: ${defect} after ${Math.round(performance.now() - started)} ms; body (latin1) ${JSON.stringify(bytes.toString('latin1').slice(0, 600))} -> ${response.body.slice(0, 300)}`);
    }),
    { numRuns: settings.runs, ...(settings.seed === undefined ? {} : { seed: settings.seed }), endOnFailure: true },
  );
  if (result.failed) {
    const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    stats.failure = `POST ${EDI_PATH}: ${error}\n  replay: { seed: ${result.seed}, path: "${result.counterexamplePath}" }`;
  }
  return stats;
}
