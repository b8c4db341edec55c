/**
 * The application log: winston, JSON lines on stdout, with secrets redacted at any depth before a line is written.
 * (The audit log is a separate logger with its own levels; see the audit policy.)
 */
import winston from 'winston';
import { currentRequestContext } from './request-context';

export type Logger = Pick<winston.Logger, 'error' | 'warn' | 'info' | 'debug'>;

/** Keys whose values never reach a log, compared case-insensitively, at any depth. */
const SECRET_KEYS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'password', 'client_secret', 'clientsecret', 'secret', 'access_token', 'refresh_token', 'token', 'x-csrf-token', 'apikey', 'api_key', 'x-api-key']);

export const REDACTED = '[REDACTED]';

export function redact(value: unknown, keys: ReadonlySet<string> = SECRET_KEYS, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, keys, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = keys.has(key.toLowerCase()) ? REDACTED : redact(inner, keys, depth + 1);
  }
  return out;
}

const redactFormat = winston.format((info, options: unknown) => {
  const keys = (options as { set: ReadonlySet<string> }).set;
  for (const key of Object.keys(info)) {
    if (keys.has(key.toLowerCase())) info[key] = REDACTED;
    else info[key] = redact(info[key], keys);
  }
  return info;
});

/**
 * Adds the correlation id and trace id of the request being served (or of the workflow step being run: steps run
 * with their order's correlation id) to every line, so any line leads to the whole transaction. Winston runs formats
 * synchronously inside the `logger.info(...)` call, so the request context is the caller's. A line that names its
 * own ids (the access log, written after the response) keeps them.
 */
export const traceContextFormat = winston.format((info) => {
  const context = currentRequestContext();
  if (context) {
    info.correlationId ??= context.correlationId;
    info.traceId ??= context.trace.traceId;
  }
  return info;
});

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Further keys whose values are redacted (configuration `log.redactKeys`), case-insensitive, at any depth. */
  redactKeys?: readonly string[];
  /** Where lines go; stdout unless given (tests pass a stream to read back). */
  stream?: NodeJS.WritableStream;
}

/** Fields of a line written without winston's formats: plain values only, and never secrets (the caller vouches). */
export type PlainFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** The application logger, plus the access log's fast path. */
export interface AppLogger extends Logger {
  /**
   * An info line of plain, non-secret fields, as winston writes lines (`{level, message, ...fields, timestamp}`, one
   * JSON object per line), formatted with JSON.stringify and written straight to the logger's destination. The
   * access log writes one per request, and winston's formats and object streams cost ≈ 20 µs of CPU per line on the
   * request path (bench/RESULTS.md, policy-cost); no redaction, trace context or other format applies. Dropped below
   * the logger's level like any info line.
   */
  infoLine(message: string, fields: PlainFields): void;
}

export function createLogger(options: LoggerOptions): AppLogger {
  const keys = new Set([...SECRET_KEYS, ...(options.redactKeys ?? []).map((key) => key.toLowerCase())]);
  const destination = options.stream ?? process.stdout;
  const logger = winston.createLogger({
    level: options.level === 'silent' ? 'error' : options.level,
    silent: options.level === 'silent',
    format: winston.format.combine(traceContextFormat(), redactFormat({ set: keys }), winston.format.timestamp(), winston.format.json()),
    // The same stream for both paths, so winston's lines and infoLine's keep their order.
    transports: [new winston.transports.Stream({ stream: destination })],
  });
  return Object.assign(logger, {
    infoLine(message: string, fields: PlainFields): void {
      if (logger.silent || !logger.isInfoEnabled()) return;
      destination.write(`${JSON.stringify({ level: 'info', message, ...fields, timestamp: new Date().toISOString() })}\n`);
    },
  });
}
