/**
 * Request hygiene: refuses request heads that node parses without complaint but that would be read ambiguously.
 * Node keeps only the first of a repeated Authorization, Content-Type, Host... and drops every header field past
 * `maxHeadersCount`, silently; serving such a request means guessing which credential or media type the client
 * (or a proxy that added one) meant. So a repeated singleton header is a 400, and a head that reaches the header
 * count is a 431. What node itself refuses (heads over `maxHeaderSize`: 431; CR, LF or NUL in a value and
 * Transfer-Encoding with Content-Length: 400) never gets here: gateway/runtime.ts pins those settings.
 */
import type { RequestHandler } from 'express';
import { GatewayError } from '../../gateway/errors';

export interface RequestHygieneOptions {
  /** The server's `maxHeadersCount` (server.maxHeadersCount): a request with this many header fields may have lost some. */
  maxHeadersCount: number;
}

/**
 * Headers that must appear at most once, and whose duplicates node discards (its documented list, narrowed to those
 * a policy or a route reads; a repeated Content-Length is already refused by node's parser when the values differ).
 */
export const SINGLETON_HEADERS: readonly string[] = Object.freeze(['authorization', 'proxy-authorization', 'content-type', 'content-length', 'host']);

export function createRequestHygiene(options: RequestHygieneOptions): RequestHandler {
  if (!Number.isInteger(options.maxHeadersCount) || options.maxHeadersCount < 1) throw new TypeError('requestHygiene.maxHeadersCount: must be a positive integer');
  const singletons = new Set(SINGLETON_HEADERS);
  return (request, _response, next) => {
    const raw = request.rawHeaders;
    if (raw.length / 2 >= options.maxHeadersCount) {
      next(new GatewayError('ERR_HEADERS_TOO_LARGE', `A request may carry fewer than ${options.maxHeadersCount} header fields`));
      return;
    }
    const seen = new Set<string>();
    for (let index = 0; index < raw.length; index += 2) {
      const name = (raw[index] as string).toLowerCase();
      if (!singletons.has(name)) continue;
      if (seen.has(name)) {
        next(new GatewayError('ERR_MALFORMED_REQUEST', `The ${name} header may appear only once`));
        return;
      }
      seen.add(name);
    }
    next();
  };
}
