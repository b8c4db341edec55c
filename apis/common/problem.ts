/** The RFC 9457 problem body every API answers errors with, as the specs show it. */

/** The media type of problem bodies, for `@Response(..., PROBLEM_JSON)` so specs show what is really sent. */
export const PROBLEM_JSON = 'application/problem+json';

/** One failing field of a validation problem. */
export interface ProblemField {
  /** Dotted path of a body field (`body.lines.0.quantity.value`), or the name of a query or path parameter (`limit`). */
  name: string;
  /** Why the field is refused, for a person to read. */
  message: string;
  /** The rejected value, when it is safe to echo. */
  value?: unknown;
}

/**
 * An RFC 9457 problem (media type application/problem+json).
 * @example {
 *   "type": "/portal/problems#ERR_NOT_FOUND",
 *   "title": "Not found",
 *   "status": 404,
 *   "detail": "Customer '0010199999' does not exist",
 *   "instance": "/system/erp/v1/customers/0010199999",
 *   "code": "ERR_NOT_FOUND",
 *   "requestId": "0f8e4bd6-4a31-4d8e-9d0c-6c1f0f3a8a51"
 * }
 */
export interface ProblemDetails {
  /** URI of the problem type's documentation in the developer portal. */
  type: string;
  /** Short, stable summary of the problem type. */
  title: string;
  /** The HTTP status code. */
  status: number;
  /** What went wrong with this request. */
  detail: string;
  /** The path of the request that failed. */
  instance: string;
  /** Stable machine-readable code, one of the portal's problem list (ERR_VALIDATION, ERR_NOT_FOUND...). */
  code: string;
  /** The correlation id of the request: quote it when asking for support. */
  requestId?: string;
  /** For validation problems: every failing field. */
  errors?: ProblemField[];
}
