/** The real application logger writing JSON lines to memory, for tests that read what was logged. */
import { PassThrough } from 'node:stream';
import { createLogger, type AppLogger } from '../../gateway/logger';

export interface CapturedLog {
  logger: AppLogger;
  /** Every line so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  messages(): string[];
}

export function appLog(options: { redactKeys?: readonly string[] } = {}): CapturedLog {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const lines = () =>
    text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: createLogger({ level: 'debug', stream, ...options }), lines, messages: () => lines().map((line) => String(line.message)) };
}

/** Lets winston's stream deliver what was logged so far. */
export function flushLog(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
