/**
 * SAP's CSRF protocol for modifying requests: fetch a token (`x-csrf-token: Fetch` on the service document, which
 * also opens the session cookie the token is bound to), cache it per service, send it with the cookie, and when
 * the ERP answers 403 `x-csrf-token: Required` (the token or session expired) fetch a new one once and repeat.
 *
 * A rejected token is never processed by the ERP, so repeating a POST after that 403 cannot create anything twice.
 */
import { GatewayError } from '../../../../../gateway/errors';
import { PlatformResponseError } from '../../../../../gateway/http/platform-client';

export const CSRF_HEADER = 'x-csrf-token';

/** A token and the session cookie it belongs to. */
export interface CsrfToken {
  token: string;
  /** `name=value; name2=value2`, ready for a `Cookie` header; empty when the ERP set no cookie. */
  cookie: string;
}

/** Fetches a new token for one service (the GET of its service document). */
export type CsrfTokenFetcher = (service: string) => Promise<{ headers: Record<string, unknown> }>;

function header(headers: Record<string, unknown>, name: string): unknown {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): unknown }).get(name);
    if (value !== undefined && value !== null) return value;
  }
  return headers[name] ?? headers[name.toLowerCase()];
}

/** The `Cookie` header value for the `Set-Cookie` headers of an answer: each cookie's `name=value`, attributes dropped. */
export function cookieHeader(setCookie: unknown): string {
  const lines = Array.isArray(setCookie) ? setCookie : typeof setCookie === 'string' ? [setCookie] : [];
  return lines
    .map((line) => String(line).split(';', 1)[0]?.trim() ?? '')
    .filter((pair) => pair.includes('='))
    .join('; ');
}

/** Reads the token and session cookie from the answer to a `Fetch`. */
export function readCsrfToken(service: string, headers: Record<string, unknown>): CsrfToken {
  const token = header(headers, CSRF_HEADER);
  if (typeof token !== 'string' || token === '' || /^required$/i.test(token)) {
    throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP handed out no CSRF token for ${service}`);
  }
  return { token, cookie: cookieHeader(header(headers, 'set-cookie')) };
}

/** Whether a failed request was refused for want of a valid CSRF token (403 with `x-csrf-token: Required`). */
export function isCsrfRequired(error: unknown): boolean {
  if (!(error instanceof PlatformResponseError) || error.status !== 403) return false;
  const value = header(error.headers, CSRF_HEADER);
  return typeof value === 'string' && value.toLowerCase() === 'required';
}

/** The token cache: one token (and at most one fetch in flight) per service. */
export class CsrfSession {
  private readonly tokens = new Map<string, Promise<CsrfToken>>();

  constructor(private readonly fetchToken: CsrfTokenFetcher) {}

  /** The cached token of a service, fetching one when there is none. Concurrent callers share one fetch. */
  token(service: string): Promise<CsrfToken> {
    let pending = this.tokens.get(service);
    if (!pending) {
      pending = this.fetchToken(service).then(({ headers }) => readCsrfToken(service, headers));
      this.tokens.set(service, pending);
      // A failed fetch is not cached: the next request tries again.
      pending.catch(() => {
        if (this.tokens.get(service) === pending) this.tokens.delete(service);
      });
    }
    return pending;
  }

  /** Forgets `rejected` (when it is still the cached token: a concurrent request may have replaced it already). */
  async invalidate(service: string, rejected: CsrfToken): Promise<void> {
    const pending = this.tokens.get(service);
    if (!pending) return;
    const current = await pending.catch(() => undefined);
    if (current === rejected && this.tokens.get(service) === pending) this.tokens.delete(service);
  }

  /**
   * Runs a modifying request with the service's token; when the ERP says the token is required (expired, or the
   * session behind it ended), fetches a new one and runs it once more. A second refusal is the ERP's answer.
   */
  async send<T>(service: string, request: (token: CsrfToken) => Promise<T>): Promise<T> {
    const first = await this.token(service);
    try {
      return await request(first);
    } catch (error) {
      if (!isCsrfRequired(error)) throw error;
      await this.invalidate(service, first);
      return request(await this.token(service));
    }
  }
}
