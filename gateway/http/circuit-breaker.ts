/**
 * A circuit breaker per platform around the process tier's system API clients (opossum): when most recent calls to
 * the ERP failed on transient errors, further calls fail at once with 503 instead of piling onto a platform that is
 * down; after `resetTimeoutMs` one trial call goes through (half open) and a success closes the circuit.
 *
 * Only transient failures count (5xx, timeouts): a 404 or a 422 is the platform answering, not the platform failing.
 */
import CircuitBreaker from 'opossum';
import { GatewayError } from '../errors';
import type { Logger } from '../logger';

export interface CircuitBreakerOptions {
  /** Percentage of failed calls in the rolling window that opens the circuit. */
  errorThresholdPercentage: number;
  /** Calls in the rolling window before the percentage is taken seriously. */
  volumeThreshold: number;
  /** How long the circuit stays open before a trial call, in milliseconds. */
  resetTimeoutMs: number;
  /** The rolling window the percentage is computed over, in milliseconds. */
  rollingWindowMs: number;
}

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface PlatformCircuit {
  readonly platform: string;
  state(): CircuitState;
  /** Times the circuit opened since start. */
  opened(): number;
  shutdown(): void;
}

function countsAsFailure(error: unknown): boolean {
  return error instanceof GatewayError && error.status >= 500;
}

/**
 * Wraps every method of `client` (each returns a promise) in one breaker named after the platform. The wrapped
 * client has the same type; an open circuit rejects with ERR_PLATFORM_UNAVAILABLE.
 */
export function withCircuitBreaker<T extends object>(platform: string, client: T, options: CircuitBreakerOptions, logger: Logger): { client: T; circuit: PlatformCircuit } {
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    timeout: false, // the HTTP client has its own timeouts; a second clock here would only disagree with it
    errorThresholdPercentage: options.errorThresholdPercentage,
    volumeThreshold: options.volumeThreshold,
    resetTimeout: options.resetTimeoutMs,
    rollingCountTimeout: options.rollingWindowMs,
    errorFilter: (error: unknown) => !countsAsFailure(error),
  });
  let openings = 0;
  let openedAt = 0;
  breaker.on('open', () => {
    openings += 1;
    openedAt = Date.now();
    logger.warn('circuit opened', { platform });
  });
  breaker.on('halfOpen', () => logger.info('circuit half open', { platform }));
  breaker.on('close', () => logger.info('circuit closed', { platform }));

  const fire = async (call: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await breaker.fire(call);
    } catch (error) {
      if ((error as { code?: unknown })?.code === 'EOPENBREAKER') {
        // Retrying before the trial call is due only fails fast again: say when it is.
        const retryAfterMs = Math.max(0, options.resetTimeoutMs - (Date.now() - openedAt));
        throw new GatewayError('ERR_PLATFORM_UNAVAILABLE', `The ${platform} circuit is open after repeated failures; calls resume after a trial call succeeds`, {
          extensions: { retryAfterMs },
          headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
        });
      }
      throw error;
    }
  };
  const wrapped = new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => fire(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
  return {
    client: wrapped,
    circuit: {
      platform,
      state: () => (breaker.opened ? 'OPEN' : breaker.halfOpen ? 'HALF_OPEN' : 'CLOSED'),
      opened: () => openings,
      shutdown: () => breaker.shutdown(),
    },
  };
}
