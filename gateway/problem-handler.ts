/**
 * The one place where errors become RFC 9457 `application/problem+json` responses. Policies, controllers and
 * adapters throw (or `next(err)`); they never write error bodies. 5xx details and stack traces never leave.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ValidateError } from '@tsoa/runtime';
import { GatewayError, PROBLEM_CODES, type FieldError, type ProblemCode } from './errors';
import { currentRequestContext } from './request-context';
import type { Logger } from './logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where `type` URIs point: the portal's page listing every problem code. */
export const PROBLEM_TYPE_BASE = '/portal/problems#';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ProblemCode;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** body-parser's errors carry a `type`; these are the ones a client can cause. */
function fromBodyParser(error: { type?: unknown; message?: string; limit?: unknown }): GatewayError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new GatewayError('ERR_MALFORMED_BODY', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new GatewayError('ERR_PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${String(error.limit)} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new GatewayError('ERR_UNSUPPORTED_MEDIA_TYPE', error.message ?? 'Unsupported content encoding');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new GatewayError('ERR_MALFORMED_BODY', 'The request body could not be read');
    default:
      return undefined;
  }
}

/**
 * Problems name a body field `body.lines.0.quantity`, and a query or path parameter by its name (`limit`).
 * tsoa says `body.purchaseOrderNumber` for top-level fields (every `@Body()` parameter is called `body`) but
 * `lines.$0.quantity` inside arrays, without the parameter. Parameters are never dotted, so a dotted name is a
 * body field.
 */
export function fieldName(tsoaName: string): string {
  const name = tsoaName.replace(/\.?\$(\d+)/g, '.$1').replace(/^\./, '');
  return name.includes('.') && !name.startsWith('body.') ? `body.${name}` : name;
}

function fromValidateError(error: ValidateError): GatewayError {
  const fields: FieldError[] = Object.entries(error.fields ?? {}).map(([name, field]) => ({
    name: fieldName(name),
    message: field.message,
    ...(field.value === undefined ? {} : { value: field.value }),
  }));
  const names = fields.map((field) => field.name).join(', ');
  return new GatewayError('ERR_VALIDATION', `Invalid request: ${names || error.message}`, { fields });
}

export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof ValidateError) return fromValidateError(error);
  // The router's decoding of a path parameter (`%C0%AF`, a lone `%`): the client's mistake, not ours. The value is
  // not echoed: it is whatever bytes the client chose.
  if (error instanceof URIError && (error as URIError & { status?: unknown }).status === 400) {
    return new GatewayError('ERR_MALFORMED_REQUEST', 'The request path is not valid percent-encoded UTF-8');
  }
  if (error && typeof error === 'object' && 'type' in error) {
    const mapped = fromBodyParser(error as { type?: unknown });
    if (mapped) return mapped;
  }
  return new GatewayError('ERR_INTERNAL', 'An unexpected error occurred', { cause: error });
}

export function problemBody(error: GatewayError, request: Pick<Request, 'originalUrl'>): ProblemBody {
  const info = PROBLEM_CODES[error.code];
  const requestId = currentRequestContext()?.correlationId;
  return {
    ...error.extensions,
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: info.title,
    status: error.status,
    detail: error.expose ? error.message : info.title,
    instance: request.originalUrl.split('?')[0] ?? '/',
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...(error.fields ? { errors: error.fields } : {}),
  };
}

export function sendProblem(response: Response, request: Request, error: GatewayError): void {
  // The audit policy reads what went wrong from here.
  response.locals.problem = { code: error.code, detail: error.expose ? error.message : PROBLEM_CODES[error.code].title, status: error.status };
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  response.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(error, request)));
}

export function createProblemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const problem = toGatewayError(error);
    if (problem.status >= 500) {
      logger.error('request failed', {
        code: problem.code,
        method: request.method,
        path: request.path,
        error: problem.code === 'ERR_INTERNAL' ? describe(error) : problem.message,
        cause: problem.code === 'ERR_INTERNAL' ? undefined : describe(problem.cause),
      });
    }
    sendProblem(response, request, problem);
  };
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** The last route: nothing matched. */
export const routeNotFound: RequestHandler = (request, _response, next) => {
  next(new GatewayError('ERR_ROUTE_NOT_FOUND', `No route matches ${request.method} ${request.path}`));
};
