/**
 * Access log: one application-log line per request once the response is finished, with the correlation id, so a
 * transaction can be followed through every hop's log. Paths are logged without their query string (queries may
 * carry personal data or, from careless clients, credentials). Every field is a plain value the gateway chose, so
 * the line takes the logger's fast path (`infoLine`: no winston formats, no redaction to do).
 */
import type { RequestHandler } from 'express';
import type { AppLogger } from '../../gateway/logger';
import { currentRequestContext } from '../../gateway/request-context';

export function createAccessLog(logger: Pick<AppLogger, 'infoLine'>): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const context = currentRequestContext();
    response.once('finish', () => {
      logger.infoLine('request', {
        correlationId: context?.correlationId,
        traceId: context?.trace.traceId,
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        latencyMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
