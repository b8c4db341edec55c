/**
 * OData V2 error answers → the gateway's coded errors. The status decides (SAP's message codes vary by release):
 * 404 is the caller's "not found"; a 400 to a modifying request is a business rule the caller broke (422, naming the
 * field); any other 4xx — a 400 to a query, 401/403 (credentials, authorisations), 405, 415 — is this gateway's
 * misconfiguration or bug, never the caller's, so it is a 502.
 */
import { GatewayError, type FieldError } from '../../../../../gateway/errors';
import { PlatformResponseError } from '../../../../../gateway/http/platform-client';

/** One `innererror.errordetails[]` entry. */
export interface ODataErrorDetail {
  code?: string;
  message: string;
  severity?: string;
  /** The OData path of the offending value: `to_Item(1)/Material`, `SoldToParty`. */
  target?: string;
}

export interface ODataErrorBody {
  code?: string;
  message: string;
  details: ODataErrorDetail[];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') {
    return (value as { value: string }).value;
  }
  return undefined;
}

/** Reads `{"error": {"code", "message": {"value"}, "innererror": {"errordetails": [...]}}}`; undefined when it is not one. */
export function parseODataError(body: unknown): ODataErrorBody | undefined {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (!error || typeof error !== 'object') return undefined;
  const { code, message, innererror } = error as { code?: unknown; message?: unknown; innererror?: unknown };
  const rawDetails = innererror && typeof innererror === 'object' ? (innererror as { errordetails?: unknown }).errordetails : undefined;
  const details: ODataErrorDetail[] = [];
  if (Array.isArray(rawDetails)) {
    for (const raw of rawDetails) {
      if (!raw || typeof raw !== 'object') continue;
      const entry = raw as Record<string, unknown>;
      const detailMessage = text(entry.message);
      if (detailMessage === undefined) continue;
      details.push({
        message: detailMessage,
        ...(typeof entry.code === 'string' ? { code: entry.code } : {}),
        ...(typeof entry.severity === 'string' ? { severity: entry.severity } : {}),
        ...(typeof entry.target === 'string' && entry.target !== '' ? { target: entry.target } : {}),
      });
    }
  }
  return {
    message: text(message) ?? 'no message',
    details,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** How one call wants the ERP's errors read. */
export interface ErrorContext {
  /** What the call was after, for messages: "customer '0010100001'". */
  subject: string;
  /** The error a 404 becomes (usually `notFound(...)`); without it a 404 is the ERP contradicting itself: 502. */
  notFound?: () => GatewayError;
  /** Whether a 400 is the caller's business mistake (a create, a simulation) rather than our malformed query. */
  businessErrors?: boolean;
  /** The caller's field (`body.lines.0.material`) an OData target names, when the call can tell. */
  fieldOf?: (target: string) => string | undefined;
}

/** Error details worth showing: errors, not the informational messages SAP appends. */
function relevantDetails(error: ODataErrorBody): ODataErrorDetail[] {
  return error.details.filter((detail) => detail.severity === undefined || /^(error|abort)$/i.test(detail.severity));
}

/** Maps anything a call to the ERP threw. GatewayErrors (timeouts, 5xx, refused connections) pass through. */
export function mapErpError(error: unknown, context: ErrorContext): unknown {
  if (!(error instanceof PlatformResponseError)) return error;
  const odata = parseODataError(error.body);
  const erpSays = odata ? `: ${odata.message}` : '';
  switch (error.status) {
    case 404:
      if (context.notFound) return context.notFound();
      break;
    case 400:
      if (context.businessErrors && odata) return unprocessable(odata, context, error);
      break;
    case 401:
      return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP rejected the gateway's credentials for ${context.subject}`, { cause: error });
    case 403:
      return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP refused the gateway access to ${context.subject}${erpSays}`, { cause: error });
    default:
      break;
  }
  return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP answered ${error.status} for ${context.subject}${erpSays}`, { cause: error });
}

function unprocessable(odata: ODataErrorBody, context: ErrorContext, cause: PlatformResponseError): GatewayError {
  const fields: FieldError[] = [];
  const named = new Set<string>();
  for (const detail of relevantDetails(odata)) {
    if (detail.target === undefined) continue;
    const field = context.fieldOf?.(detail.target);
    // A target this call cannot translate is still named, in the ERP's words, so nobody has to guess.
    named.add(field ?? detail.target);
    if (field !== undefined) fields.push({ name: field, message: detail.message });
  }
  const naming = named.size > 0 ? ` (${[...named].join(', ')})` : '';
  return new GatewayError('ERR_UNPROCESSABLE', `The ERP refused ${context.subject}${naming}: ${odata.message}`, {
    cause,
    ...(fields.length > 0 ? { fields } : {}),
  });
}
