/** Fault injection for "platform slow" and "platform down" tests: latency on every answer, or the next N failing. */
import type { RequestHandler } from 'express';
import { ERROR_CODES, ODataError } from './odata/errors';

export interface FaultSettings {
  /** Added before every answer, in milliseconds. */
  latencyMs: number;
  /** How many of the next requests fail. */
  failNext: number;
  /** The status those failures answer with (400-599). */
  failStatus: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({ latencyMs: 0, failNext: 0, failStatus: 503 });

const LIMITS: Record<keyof FaultSettings, [number, number]> = {
  latencyMs: [0, 60_000],
  failNext: [0, 10_000],
  failStatus: [400, 599],
};

/**
 * Reads a `POST /__sandbox/faults` body: the fields given replace the current ones, the others stay. Unknown or
 * out-of-range fields are refused with the reason, so a misspelled option never silently does nothing.
 */
export function parseFaultSettings(body: unknown, current: FaultSettings): FaultSettings | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'body must be a JSON object' };
  const next: FaultSettings = { ...current };
  for (const [name, value] of Object.entries(body)) {
    if (!Object.hasOwn(LIMITS, name)) return { error: `unknown option '${name}' (latencyMs, failNext, failStatus)` };
    const [low, high] = LIMITS[name as keyof FaultSettings];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) return { error: `${name} must be an integer from ${low} to ${high}` };
    next[name as keyof FaultSettings] = value;
  }
  return next;
}

export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };
  private readonly timers = new Set<NodeJS.Timeout>();

  current(): FaultSettings {
    return { ...this.settings };
  }

  set(settings: FaultSettings): void {
    this.settings = { ...settings };
  }

  clear(): void {
    this.settings = { ...NO_FAULTS };
  }

  /** Drops pending delays (the server is closing). */
  cancelPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  middleware(): RequestHandler {
    return (_req, _res, next) => {
      // Counted on arrival, so concurrent requests each take their own failure.
      const fail = this.settings.failNext > 0;
      if (fail) this.settings.failNext -= 1;
      const status = this.settings.failStatus;
      const proceed = (): void => {
        if (fail) next(new ODataError(status, ERROR_CODES.injectedFault, `Sandbox fault injection: this request fails with ${status}`));
        else next();
      };
      if (this.settings.latencyMs <= 0) {
        proceed();
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        proceed();
      }, this.settings.latencyMs);
      this.timers.add(timer);
    };
  }
}
