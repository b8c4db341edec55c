/** OData V2 error bodies: the one error class the sandbox ERP throws, its codes, and the handler that writes them. */
import type { ErrorRequestHandler } from 'express';

/**
 * Message codes, SAP style (`message class/number`). The adapter relies on the status and the `target`, never the
 * code; the codes the dialect names are real SAP ones, the `ZSBX/*` ones are the sandbox's own message class.
 */
export const ERROR_CODES = {
  /** Generic message (SAP's SY/530 "&1&2&3&4"): syntax errors, authentication, CSRF, unsupported requests. */
  generic: 'SY/530',
  notFound: '/IWBEP/CM_MGW_RT/020',
  serviceNotFound: '/IWFND/MED/170',
  duplicatePurchaseOrder: 'V1/203',
  missingValue: 'ZSBX/001',
  invalidValue: 'ZSBX/002',
  unknownCustomer: 'ZSBX/003',
  unknownShipTo: 'ZSBX/004',
  unknownMaterial: 'ZSBX/005',
  invalidQuantity: 'ZSBX/006',
  invalidUnit: 'ZSBX/007',
  unknownPlant: 'ZSBX/008',
  unknownSalesOrder: 'ZSBX/010',
  alreadyDelivered: 'ZSBX/011',
  wholeOrderOnly: 'ZSBX/012',
  goodsIssuePosted: 'ZSBX/013',
  injectedFault: 'ZSBX/900',
  internal: 'ZSBX/999',
} as const;

export interface ErrorDetail {
  code: string;
  message: string;
  /** What the message is about: `SoldToParty`, `to_Item(1)/Material`; '' for the request as a whole. */
  target: string;
  severity: 'error';
}

/** A request the sandbox refuses: becomes an OData error body with this status. */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

/** 400 with one message and no target: malformed URLs, query options, bodies. */
export function badRequest(message: string): ODataError {
  return new ODataError(400, ERROR_CODES.generic, message);
}

/** 404 for a segment that names nothing. */
export function notFound(message: string): ODataError {
  return new ODataError(404, ERROR_CODES.notFound, message);
}

/** 400 listing every problem found in a body; the first one is the headline. */
export function validationFailed(details: readonly ErrorDetail[]): ODataError {
  const first = details[0];
  if (!first) throw new TypeError('validationFailed needs at least one detail');
  return new ODataError(400, first.code, first.message, details);
}

export function errorBody(error: ODataError): Record<string, unknown> {
  // SAP always repeats the headline in errordetails; clients that only read errordetails still see it.
  const details = error.details.length > 0 ? error.details : [{ code: error.code, message: error.message, target: '', severity: 'error' as const }];
  return {
    error: {
      code: error.code,
      message: { lang: 'en', value: error.message },
      innererror: { application: { component_id: 'SANDBOX-ERP', service_namespace: '/SAP/' }, errordetails: details },
    },
  };
}

/** Whether an unknown error is one of body-parser's client errors (bad JSON, too large, bad charset). */
function clientStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Writes every error as an OData body, so no request ever sees an HTML page or a stack. Unexpected errors are 500s
 * whose detail stays in the server's log.
 */
export const odataErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  let odataError: ODataError;
  if (error instanceof ODataError) odataError = error;
  else {
    const status = clientStatus(error);
    if (status !== undefined) {
      const type = (error as { type?: unknown }).type;
      const message = type === 'entity.parse.failed' ? 'The request body is not valid JSON' : error instanceof Error ? error.message : 'Bad request';
      odataError = new ODataError(status, ERROR_CODES.generic, message);
    } else {
      console.error('sandbox ERP: unexpected error', error);
      odataError = new ODataError(500, ERROR_CODES.internal, 'Internal error in the sandbox ERP');
    }
  }
  for (const [name, value] of Object.entries(odataError.headers)) res.setHeader(name, value);
  res.status(odataError.status).json(errorBody(odataError));
};
