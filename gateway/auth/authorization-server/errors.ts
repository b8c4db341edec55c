/**
 * Token endpoint errors (RFC 6749 §5.2). The token endpoint answers in OAuth's own JSON shape, which clients and
 * their libraries expect, not in problem+json: this is the one place those bodies are written. Every other failure
 * on the authorization server's routes (405, 5xx) goes to the gateway's problem handler.
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
  response.status(error.status).json({ error: error.code, error_description: error.message });
}

/** Writes OAuthErrors; passes anything else on to the problem handler. */
export const oauthErrorHandler: ErrorRequestHandler = (error, _request, response, next) => {
  if (error instanceof OAuthError && !response.headersSent) sendOAuthError(response, error);
  else next(error);
};
