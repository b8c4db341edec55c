/**
 * The closed list of request-failure codes. Every error a request can end in is one of these; the problem
 * handler (gateway/problem-handler.ts) is the only place that turns them into RFC 9457 bodies.
 *
 * Configuration mistakes are not here: they throw `ConfigError` at boot (gateway/config).
 */

export interface ProblemCodeInfo {
  /** HTTP status sent to the client. */
  status: number;
  /** Short, stable, human title (RFC 9457 `title`). */
  title: string;
  /** Whether the error's own detail may be shown to the caller. 5xx details never leave the process. */
  expose: boolean;
}

export const PROBLEM_CODES = {
  ERR_VALIDATION: { status: 400, title: 'Request validation failed', expose: true },
  ERR_MALFORMED_BODY: { status: 400, title: 'Malformed request body', expose: true },
  /**
   * The request's head is ambiguous: a header that must appear once (Authorization, Content-Type, Host...) appears
   * several times. Node would silently keep the first; we refuse rather than guess which one the client meant. Also
   * a request node's parser refuses (a malformed head, Transfer-Encoding with Content-Length); the connection closes.
   */
  ERR_MALFORMED_REQUEST: { status: 400, title: 'Malformed request', expose: true },
  /** No token, or a token that fails verification. Answered with `WWW-Authenticate: Bearer error="invalid_token"`. */
  ERR_UNAUTHENTICATED: { status: 401, title: 'Authentication required', expose: true },
  /** A valid token without the scope the operation needs (`error="insufficient_scope"`), or an object not the caller's to act on. */
  ERR_FORBIDDEN: { status: 403, title: 'Forbidden', expose: true },
  ERR_NOT_FOUND: { status: 404, title: 'Not found', expose: true },
  /**
   * Nothing serves the path. When it names a catalogued API but a version the catalog lacks (or no version),
   * the `versions` extension member lists the versions it has, with their status and base path.
   */
  ERR_ROUTE_NOT_FOUND: { status: 404, title: 'No such route', expose: true },
  ERR_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed', expose: true },
  ERR_CONFLICT: { status: 409, title: 'Conflict', expose: true },
  /**
   * The API version is retired, past its sunset, or inside a scheduled brownout (then `brownoutEnds` says until
   * when). `successor` and `sunset` say where to go and since when; the lifecycle headers come with it.
   */
  ERR_GONE: { status: 410, title: 'API version gone', expose: true },
  /**
   * A request with the same `Idempotency-Key` is still being processed (draft-ietf-httpapi-idempotency-key-header
   * §2.6). Answered with `Retry-After`; retrying after the first request has finished replays its response.
   */
  ERR_IDEMPOTENCY_IN_FLIGHT: { status: 409, title: 'A request with this idempotency key is in progress', expose: true },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large', expose: true },
  /** A head over `server.maxHeaderSizeBytes`, or more header fields than `server.maxHeadersCount` (node would drop the rest silently). */
  ERR_HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large', expose: true },
  /** The head or the body did not arrive within `server.headersTimeoutMs` / `server.requestTimeoutMs`; the connection is closed. */
  ERR_REQUEST_TIMEOUT: { status: 408, title: 'Request timeout', expose: true },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', expose: true },
  ERR_UNPROCESSABLE: { status: 422, title: 'Business rule violated', expose: true },
  /**
   * A throttling limit of the client's plan is used up: its window limit, its daily quota (UTC day) or an operation
   * limit. Sent with `Retry-After` (seconds until that limit resets) and the `policy` extension member naming the
   * limit, the same name the `RateLimit`/`RateLimit-Policy` headers use.
   */
  ERR_RATE_LIMITED: { status: 429, title: 'Too many requests', expose: true },
  /** The `Idempotency-Key` was already used by this client for a different request (other body, path or query). */
  ERR_IDEMPOTENCY_MISMATCH: { status: 422, title: 'Idempotency key reused for a different request', expose: true },
  /** The platform answered with something we cannot use (a 5xx it will not recover from, a malformed body). */
  ERR_PLATFORM_BAD_GATEWAY: { status: 502, title: 'Upstream platform failed', expose: true },
  /** The platform is down or refused the connection, or said it is unavailable. Retrying later may help. */
  ERR_PLATFORM_UNAVAILABLE: { status: 503, title: 'Upstream platform unavailable', expose: true },
  /** The platform did not answer within its timeout. */
  ERR_PLATFORM_TIMEOUT: { status: 504, title: 'Upstream platform timed out', expose: true },
  /** The token issuer's keys cannot be fetched and none are cached: the token cannot be judged either way. */
  ERR_AUTH_UNAVAILABLE: { status: 503, title: 'Token verification unavailable', expose: true },
  /**
   * The shared state store (Redis) did not answer within its command timeout, and the policy that needed it fails
   * closed (idempotency by default). Nothing was processed; retrying later may help.
   */
  ERR_STATE_UNAVAILABLE: { status: 503, title: 'Shared state unavailable', expose: true },
  /** The gateway has opened its port but is not ready to serve yet (start-up); retry in a moment. */
  ERR_STARTING: { status: 503, title: 'Starting', expose: true },
  ERR_INTERNAL: { status: 500, title: 'Internal error', expose: false },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** One failing field of a validation problem, named by its dotted path (`body.lines.0.quantity`). */
export interface FieldError {
  name: string;
  message: string;
  value?: unknown;
}

export interface GatewayErrorOptions {
  /** Extra members for the problem body (RFC 9457 extension members). Must not contain secrets. */
  extensions?: Record<string, unknown>;
  /** Failing fields, for validation problems. */
  fields?: FieldError[];
  cause?: unknown;
  /** Response headers the problem needs (`Retry-After`, `Allow`). */
  headers?: Record<string, string>;
}

/** A request failure with a stable code. Throw it (or pass it to `next`); never write error bodies yourself. */
export class GatewayError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly expose: boolean;
  readonly extensions: Record<string, unknown>;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail: string, options: GatewayErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    const info: ProblemCodeInfo = PROBLEM_CODES[code];
    this.name = 'GatewayError';
    this.code = code;
    this.status = info.status;
    this.expose = info.expose;
    this.extensions = options.extensions ?? {};
    this.fields = options.fields;
    this.headers = options.headers ?? {};
  }
}

export function notFound(what: string, id: string): GatewayError {
  return new GatewayError('ERR_NOT_FOUND', `${what} '${id}' does not exist`);
}
