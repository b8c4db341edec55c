/**
 * Fuzzing every operation of the served API versions from its own committed OpenAPI spec, against a running gateway:
 * valid inputs (generated from the schemas) never get a 5xx; invalid ones (one mutation each, malformed JSON text,
 * a bad or missing parameter) get a 4xx RFC 9457 problem; random path parameters (unicode, %-encodings, `..`, very
 * long) get a 4xx problem or an answer, never a 5xx. Shared by test/security/fuzz/operations.fuzz.test.ts (bounded
 * runs) and scripts/fuzz.ts (FUZZ_RUNS=2000). Requests go through node:http so paths are sent as written (fetch
 * would normalise `..` away).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { loadCatalog, PROJECT_ROOT, type CatalogEntry } from '../../openapi/catalog';
import { loadConfig, type ClientConfig } from '../../gateway/config';
import { canBreak, invalidValue, normalize, validValue, type OpenApiDocument, type SchemaObject } from './openapi-arbitraries';

export interface FuzzParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: SchemaObject;
}

export interface FuzzOperation {
  /** `POST /partner/customers/v2/orders`, as throttling keys name it. */
  id: string;
  entry: CatalogEntry;
  document: OpenApiDocument;
  method: string;
  /** The route inside the version, with `{name}` placeholders. */
  route: string;
  scopes: string[];
  parameters: FuzzParameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: SchemaObject;
  bodyRequired: boolean;
  /** Media types of a non-JSON body (application/edi-x12): fuzzed elsewhere. */
  otherMediaTypes: string[];
}

interface RawOperation {
  parameters?: FuzzParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> };
  security?: Array<Record<string, string[]>>;
}

/** Every operation of every served (not retired) version, read from its committed spec. */
export function loadOperations(catalog: readonly CatalogEntry[] = loadCatalog()): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const entry of catalog.filter((candidate) => candidate.status !== 'retired')) {
    const document = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'openapi', entry.tier, entry.api, `v${entry.version}.json`), 'utf8')) as OpenApiDocument;
    for (const [route, item] of Object.entries(document.paths)) {
      for (const [method, raw] of Object.entries(item as Record<string, RawOperation>)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const content = raw.requestBody?.content ?? {};
        operations.push({
          id: `${method.toUpperCase()} ${entry.basePath}${route}`,
          entry,
          document,
          method: method.toUpperCase(),
          route,
          scopes: (raw.security ?? []).flatMap((requirement) => Object.values(requirement)[0] ?? []),
          parameters: raw.parameters ?? [],
          ...(content['application/json'] ? { body: content['application/json'].schema } : {}),
          bodyRequired: raw.requestBody?.required ?? false,
          otherMediaTypes: Object.keys(content).filter((type) => type !== 'application/json'),
        });
      }
    }
  }
  return operations;
}

/** The first configured client holding every scope the operation asks for (partner clients are listed first). */
export function clientFor(operation: FuzzOperation, clients: readonly ClientConfig[]): string {
  const client = clients.find((candidate) => operation.scopes.every((scope) => (candidate.scopes as readonly string[]).includes(scope)));
  if (!client) throw new Error(`no configured client holds ${operation.scopes.join(' ')} for ${operation.id}`);
  return client.id;
}

/**
 * Throttling limits high enough that a 429 never hides what the fuzzer is looking for: every plan's limits, and every
 * operation limit configuration/default.yaml sets, raised (read from the configuration, so a new operation limit is
 * raised too). A 429 still seen fails the run (`throttled`).
 */
export function highLimitsOverlay(): Record<string, unknown> {
  const high = 10_000_000;
  const { plans } = loadConfig({ env: {} }).throttling;
  return {
    throttling: {
      plans: Object.fromEntries(
        Object.entries(plans).map(([name, plan]) => [name, { limit: high, dailyQuota: high, operations: Object.fromEntries(Object.keys(plan.operations).map((operation) => [operation, { limit: high }])) }]),
      ),
    },
  };
}

/** Throws when the answer is a 429: the throttling overlay did not cover this operation, and results are masked. */
export function assertNotThrottled(response: { status: number; body: string }): void {
  if (response.status === 429) throw new Error(`throttled (raise highLimitsOverlay): ${response.body.slice(0, 200)}`);
}

export interface FuzzRequest {
  method: string;
  /** The path and query exactly as sent. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Sends one request as written, answering within `timeoutMs` or failing. */
export function send(origin: string, request: FuzzRequest, agent: http.Agent, timeoutMs = 15_000): Promise<FuzzResponse> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: { ...request.headers, ...(request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) }) }, agent, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms: ${request.method} ${request.path}`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Why a response is not an RFC 9457 problem of its own status, or undefined when it is one. */
export function problemDefect(response: FuzzResponse): string | undefined {
  if (!response.contentType.startsWith('application/problem+json')) return `content-type ${response.contentType || '(none)'}`;
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return 'body is not JSON';
  }
  if (!body || typeof body !== 'object') return 'body is not an object';
  const problem = body as Record<string, unknown>;
  if (typeof problem.type !== 'string' || problem.type === '') return 'no type';
  if (typeof problem.title !== 'string' || problem.title === '') return 'no title';
  if (problem.status !== response.status) return `status ${String(problem.status)} in a ${response.status} response`;
  return undefined;
}

/** Serialises parameter values as a query string: arrays repeat the name (tsoa's form), everything percent-encoded. */
function queryString(values: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(typeof item === 'string' ? item : JSON.stringify(item))}`);
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function parameterText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The path with its parameters put in (already encoded, or encoded here). */
function fill(operation: FuzzOperation, pathValues: Record<string, string>, encoded: boolean): string {
  return operation.entry.basePath + operation.route.replace(/\{([^}]+)\}/g, (_whole, name: string) => (encoded ? pathValues[name]! : encodeURIComponent(pathValues[name] ?? 'x')));
}

export interface OperationInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

/** Valid parameters and body, from the spec's schemas. */
export function validInput(operation: FuzzOperation): fc.Arbitrary<OperationInput> {
  const { document } = operation;
  const group = (where: 'path' | 'query') => {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const parameter of operation.parameters.filter((candidate) => candidate.in === where)) {
      const schema = normalize(document, parameter.schema);
      // A path parameter is never empty (the route would not match), nor a query value (tsoa reads `a=` as absent).
      model[parameter.name] = validValue(document, parameter.schema, { maxItems: 3 }).filter((value) => parameterText(value) !== '' && !(Array.isArray(value) && (value.length === 0 || value.some((item) => parameterText(item) === ''))) && (schema.type !== 'string' || typeof value === 'string'));
      if (parameter.required || where === 'path') required.push(parameter.name);
    }
    return fc.record(model, { requiredKeys: required });
  };
  const body = operation.body ? validValue(document, operation.body) : fc.constant(undefined);
  return fc.record({ path: group('path'), query: group('query'), body });
}

export type InvalidInput = OperationInput & { mutation: string; rawBody?: string | Buffer };

/** Query parameter values that are wrong as text for their schema, with what is wrong. */
function badParameterValues(document: OpenApiDocument, raw: SchemaObject): Array<[string, string]> {
  const schema = normalize(document, raw);
  const item = schema.type === 'array' && schema.items ? normalize(document, schema.items) : schema;
  const out: Array<[string, string]> = [];
  if (item.type === 'integer' || item.type === 'number') {
    out.push(['not-a-number', 'not a number'], ['1e400', 'infinite']);
    if (item.type === 'integer') out.push(['1.5', 'not an integer']);
    if (item.minimum !== undefined) out.push([String(item.minimum - 1), `below minimum ${item.minimum}`]);
    if (item.maximum !== undefined) out.push([String(item.maximum + 1), `above maximum ${item.maximum}`]);
  }
  if (item.type === 'boolean') out.push(['maybe', 'not a boolean']);
  if (item.enum) out.push(['NOT_A_MEMBER', 'not in enum']);
  if (item.type === 'string' && !item.enum) {
    if (item.format === 'date-time' || item.format === 'date') out.push(['not-a-date', `not a ${item.format}`], ['2026-13-45T99:99:99Z', `impossible ${item.format}`]);
    if (item.maxLength !== undefined) out.push(['x'.repeat(item.maxLength + 1), `longer than ${item.maxLength}`]);
    if (item.pattern) for (const candidate of ['../..', ' ', 'é', '\u0000', '<script>', '-1']) if (!new RegExp(item.pattern).test(candidate)) out.push([candidate, `off pattern ${item.pattern}`]);
  }
  return out;
}

/** One invalid variation of a valid input, or undefined when the operation has nothing that can be wrong. */
export function invalidInput(operation: FuzzOperation): fc.Arbitrary<InvalidInput> | undefined {
  const { document } = operation;
  const variations: Array<fc.Arbitrary<InvalidInput>> = [];
  const valid = validInput(operation);
  if (operation.body) {
    if (canBreak(document, operation.body)) {
      variations.push(fc.tuple(valid, invalidValue(document, operation.body)).map(([input, bad]) => ({ ...input, body: bad.value, mutation: `body ${bad.mutation}` })));
    }
    const malformed = fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '{\'single\': 1}', '{"a":"\\x"}', '\u0000', '{"a":1,}', '"just a string"', 'NaN');
    variations.push(fc.tuple(valid, malformed).map(([input, text]) => ({ ...input, rawBody: text, mutation: `malformed JSON ${JSON.stringify(text)}` })));
    variations.push(fc.tuple(valid, fc.constantFrom(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from('{"a":"\xc3\x28"}', 'latin1'), Buffer.from([0xc0, 0xaf]))).map(([input, bytes]) => ({ ...input, rawBody: bytes, mutation: `not UTF-8 ${bytes.toString('hex')}` })));
    // An empty JSON body reads as {} (body-parser): missing only when the schema requires some property.
    if (operation.bodyRequired && (normalize(document, operation.body).required ?? []).length > 0) variations.push(valid.map((input) => ({ ...input, rawBody: '', mutation: 'required body missing' })));
  }
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
    const bad = badParameterValues(document, parameter.schema);
    if (bad.length > 0) variations.push(fc.tuple(valid, fc.constantFrom(...bad)).map(([input, [text, why]]) => ({ ...input, query: { ...input.query, [parameter.name]: text }, mutation: `query ${parameter.name}: ${why}` })));
    if (parameter.required) variations.push(valid.map((input) => ({ ...input, query: Object.fromEntries(Object.entries(input.query).filter(([name]) => name !== parameter.name)), mutation: `required query ${parameter.name} missing` })));
  }
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'path')) {
    const bad = badParameterValues(document, parameter.schema).filter(([text]) => text !== '../..' && text !== '\u0000');
    if (bad.length > 0) variations.push(fc.tuple(valid, fc.constantFrom(...bad)).map(([input, [text, why]]) => ({ ...input, path: { ...input.path, [parameter.name]: text }, mutation: `path ${parameter.name}: ${why}` })));
  }
  return variations.length > 0 ? fc.oneof(...variations) : undefined;
}

/** Hostile path parameter text, already as it goes on the wire. */
/** Path segments every run tries first (fast-check examples), whatever the run count: each once found a 500. */
export const KNOWN_HOSTILE_SEGMENTS = ['..', '.', '%2e%2e', '%', '%C0%AF', '%FF%FE', '%E0%A4%A', '%ED%A0%80'] as const;

export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(...KNOWN_HOSTILE_SEGMENTS, '%2E%2E%2F%2E%2E', '..%2F..%2Fetc%2Fpasswd', '%2F', '%5C', '%00', '%zz', 'a%20b', '%0d%0aX-Injected:%201', '~', '$', '%7B%7D', 'null', 'undefined', '__proto__', 'constructor', '0', '-1', '1e999'),
  fc.integer({ min: 200, max: 6000 }).map((length) => 'A'.repeat(length)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

export function requestFor(operation: FuzzOperation, input: OperationInput & { rawBody?: string | Buffer }, token: string, encodedPath?: Record<string, string>): FuzzRequest {
  const pathValues = encodedPath ?? Object.fromEntries(Object.entries(input.path).map(([name, value]) => [name, parameterText(value)]));
  const body = input.rawBody ?? (operation.body && input.body !== undefined ? JSON.stringify(input.body) : undefined);
  return {
    method: operation.method,
    path: fill(operation, pathValues, encodedPath !== undefined) + queryString(input.query),
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  };
}

export interface FuzzStats {
  operation: string;
  kind: 'valid' | 'invalid' | 'path';
  runs: number;
  statuses: Record<string, number>;
  failure?: string;
}

export interface FuzzSettings {
  origin: string;
  token: (clientId: string) => Promise<string>;
  clients: readonly ClientConfig[];
  runs: number;
  agent: http.Agent;
  /** fast-check seed; random when absent. */
  seed?: number;
  timeoutMs?: number;
}

function record(stats: FuzzStats, status: number): void {
  stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
}

function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body ${Buffer.isBuffer(request.body) ? request.body.toString('hex') : request.body.slice(0, 400)}`;
  return `${request.method} ${request.path.slice(0, 300)}${body}`;
}

async function run<T>(stats: FuzzStats, arbitrary: fc.Arbitrary<T>, settings: FuzzSettings, check: (value: T) => Promise<void>, examples: T[] = []): Promise<FuzzStats> {
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      stats.runs += 1;
      await check(value);
    }),
    { numRuns: settings.runs, examples: examples.map((example) => [example] as [T]), ...(settings.seed === undefined ? {} : { seed: settings.seed }), endOnFailure: true },
  );
  if (result.failed) {
    const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    stats.failure = `${stats.kind} ${stats.operation}: ${error}\n  replay: { seed: ${result.seed}, path: "${result.counterexamplePath}" }`;
  }
  return stats;
}

/**
 * Valid inputs every run tries first: each integer query parameter at its largest allowed value (the int32 maximum
 * when the spec sets none), then at its smallest. `offset=2147483647` once got a 502 from the ERP system API.
 */
function boundaryExamples(operation: FuzzOperation): OperationInput[] {
  const integers = operation.parameters.filter((parameter) => parameter.in === 'query' && normalize(operation.document, parameter.schema).type === 'integer');
  if (integers.length === 0) return [];
  const [base] = fc.sample(validInput(operation), { numRuns: 1, seed: 1 });
  return (['maximum', 'minimum'] as const).map((bound) => ({
    ...base!,
    query: { ...base!.query, ...Object.fromEntries(integers.map((parameter) => [parameter.name, normalize(operation.document, parameter.schema)[bound] ?? (bound === 'maximum' ? 2 ** 31 - 1 : -(2 ** 31))])) },
  }));
}

/** Fuzzes one operation: valid inputs, invalid inputs, hostile path parameters. */
export async function fuzzOperation(operation: FuzzOperation, settings: FuzzSettings): Promise<FuzzStats[]> {
  const token = await settings.token(clientFor(operation, settings.clients));
  const call = async (request: FuzzRequest, stats: FuzzStats) => {
    const response = await send(settings.origin, request, settings.agent, settings.timeoutMs);
    record(stats, response.status);
    assertNotThrottled(response);
    return response;
  };
  const results: FuzzStats[] = [];

  const valid: FuzzStats = { operation: operation.id, kind: 'valid', runs: 0, statuses: {} };
  results.push(
    await run(valid, validInput(operation), settings, async (input) => {
      const request = requestFor(operation, input, token);
      const response = await call(request, valid);
      if (response.status >= 500) throw new Error(`valid input got ${response.status}: ${describeRequest(request)} -> ${response.body.slice(0, 300)}`);
      if (response.status >= 400 && problemDefect(response)) throw new Error(`${response.status} is no problem (${problemDefect(response)}): ${describeRequest(request)}`);
    }, boundaryExamples(operation)),
  );

  const invalidArbitrary = invalidInput(operation);
  if (invalidArbitrary) {
    const invalid: FuzzStats = { operation: operation.id, kind: 'invalid', runs: 0, statuses: {} };
    results.push(
      await run(invalid, invalidArbitrary, settings, async (input) => {
        const request = requestFor(operation, input, token);
        const response = await call(request, invalid);
        if (response.status < 400 || response.status >= 500) throw new Error(`${input.mutation}: got ${response.status}, not a 4xx: ${describeRequest(request)} -> ${response.body.slice(0, 300)}`);
        const defect = problemDefect(response);
        if (defect) throw new Error(`${input.mutation}: ${response.status} is no problem (${defect}): ${describeRequest(request)}`);
      }),
    );
  }

  const pathNames = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  if (pathNames.length > 0) {
    const hostile: FuzzStats = { operation: operation.id, kind: 'path', runs: 0, statuses: {} };
    const arbitrary = fc.tuple(validInput(operation), fc.tuple(...pathNames.map(() => hostilePathSegment)));
    // The known offenders, each in every path parameter at once, with one valid input of the operation.
    const [someInput] = fc.sample(validInput(operation), { numRuns: 1, seed: 1 });
    const examples = KNOWN_HOSTILE_SEGMENTS.map((segment) => [someInput!, pathNames.map(() => segment)] as [OperationInput, string[]]);
    results.push(
      await run(hostile, arbitrary, settings, async ([input, segments]) => {
        const request = requestFor(operation, input, token, Object.fromEntries(pathNames.map((name, index) => [name, segments[index]!])));
        const response = await call(request, hostile);
        if (response.status >= 500) throw new Error(`hostile path got ${response.status}: ${describeRequest(request)} -> ${response.body.slice(0, 300)}`);
        if (response.status >= 400 && problemDefect(response)) throw new Error(`${response.status} is no problem (${problemDefect(response)}): ${describeRequest(request)}`);
      }, examples),
    );
  }
  return results;
}

/** Runs `task` over `items` with at most `limit` at once, keeping the order of results. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}
