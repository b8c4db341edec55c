/**
 * The answer to a request node's HTTP parser refuses before any handler runs (a head over `server.maxHeaderSizeBytes`,
 * a malformed head, Transfer-Encoding with Content-Length, a head or body slower than its timeout): an RFC 9457
 * problem like every other refusal, written to the socket (there is no request or response object yet), then the
 * connection closed. Node's own answers here were bare status lines with no body.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CODES, type ProblemCode } from '../errors';
import { PROBLEM_TYPE_BASE } from '../problem-handler';

/** What the parser's error means for the client, by node's error code. */
function problemCodeOf(error: NodeJS.ErrnoException): ProblemCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'ERR_HEADERS_TOO_LARGE';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'ERR_REQUEST_TIMEOUT';
  return 'ERR_MALFORMED_REQUEST';
}

const DETAILS: Partial<Record<ProblemCode, string>> = {
  ERR_HEADERS_TOO_LARGE: 'The request head is larger than this server accepts',
  ERR_REQUEST_TIMEOUT: 'The request did not arrive in full within the time this server allows',
  ERR_MALFORMED_REQUEST: 'The request is not valid HTTP/1.1 (malformed head, or a body framed two ways)',
};

/** The raw response: status line, problem+json headers, body; the connection closes after it. */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const code = problemCodeOf(error);
  const { status, title } = PROBLEM_CODES[code];
  const body = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${code}`, title, status, detail: DETAILS[code], code });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * For `server.on('clientError')`. As node's default does: nothing is written to a socket that is gone or already
 * carries a response (its headers are sent), it is only closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error));
}
