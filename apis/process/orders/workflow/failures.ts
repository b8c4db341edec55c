/**
 * Which failures a workflow step retries: the platform or the shared state was down, slow or broken (5xx, timeouts,
 * an open circuit). Everything else (a 4xx the system API answered, a bug) would fail the same way again, so the
 * order goes to the exceptions queue at once instead of burning its retries.
 */
import { GatewayError } from '../../../../gateway/errors';

export function isTransient(error: unknown): boolean {
  return error instanceof GatewayError && error.status >= 500 && error.code !== 'ERR_INTERNAL';
}

/** A failure as a person reads it in the exceptions queue: the problem code and message, never a stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof GatewayError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** How long the failure itself says to wait before trying again (an open circuit knows when its trial call is due). */
export function retryAfterMs(error: unknown): number {
  const hint = error instanceof GatewayError ? error.extensions.retryAfterMs : undefined;
  return typeof hint === 'number' && Number.isFinite(hint) && hint > 0 ? hint : 0;
}
