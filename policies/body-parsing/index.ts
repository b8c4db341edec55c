/**
 * Body parsing: accepts only the media types an API declares (415 otherwise), bounds the body size (413), and
 * parses JSON strictly (400 on malformed input). Errors go to the problem handler like every other failure.
 */
import express, { type RequestHandler } from 'express';
import typeIs from 'type-is';
import { GatewayError } from '../../gateway/errors';

export interface BodyParsingOptions {
  /** Largest body accepted, in bytes. */
  limitBytes: number;
  /** Media types the API's operations accept. Default: application/json only. */
  mediaTypes?: readonly string[];
}

export function createBodyParsing(options: BodyParsingOptions): RequestHandler[] {
  const mediaTypes = [...(options.mediaTypes ?? ['application/json'])];
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
  return [requireAcceptedType, express.json({ limit: options.limitBytes, strict: true, type: ['application/json', '+json'] })];
}
