/**
 * What the OWASP API Security Top 10 tests enumerate: every operation of every published spec (the committed
 * openapi/{tier}/{api}/v{n}.json of each served catalog entry), the clients of config/default.yaml, and the small
 * helpers to call an operation with its spec's own example. Deriving the lists here means a new operation, a new
 * partner client or a new id-bearing route is tested without anyone remembering to add it.
 */
import assert from 'node:assert/strict';
import { loadCatalog, loadSpec, type CatalogEntry } from '../../../openapi/catalog';
import { loadConfig, type ClientConfig } from '../../../gateway/config';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  readOnly?: boolean;
  maximum?: number;
  minimum?: number;
  default?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  allOf?: Schema[];
  oneOf?: Schema[];
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface SpecOperation {
  entry: CatalogEntry;
  spec: Record<string, unknown>;
  method: (typeof METHODS)[number];
  /** The path template within the version: `/orders/{orderId}`. */
  template: string;
  /** `GET /partner/customers/v2/orders/{orderId}`: the name throttling and the metrics use. */
  name: string;
  parameters: Parameter[];
  scopes: string[];
  requestBody?: { mediaType: string; schema: Schema; example?: unknown };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** The catalog's served versions (not retired). */
export function servedEntries(): CatalogEntry[] {
  return loadCatalog().filter((entry) => entry.status !== 'retired');
}

/** Every operation of every published spec. */
export function publishedOperations(): SpecOperation[] {
  return servedEntries().flatMap((entry) => {
    const spec = loadSpec(entry);
    const paths = (spec.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    return Object.entries(paths).flatMap(([template, item]) =>
      METHODS.filter((method) => item[method]).map((method): SpecOperation => {
        const operation = item[method] as Record<string, any>;
        const content = operation.requestBody?.content as Record<string, { schema: Schema; example?: unknown }> | undefined;
        const mediaType = content ? Object.keys(content)[0] : undefined;
        return {
          entry,
          spec,
          method,
          template,
          name: `${method.toUpperCase()} ${entry.basePath}${template}`,
          parameters: (operation.parameters ?? []) as Parameter[],
          scopes: ((operation.security ?? []) as Array<{ oauth2?: string[] }>).flatMap((requirement) => requirement.oauth2 ?? []),
          ...(content && mediaType ? { requestBody: { mediaType, schema: content[mediaType]!.schema, example: content[mediaType]!.example } } : {}),
          responses: operation.responses ?? {},
        };
      }),
    );
  });
}

/** Follows a `#/components/schemas/X` reference within the operation's spec. */
export function resolve(operation: Pick<SpecOperation, 'spec'>, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const resolved = ((operation.spec.components as { schemas: Record<string, Schema> }).schemas)[name];
  assert.ok(resolved, `unresolved ${schema.$ref}`);
  return resolve(operation, resolved);
}

/** The JSON schema of the operation's first 2xx answer, resolved. */
export function successSchema(operation: SpecOperation): Schema | undefined {
  const status = Object.keys(operation.responses).find((code) => /^2\d\d$/.test(code));
  const content = status ? operation.responses[status]?.content : undefined;
  const json = content && Object.entries(content).find(([type]) => /json/.test(type));
  return json ? resolve(operation, json[1].schema) : undefined;
}

/** The operation's path with each parameter filled in (`values[name]`, else `sample`). */
export function concretePath(operation: SpecOperation, values: Record<string, string> = {}, sample = 'x'): string {
  return `${operation.entry.basePath}${operation.template.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(values[name] ?? sample))}`;
}

export const pathParameters = (operation: SpecOperation): string[] => [...operation.template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);

/** The configured clients (config/default.yaml) and the partner ones among them. */
export function configuredClients(): ClientConfig[] {
  return loadConfig({ env: {} }).auth.clients;
}

export function partnerClients(): ClientConfig[] {
  return configuredClients().filter((client) => client.partner);
}

/** The first configured client granted every scope the operation asks for (one requirement suffices). */
export function clientFor(operation: SpecOperation, candidates: readonly ClientConfig[] = configuredClients()): ClientConfig | undefined {
  return candidates.find((client) => operation.scopes.some((scope) => client.scopes.includes(scope as never)));
}

/** Asserts a body is an RFC 9457 problem of the gateway's shape and returns it. */
export function assertProblem(response: { status: number; headers: Record<string, string>; body: any }, status: number, what: string): Record<string, any> {
  assert.equal(response.status, status, `${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/, `${what}: problem+json`);
  for (const key of ['type', 'title', 'status', 'detail', 'instance', 'code']) assert.ok(key in response.body, `${what}: problem has ${key}`);
  return response.body as Record<string, any>;
}

/** A problem body without what differs per request (instance, request id), for "answers exactly like" comparisons. */
export function problemShape(body: Record<string, unknown>): Record<string, unknown> {
  const { instance: _instance, requestId: _requestId, detail, ...rest } = body;
  return { ...rest, detail: typeof detail === 'string' ? detail.replace(/\/[^\s]*/g, '<path>') : detail };
}
