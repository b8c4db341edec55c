/**
 * A small OData V2 client over the platform HTTP client: builds the URL (with `sap-client`), runs modifying
 * requests through the CSRF session, maps error answers (odata-errors.ts) and parses every answer through an
 * entity schema (entities.ts), so the adapter only sees valid entities or coded errors.
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import type { z } from 'zod';
import { GatewayError } from '../../../../../gateway/errors';
import { CSRF_HEADER, CsrfSession, type CsrfToken } from './csrf-session';
import { mapErpError, type ErrorContext } from './odata-errors';
import { queryString, type ODataQuery } from './odata-query';

export interface ODataClientOptions {
  /** From `createPlatformClient`: base URL (`…/sap/opu/odata/sap`), Basic auth, Accept JSON, timeouts, retries. */
  http: AxiosInstance;
  /** SAP client (mandant), sent as `sap-client` on every request. */
  sapClient: string;
}

export interface GetOptions {
  /** Overrides the client's retry count for this call (health checks answer fast rather than retry). */
  retries?: number;
}

export interface PostOptions {
  /** Query options of the URL: a function import's parameters (`DeliveryDocument='80000001'`). */
  query?: ODataQuery;
  /** Extra request headers, e.g. `If-Match` with the ETag an action on an entity is guarded by. */
  headers?: Record<string, string>;
}

export class ODataClient {
  private readonly http: AxiosInstance;
  private readonly sapClient: string;
  private readonly csrf: CsrfSession;

  constructor(options: ODataClientOptions) {
    this.http = options.http;
    this.sapClient = options.sapClient;
    this.csrf = new CsrfSession(async (service) => {
      const response = await this.http.get(this.url(service, '', {}), { headers: { [CSRF_HEADER]: 'Fetch' } });
      return { headers: response.headers as Record<string, unknown> };
    });
  }

  /** `API_SALES_ORDER_SRV/A_SalesOrder?$filter=…&sap-client=100`, relative to the base URL. */
  url(service: string, resource: string, query: ODataQuery): string {
    return `${service}/${resource}?${queryString(query, { 'sap-client': this.sapClient })}`;
  }

  /** GETs a resource and parses its answer with `schema`. */
  async get<S extends z.ZodType>(
    service: string,
    resource: string,
    query: ODataQuery,
    schema: S,
    context: ErrorContext,
    options: GetOptions = {},
  ): Promise<z.output<S>> {
    const config: AxiosRequestConfig = options.retries === undefined ? {} : { 'axios-retry': { retries: options.retries } };
    let data: unknown;
    try {
      ({ data } = await this.http.get(this.url(service, resource, query), config));
    } catch (error) {
      throw mapErpError(error, context);
    }
    // More entities than `$top` asked for is not the ERP keeping OData's contract: refuse it, never pass it on.
    const results = (data as { d?: { results?: unknown } } | undefined)?.d?.results;
    if (query.top !== undefined && Array.isArray(results) && results.length > query.top) {
      throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP answered ${results.length} entities for ${context.subject} ($top was ${query.top})`);
    }
    return parseAnswer(schema, data, context);
  }

  /**
   * POSTs a body (none for an action: `undefined`) with the service's CSRF token and session cookie (fetching or
   * renewing the token as the ERP requires) and parses the answer with `schema`. Not retried on an unknown outcome:
   * that is the caller's call.
   */
  async post<S extends z.ZodType>(service: string, resource: string, body: unknown, schema: S, context: ErrorContext, options: PostOptions = {}): Promise<z.output<S>> {
    const send = (token: CsrfToken) =>
      this.http.post(this.url(service, resource, options.query ?? {}), body, {
        headers: {
          'Content-Type': 'application/json',
          ...options.headers,
          [CSRF_HEADER]: token.token,
          ...(token.cookie ? { Cookie: token.cookie } : {}),
        },
      });
    let data: unknown;
    try {
      ({ data } = await this.csrf.send(service, send));
    } catch (error) {
      throw mapErpError(error, context);
    }
    return parseAnswer(schema, data, context);
  }
}

function parseAnswer<S extends z.ZodType>(schema: S, data: unknown, context: ErrorContext): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
  throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The ERP answered an unreadable body for ${context.subject} (${where})`, {
    cause: result.error,
  });
}
