/**
 * What both event buses check and compute the same way: subscription and publish options (validated at once,
 * unknown keys refused, defaults applied once, the result frozen), names, and the retry backoff.
 */
import type { MessageHandler, SubscribeOptions } from './ports';

export const SUBSCRIBE_DEFAULTS = Object.freeze({
  /** Messages handled at once per subscription. */
  concurrency: 4,
  /** Failed deliveries before a message is dead-lettered. */
  maxDeliveries: 5,
});

export const RETRY_DEFAULTS = Object.freeze({
  /** Backoff before the second delivery, in milliseconds; doubles per failed delivery. */
  retryBaseDelayMs: 100,
  /** Longest backoff, in milliseconds. */
  retryMaxDelayMs: 5000,
});

/** Dead letters kept per topic (newest first); older ones are dropped. The per-group counter is not capped. */
export const DEFAULT_MAX_DEAD_LETTERS = 1000;

/** Longest `error` text kept in a dead letter. */
export const MAX_ERROR_LENGTH = 2000;

export interface SubscribeConfig<T> {
  readonly concurrency: number;
  readonly maxDeliveries: number;
  readonly onDeadLetter?: SubscribeOptions<T>['onDeadLetter'];
}

const SUBSCRIBE_KEYS = new Set(['concurrency', 'maxDeliveries', 'onDeadLetter']);
const PUBLISH_KEYS = new Set(['delayMs']);

/** Throws a TypeError naming the first key of `options` that is not in `known`. */
export function checkOptionKeys(owner: string, options: object, known: ReadonlySet<string>): void {
  for (const key of Object.keys(options)) if (!known.has(key)) throw new TypeError(`${owner}: unknown option "${key}"`);
}

export function checkPositiveInteger(owner: string, name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)) throw new TypeError(`${owner}: "${name}" must be a positive integer`);
}

export function checkDurationMs(owner: string, name: string, value: unknown, minimum = 1): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < minimum)) throw new TypeError(`${owner}: "${name}" must be a number of milliseconds >= ${minimum}`);
}

export function checkName(owner: string, what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${owner}: ${what} must be a non-empty string`);
}

export function parseSubscribeOptions<T>(owner: string, handler: MessageHandler<T>, options: SubscribeOptions<T> = {}): SubscribeConfig<T> {
  if (typeof handler !== 'function') throw new TypeError(`${owner}: the handler must be a function`);
  if (typeof options !== 'object' || options === null) throw new TypeError(`${owner}: subscribe options must be an object`);
  checkOptionKeys(owner, options, SUBSCRIBE_KEYS);
  checkPositiveInteger(owner, 'concurrency', options.concurrency);
  checkPositiveInteger(owner, 'maxDeliveries', options.maxDeliveries);
  if (options.onDeadLetter !== undefined && typeof options.onDeadLetter !== 'function') throw new TypeError(`${owner}: "onDeadLetter" must be a function`);
  return Object.freeze({
    concurrency: options.concurrency ?? SUBSCRIBE_DEFAULTS.concurrency,
    maxDeliveries: options.maxDeliveries ?? SUBSCRIBE_DEFAULTS.maxDeliveries,
    onDeadLetter: options.onDeadLetter,
  });
}

/** The delay of a publish, in milliseconds (0 when none). */
export function parsePublishOptions(owner: string, options: { delayMs?: number } | undefined): number {
  if (options === undefined) return 0;
  if (typeof options !== 'object' || options === null) throw new TypeError(`${owner}: publish options must be an object`);
  checkOptionKeys(owner, options, PUBLISH_KEYS);
  checkDurationMs(owner, 'delayMs', options.delayMs, 0);
  return Math.ceil(options.delayMs ?? 0);
}

/**
 * The backoff before the delivery after `deliveries` failed ones: base × 2^(deliveries-1), capped at `maxMs`, then
 * "equal jitter" (a random point in its upper half), so consumers that failed together do not retry in step while
 * the wait never drops below half the nominal one.
 */
export function retryDelay(deliveries: number, baseMs: number, maxMs: number): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.max(0, deliveries - 1));
  return Math.round(nominal / 2 + Math.random() * (nominal / 2));
}

/** An error as a dead letter keeps it: its message (or its text), bounded. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
