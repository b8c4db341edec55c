/**
 * Body parsing: accepts only the media types an API declares (415 otherwise), bounds the body size (413), parses
 * JSON strictly (400 on malformed input) and hands a text body (text/*, application/edi-x12...) over as a string,
 * under its own, larger but bounded, limit. Errors go to the problem handler like every other failure.
 */
import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import typeIs from 'type-is';
import { GatewayError } from '../../gateway/errors';

export interface BodyParsingOptions {
  /** Largest JSON body accepted, in bytes. */
  limitBytes: number;
  /** Largest text body accepted (an X12 interchange), in bytes. Default 5242880 (5 MiB). */
  textLimitBytes?: number;
  /** Media types the API's operations accept. Default: application/json only. Any that is not JSON arrives as a string. */
  mediaTypes?: readonly string[];
}

export const DEFAULTS = Object.freeze({ textLimitBytes: 5 * 1024 * 1024, mediaTypes: Object.freeze(['application/json']) });

/** express.json's `verify`: the raw bytes of a UTF-8 (the default charset) body must be UTF-8. */
function rejectInvalidUtf8(_request: unknown, _response: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() === 'utf-8' && !isUtf8(body)) throw new GatewayError('ERR_MALFORMED_BODY', 'The request body is not valid UTF-8');
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

export function createBodyParsing(options: BodyParsingOptions): RequestHandler[] {
  const mediaTypes = [...(options.mediaTypes ?? DEFAULTS.mediaTypes)];
  const textLimitBytes = options.textLimitBytes ?? DEFAULTS.textLimitBytes;
  if (!Number.isInteger(textLimitBytes) || textLimitBytes < 1) throw new TypeError('bodyParsing.textLimitBytes: must be a positive integer');
  const textTypes = mediaTypes.filter((mediaType) => !isJson(mediaType));
  const requireAcceptedType: RequestHandler = (request, _response, next) => {
    // An empty body (Content-Length: 0, what most clients send with a body-less POST) is no body: nothing to type.
    if (!typeIs.hasBody(request) || request.headers['content-length'] === '0') {
      next();
      return;
    }
    if (!request.headers['content-type']) {
      next(new GatewayError('ERR_UNSUPPORTED_MEDIA_TYPE', `A request body needs a Content-Type; accepted: ${mediaTypes.join(', ')}`));
      return;
    }
    if (!typeIs(request, mediaTypes)) {
      next(new GatewayError('ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${request.headers['content-type']} is not accepted here; accepted: ${mediaTypes.join(', ')}`));
      return;
    }
    next();
  };
  // body-parser decodes invalid UTF-8 into U+FFFD and parses on: a body that is not the UTF-8 it claims is refused
  // instead, so a replacement character never reaches a record (an order note, a partner reference) unnoticed.
  const json = express.json({ limit: options.limitBytes, strict: true, type: ['application/json', '+json'], verify: rejectInvalidUtf8 });
  if (textTypes.length === 0) return [requireAcceptedType, json];
  return [requireAcceptedType, json, express.text({ limit: textLimitBytes, type: textTypes, defaultCharset: 'utf-8' })];
}
