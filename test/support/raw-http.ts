/**
 * Raw HTTP/1.1 over node:net, for requests an HTTP client refuses to send (CR or NUL in a header value, repeated
 * Authorization, Transfer-Encoding with Content-Length, bytes trickled one at a time). Reads every response the
 * server writes on the connection until it closes it or the bound passes.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Every response read from the connection, in order. */
  responses: RawResponse[];
  /** The server closed the connection (before `waitMs` ran out). */
  closed: boolean;
  /** Milliseconds from connecting until the server closed the connection (or the bound passed). */
  elapsedMs: number;
  raw: string;
}

export interface RawOptions {
  /** How long to wait for the server to close the connection, in milliseconds. Default 3000. */
  waitMs?: number;
  /** Send these pieces one after the other, `intervalMs` apart (a slow client). */
  intervalMs?: number;
  /** Stop waiting as soon as this many responses are complete (instead of waiting for the close). */
  responses?: number;
}

/** Splits what the server wrote into responses (Content-Length and chunked bodies, or up to the close). */
export function parseResponses(raw: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
    }
    let body = rest.subarray(end + 4);
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (body.length < length) break;
      rest = body.subarray(length);
      body = body.subarray(0, length);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const chunks: Buffer[] = [];
      let at = 0;
      for (;;) {
        const lineEnd = body.indexOf('\r\n', at);
        if (lineEnd < 0) break;
        const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
        if (size === 0) {
          at = lineEnd + 4;
          break;
        }
        chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      rest = body.subarray(at);
      body = Buffer.concat(chunks);
    } else {
      rest = Buffer.alloc(0);
    }
    responses.push({ status, headers, body: body.toString('utf8') });
  }
  return responses;
}

/** Writes `pieces` to a new connection to `origin` and collects what comes back. */
export function rawExchange(origin: string, pieces: ReadonlyArray<string | Buffer>, options: RawOptions = {}): Promise<RawExchange> {
  const { hostname, port } = new URL(origin);
  const waitMs = options.waitMs ?? 3000;
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: hostname, port: Number(port) });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(bound);
      const raw = Buffer.concat(chunks);
      socket.destroy();
      resolve({ responses: parseResponses(raw), closed, elapsedMs: performance.now() - started, raw: raw.toString('latin1') });
    };
    const bound = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.responses !== undefined && parseResponses(Buffer.concat(chunks)).length >= options.responses) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      if (!options.intervalMs) {
        for (const piece of pieces) socket.write(piece);
        return;
      }
      let index = 0;
      const writeNext = () => {
        if (settled || socket.destroyed || index >= pieces.length) return;
        socket.write(pieces[index]!);
        index += 1;
        timer = setTimeout(writeNext, options.intervalMs);
      };
      writeNext();
    });
  });
}

/** A request head as text: `lines` are header lines without their CRLF. */
export function head(requestLine: string, lines: readonly string[]): string {
  return `${requestLine}\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n`;
}
