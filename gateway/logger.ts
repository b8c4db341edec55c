/**
 * The application log: winston, JSON lines on stdout, with secrets redacted at any depth before a line is written.
 * (The audit log is a separate logger with its own levels; see the audit policy.)
 */
import winston from 'winston';

export type Logger = Pick<winston.Logger, 'error' | 'warn' | 'info' | 'debug'>;

/** Keys whose values never reach a log, compared case-insensitively, at any depth. */
const SECRET_KEYS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'password', 'client_secret', 'clientsecret', 'secret', 'access_token', 'refresh_token', 'token', 'x-csrf-token', 'apikey', 'api_key', 'x-api-key']);

export const REDACTED = '[REDACTED]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (SECRET_KEYS.has(key.toLowerCase())) info[key] = REDACTED;
    else info[key] = redact(info[key]);
  }
  return info;
});

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Where lines go; stdout unless given (tests pass a stream to read back). */
  stream?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return winston.createLogger({
    level: options.level === 'silent' ? 'error' : options.level,
    silent: options.level === 'silent',
    format: winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json()),
    transports: [options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console()],
  });
}
