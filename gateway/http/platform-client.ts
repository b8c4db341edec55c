/**
 * The one way this codebase makes HTTP calls to another system (a platform or the next tier): axios over an undici
 * connection pool (undici-adapter.ts: keep-alive, several times node:http's throughput), a timeout, no redirects, a
 * bounded response size, bounded retries with exponential backoff on transient failures,
 * the current request's correlation id and traceparent, and failures mapped to 502/503/504 problems.
 *
 * axios-retry does the retrying: it already honours Retry-After, knows which methods are idempotent and adds
 * jitter; hand-writing that again would be worse.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError, retryAfter } from 'axios-retry';
import { GatewayError } from '../errors';
import { outgoingTraceHeaders } from './trace-headers';
import { createUndiciAdapter } from './undici-adapter';

export interface PlatformClientOptions {
  /** Name used in error details and logs: "ERP", "WMS", "system/erp". */
  name: string;
  baseURL: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt for transient failures (connection refused/reset, timeouts, 429, 500, 502-504). */
  retries: number;
  /** Base delay of the exponential backoff, in milliseconds. */
  retryBaseDelayMs: number;
  /** Largest response body accepted, in bytes; a larger one fails as a bad gateway. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Extra headers on every call (credentials, sap-client...). */
  headers?: Record<string, string>;
  /** HTTP Basic credentials, when the platform wants them. */
  auth?: { username: string; password: string };
  /**
   * Retry non-idempotent methods too. Only for calls whose idempotency the caller guarantees some other way
   * (the OData adapter re-checks by customer PO number before a retried create).
   */
  retryUnsafeMethods?: boolean;
  /**
   * Called when the callee answers 401; resolving true resends the request once (the request interceptors run again,
   * so a renewed credential is sent). Tier clients use it to replace a service token the next tier no longer accepts.
   */
  renewCredentials?: () => Promise<boolean>;
  /**
   * Installs observers on the client (gateway/metrics/upstream-metrics.ts), before the retries are: each attempt is
   * then seen once, with the platform's own answer, not the mapped problem.
   */
  instrument?: (client: AxiosInstance, name: string) => void;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);

function isTimeout(error: AxiosError): boolean {
  return error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === AxiosError.ETIMEDOUT;
}

/** An answer we refused to read whole (larger than maxResponseBytes): asking again would get the same. */
function isOversized(error: AxiosError): boolean {
  return error.code === AxiosError.ERR_BAD_RESPONSE && !error.response;
}

function isTransient(error: AxiosError): boolean {
  if (isOversized(error)) return false;
  if (isTimeout(error) || isNetworkError(error)) return true;
  if (!error.response) return error.code !== AxiosError.ERR_CANCELED;
  return TRANSIENT_STATUSES.has(error.response.status);
}

/**
 * A platform that asks for a pause longer than this is not retried within the request: the caller gets the 503
 * with the platform's Retry-After instead of a request that hangs on our side.
 */
const LONGEST_RETRY_AFTER_MS = 1000;

const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete']);

export function createPlatformClient(options: PlatformClientOptions): AxiosInstance {
  const client = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRedirects: 0,
    adapter: createUndiciAdapter({ connectionsPerOrigin: 64, maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES }).adapter,
    headers: options.headers,
    auth: options.auth,
    // Callers decide what a 4xx means; the interceptor below maps everything else.
    validateStatus: (status) => status < 400,
  });

  client.interceptors.request.use((config) => {
    for (const [name, value] of Object.entries(outgoingTraceHeaders())) config.headers.set(name, value);
    return config;
  });

  options.instrument?.(client, options.name);

  axiosRetry(client, {
    retries: options.retries,
    retryDelay: (retryCount, error) => exponentialDelay(retryCount, error, options.retryBaseDelayMs),
    shouldResetTimeout: true,
    retryCondition: (error) => {
      if (retryAfter(error) > LONGEST_RETRY_AFTER_MS) return false;
      const method = (error.config?.method ?? 'get').toLowerCase();
      if (!options.retryUnsafeMethods && !IDEMPOTENT_METHODS.has(method)) {
        // A POST that never reached the platform is safe to send again; one that may have been received is not.
        return isNetworkError(error) && error.code === 'ECONNREFUSED';
      }
      return isTransient(error);
    },
  });

  client.interceptors.response.use(undefined, async (error: unknown) => {
    const config = error instanceof AxiosError ? (error.config as (typeof error.config & { credentialsRenewed?: boolean }) | undefined) : undefined;
    if (options.renewCredentials && config && !config.credentialsRenewed && (error as AxiosError).response?.status === 401 && (await options.renewCredentials())) {
      config.credentialsRenewed = true;
      return client.request(config);
    }
    throw toPlatformError(options.name, error);
  });
  return client;
}

/**
 * Maps a failed call to the problem the caller sees. 4xx answers stay as `PlatformResponseError` so the
 * adapter can translate them (a 404 from the platform is "not found", not a gateway failure).
 * Details reach callers, so they name the platform and what happened, never its URL or query (filters carry data).
 */
export function toPlatformError(platform: string, error: unknown): Error {
  if (!(error instanceof AxiosError)) return error instanceof Error ? error : new Error(String(error));
  const status = error.response?.status;
  if (status !== undefined && status < 500 && status !== 429) {
    return new PlatformResponseError(platform, status, error.response?.data, error.response?.headers ?? {});
  }
  if (isOversized(error)) {
    return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${platform} answered with more than ${/\d+/.exec(error.message)?.[0] ?? 'the allowed'} bytes`, { cause: error });
  }
  if (isTimeout(error)) {
    return new GatewayError('ERR_PLATFORM_TIMEOUT', `${platform} did not answer in time`, { cause: error });
  }
  if (status === undefined || status === 503 || status === 429) {
    const reason = status === undefined ? (error.code ?? 'no response') : `status ${status}`;
    return new GatewayError('ERR_PLATFORM_UNAVAILABLE', `${platform} is unavailable (${reason})`, {
      cause: error,
      headers: retryAfterHeader(error),
    });
  }
  if (status === 504) {
    return new GatewayError('ERR_PLATFORM_TIMEOUT', `${platform} reported a timeout`, { cause: error });
  }
  return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `${platform} failed with status ${status}`, { cause: error });
}

function retryAfterHeader(error: AxiosError): Record<string, string> {
  const value = error.response?.headers?.['retry-after'];
  return typeof value === 'string' ? { 'Retry-After': value } : {};
}

/** A 4xx answer from a platform, kept for the adapter to interpret in its own dialect. */
export class PlatformResponseError extends Error {
  constructor(
    readonly platform: string,
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, unknown>,
  ) {
    super(`${platform} answered ${status}`);
    this.name = 'PlatformResponseError';
  }
}

export type RequestOptions = Pick<AxiosRequestConfig, 'params' | 'headers' | 'signal'>;
