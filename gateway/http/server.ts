import http from 'node:http';
import type { GatewayConfig } from '../config';
import { answerClientError } from './client-error';

/** The `server.*` limits every port of the gateway applies. */
export type ServerLimits = Pick<GatewayConfig['server'], 'maxHeaderSizeBytes' | 'maxHeadersCount' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;

/**
 * The HTTP server with its limits stated, not inherited: head size (431 beyond it), header count, how long a client
 * may take to send headers and a whole request (408 and the connection closed: slow-loris), keep-alive idle time.
 * The strict parser stays on (`insecureHTTPParser: false`): it refuses CR, LF or NUL in header values and a request
 * carrying both Transfer-Encoding and Content-Length (request smuggling) with 400. Node checks the two timeouts
 * every `connectionsCheckingInterval`, so that interval follows the shorter timeout (a quarter of it, 30 s at most).
 * Requests the parser refuses get a problem (client-error.ts). The gateway's port and the metrics port both use it.
 */
export function createHttpServer(settings: ServerLimits, handler?: http.RequestListener): http.Server {
  const options: http.ServerOptions = {
    maxHeaderSize: settings.maxHeaderSizeBytes,
    insecureHTTPParser: false,
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs) / 4))),
  };
  const server = handler ? http.createServer(options, handler) : http.createServer(options);
  server.maxHeadersCount = settings.maxHeadersCount;
  server.on('clientError', answerClientError);
  return server;
}
