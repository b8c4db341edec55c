/**
 * axios's transport replaced by undici: every platform and tier call keeps axios's interface (interceptors,
 * axios-retry, AxiosError and its codes, which our retry and problem mapping read), but goes over an undici
 * connection pool instead of node:http.
 *
 * Why: a tier hop is one HTTP call per tier, and on the same machine and run axios's node:http adapter managed about
 * a fifth of undici's throughput at 5 times its median latency for the same keep-alive GET (1.3-1.7k against 6.8-9k
 * requests per second, 5.5 ms against 0.7-1.3 ms p50, 10 concurrent; Node's fetch was no better than axios). The
 * difference is per-request work in the client, not the network.
 *
 * What the adapter keeps from the node:http adapter, because the callers rely on it:
 * - no redirects are followed (undici follows none unless asked);
 * - `timeout` bounds the whole exchange, headers and body, and fails with code ECONNABORTED;
 * - connection failures keep their system code (ECONNREFUSED...), so a POST refused before it was sent can be retried
 *   and nothing else is;
 * - `validateStatus` decides which statuses reject, with ERR_BAD_REQUEST / ERR_BAD_RESPONSE as axios would;
 * - `auth` becomes HTTP Basic.
 * What it adds: a response larger than `maxResponseBytes` (or the request's `maxContentLength`) is cut off and fails
 * (ERR_BAD_RESPONSE): a hostile or broken upstream cannot make us buffer without bound.
 * It asks for no compression (no Accept-Encoding), so bodies arrive as sent and need no decoding.
 */
import { STATUS_CODES } from 'node:http';
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { Agent, type Dispatcher } from 'undici';

export interface UndiciAdapterOptions {
  /** Connections kept per origin. */
  connectionsPerOrigin: number;
  /** Largest response body accepted, in bytes, unless a request sets `maxContentLength`. */
  maxResponseBytes: number;
}

/** Connection failures whose code undici reports in its own terms: mapped to the system codes axios callers know. */
const UNDICI_CODES: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
};

type RequestBody = string | Buffer | Uint8Array | undefined;

function requestBody(data: unknown): RequestBody {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || Buffer.isBuffer(data) || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  // transformRequest has already turned objects and URLSearchParams into strings; anything else is a caller's bug.
  throw new TypeError(`undici adapter: unsupported request body (${Object.prototype.toString.call(data)})`);
}

function requestHeaders(config: InternalAxiosRequestConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON() as Record<string, unknown>)) {
    if (value === undefined || value === null || value === false) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (config.auth) {
    headers.authorization = `Basic ${Buffer.from(`${config.auth.username ?? ''}:${config.auth.password ?? ''}`, 'utf8').toString('base64')}`;
  }
  return headers;
}

function responseLimit(config: InternalAxiosRequestConfig, options: UndiciAdapterOptions): number {
  return config.maxContentLength !== undefined && config.maxContentLength > -1 ? config.maxContentLength : options.maxResponseBytes;
}

async function readBody(body: Dispatcher.ResponseData['body'], limit: number, config: InternalAxiosRequestConfig, request: object): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      body.destroy();
      throw new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, request);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
}

function timeoutError(config: InternalAxiosRequestConfig, request: object): AxiosError {
  return new AxiosError(config.timeoutErrorMessage ?? `timeout of ${config.timeout}ms exceeded`, 'ECONNABORTED', config, request);
}

export interface UndiciAdapter {
  adapter: AxiosAdapter;
  close(): Promise<void>;
}

export function createUndiciAdapter(options: UndiciAdapterOptions): UndiciAdapter {
  const dispatcher = new Agent({ connections: options.connectionsPerOrigin });

  const adapter: AxiosAdapter = async (config) => {
    const url = new URL(axios.getUri(config));
    const method = (config.method ?? 'get').toUpperCase();
    const request = { method, path: url.pathname };
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      config.timeout && config.timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, config.timeout)
        : undefined;
    const onCancel = () => controller.abort();
    const callerSignal = config.signal as AbortSignal | undefined;
    callerSignal?.addEventListener?.('abort', onCancel, { once: true });

    try {
      if (callerSignal?.aborted) throw new axios.CanceledError(undefined, config, request);
      const answer = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: method as Dispatcher.HttpMethod,
        headers: requestHeaders(config),
        body: requestBody(config.data),
        signal: controller.signal,
      });
      const declared = Number(answer.headers['content-length']);
      const limit = responseLimit(config, options);
      if (Number.isFinite(declared) && declared > limit) {
        answer.body.destroy();
        throw new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, request);
      }
      const bytes = await readBody(answer.body, limit, config, request);
      const response: AxiosResponse = {
        data: config.responseType === 'arraybuffer' ? bytes : bytes.toString('utf8'),
        status: answer.statusCode,
        statusText: STATUS_CODES[answer.statusCode] ?? '',
        headers: AxiosHeaders.from(answer.headers as Record<string, string | string[]>),
        config,
        request,
      };
      if (!config.validateStatus || config.validateStatus(answer.statusCode)) return response;
      throw new AxiosError(
        `Request failed with status code ${answer.statusCode}`,
        answer.statusCode >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
        config,
        request,
        response,
      );
    } catch (error) {
      if (error instanceof AxiosError) throw error;
      if (timedOut) throw timeoutError(config, request);
      if (callerSignal?.aborted) throw new axios.CanceledError(undefined, config, request);
      const code = (error as { code?: string }).code;
      throw AxiosError.from(error, code ? (UNDICI_CODES[code] ?? code) : undefined, config, request);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener?.('abort', onCancel);
    }
  };

  return { adapter, close: () => dispatcher.close() };
}
