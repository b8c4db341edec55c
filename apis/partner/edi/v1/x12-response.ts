/** Writes an X12 answer as text (tsoa would JSON-encode a string): the media type the partner asked for, or application/edi-x12. */
import type { Request as ExpressRequest } from 'express';

export const X12_MEDIA_TYPE = 'application/edi-x12';

export function sendX12(request: ExpressRequest, status: number, text: string): string {
  const response = request.res;
  if (!response) throw new Error('no response to write the X12 answer to');
  response.status(status).type(request.accepts([X12_MEDIA_TYPE, 'text/plain']) === 'text/plain' ? 'text/plain' : X12_MEDIA_TYPE).send(text);
  return text;
}

/** Whether the caller asked for X12 rather than JSON. */
export function wantsX12(request: ExpressRequest): boolean {
  return request.accepts(['application/json', X12_MEDIA_TYPE, 'text/plain']) !== 'application/json' && request.get('accept') !== undefined && !/^\s*\*\/\*\s*$/.test(request.get('accept') ?? '');
}
