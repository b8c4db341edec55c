/**
 * Token endpoint errors (RFC 6749 §5.2). The token endpoint answers in OAuth's own JSON shape, which clients and
 * their libraries expect, not in problem+json: this is the one place those bodies are written. Every other failure
 * on the authorization server's routes (405, 5xx) goes to the gateway's problem handler, except the token endpoint's
 * own retryable refusals (429 too_many_attempts, 503 temporarily_unavailable), which OAuth clients must be able to
 * read as OAuth errors.
 */
import type { ErrorRequestHandler, Response } from 'express';

/** The RFC 6749 §5.2 codes the token endpoint uses, with their HTTP status. */
export const OAUTH_ERRORS = {
  /** Missing or repeated parameter, wrong media type, malformed or oversized body, two client authentications. */
  invalid_request: 400,
  /** Unknown client, wrong secret, no or malformed client authentication. Always the same description. */
  invalid_client: 401,
  /** `grant_type` is not `client_credentials`. */
  unsupported_grant_type: 400,
  /** A requested scope the client does not hold (or that does not exist). Never narrowed silently. */
  invalid_scope: 400,
  /**
   * Too many failed client authentications for this client id or from this address in the window: 429 with
   * Retry-After, answered without verifying the secret (brute-force protection, see failure-limits.ts).
   *
   * RFC 6749 §5.2 has no code for this. `slow_down` is RFC 8628's device-flow polling code ("poll less often"), and
   * `invalid_client` would tell a caller presenting the right secret that it is wrong. Authorization servers that
   * lock out repeated failures answer HTTP 429 (RFC 6585) with Retry-After and an error of their own in the OAuth
   * body (Auth0's `too_many_attempts`); RFC 6749 §8.5 allows such extension codes. OAuth client libraries read
   * the status and the `error` member, so the shape stays the one they expect.
   */
  too_many_attempts: 429,
  /**
   * The server cannot check the credentials now: every secret verification slot and its queue are taken, or the
   * failure counters cannot be reached while `auth.tokenEndpoint.failMode` is `closed`. 503 with Retry-After; the
   * code is RFC 6749 §4.1.2.1's, used here as its HTTP meaning.
   */
  temporarily_unavailable: 503,
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

export const BASIC_CHALLENGE = 'Basic realm="distribution-gateway"';

/** error_description may only hold %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §5.2): no quotes, backslashes or controls. */
function safeDescription(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}

export class OAuthError extends Error {
  override name = 'OAuthError';
  readonly status: number;

  constructor(
    readonly code: OAuthErrorCode,
    description: string,
    /** For invalid_client: answer with a Basic challenge (the client tried Basic, or sent no credentials). */
    readonly challenge = false,
    /** Seconds, sent as Retry-After (429 and 503 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(safeDescription(description));
    this.status = OAUTH_ERRORS[code];
  }
}

/** Token responses, good or bad, must never be cached (RFC 6749 §5.1). */
export function noStore(response: Response): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
}

export function sendOAuthError(response: Response, error: OAuthError): void {
  noStore(response);
  if (error.challenge) response.setHeader('WWW-Authenticate', BASIC_CHALLENGE);
  if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
  response.status(error.status).json({ error: error.code, error_description: error.message });
}

/** Writes OAuthErrors; passes anything else on to the problem handler. */
export const oauthErrorHandler: ErrorRequestHandler = (error, _request, response, next) => {
  if (error instanceof OAuthError && !response.headersSent) sendOAuthError(response, error);
  else next(error);
};
