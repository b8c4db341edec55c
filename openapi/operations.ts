/**
 * Names the operation a request is for, from the committed spec of its API version: `POST /partner/customers/v1/orders`,
 * `GET /process/orders/v1/orders/{orderId}`. Policies that run before express has matched a route (throttling's
 * per-operation limits) use it; the names are the spec's, so configuration and contract speak the same language.
 */
import type { CatalogEntry } from './catalog';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Matcher {
  method: string;
  pattern: RegExp;
  name: string;
}

export type OperationMatcher = (method: string, pathWithinVersion: string) => string | undefined;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every operation name the spec defines, e.g. `GET /system/erp/v1/customers/{customerNumber}`. */
export function operationNames(entry: CatalogEntry, spec: { paths?: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(spec.paths ?? {}).flatMap(([template, item]) =>
    METHODS.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${entry.basePath}${template}`),
  );
}

export function createOperationMatcher(entry: CatalogEntry, spec: { paths?: Record<string, Record<string, unknown>> }): OperationMatcher {
  const matchers: Matcher[] = Object.entries(spec.paths ?? {}).flatMap(([template, item]) => {
    // A parameter matches one path segment; literal segments must match exactly. Literal routes are tried first.
    const pattern = new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}/?$`);
    return METHODS.filter((method) => method in item).map((method) => ({ method: method.toUpperCase(), pattern, name: `${method.toUpperCase()} ${entry.basePath}${template}` }));
  });
  matchers.sort((a, b) => (a.name.includes('{') ? 1 : 0) - (b.name.includes('{') ? 1 : 0));
  return (method, pathWithinVersion) => matchers.find((matcher) => matcher.method === method && matcher.pattern.test(pathWithinVersion))?.name;
}
