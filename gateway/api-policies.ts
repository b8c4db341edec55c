/**
 * Builds the API policies of one gateway instance from configuration and the resources they hold (the audit file,
 * the shared state): lifecycle per catalog entry, throttling by plan, idempotency. The order they run in is
 * declared in gateway/app.ts.
 */
import type { RequestHandler } from 'express';
import { createIdempotency } from '../policies/idempotency';
import { createLifecycle } from '../policies/lifecycle';
import { createThrottling } from '../policies/throttling';
import { createAudit, type AuditLog } from '../policies/audit';
import { loadSpec, type CatalogEntry } from '../openapi/catalog';
import { createOperationMatcher, operationNames, type OperationMatcher } from '../openapi/operations';
import type { ApiPolicies } from './app';
import type { Caller } from './auth/caller';
import { ConfigError, type GatewayConfig } from './config';
import type { ReadinessCheck } from './health';
import type { Logger } from './logger';
import type { SharedState } from './state/setup';
import type { UsageStore } from './state/ports';

export interface BuiltPolicies {
  policies: ApiPolicies;
  /**
   * The spec's name of the operation a request to a live API version (`tier/api/vN`) is for, from its method and
   * full path: the metrics' operation label, from the same matchers throttling uses.
   */
  operationOf(apiVersionId: string, method: string, path: string): string | undefined;
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

interface SpecOperations {
  matchers: ReadonlyMap<string, OperationMatcher>;
  names: ReadonlySet<string>;
}

function specOperations(catalog: readonly CatalogEntry[]): SpecOperations {
  const live = catalog.filter((entry) => entry.status !== 'retired');
  const matchers = new Map(live.map((entry) => [entry.id, createOperationMatcher(entry, loadSpec(entry) as never)] as const));
  const names = new Set(live.flatMap((entry) => operationNames(entry, loadSpec(entry) as never)));
  return { matchers, names };
}

/** A plan naming an operation no spec has would silently never apply: refuse it at start. */
function checkPlanOperations(config: GatewayConfig, names: ReadonlySet<string>): void {
  for (const [plan, settings] of Object.entries(config.throttling.plans)) {
    for (const operation of Object.keys(settings.operations)) {
      if (!names.has(operation)) {
        throw new ConfigError(`throttling.plans.${plan}.operations: no API operation is called "${operation}" (names are "METHOD /tier/api/vN/path" as in the specs)`);
      }
    }
  }
}

export async function buildApiPolicies(options: {
  config: GatewayConfig;
  logger: Logger;
  catalog: readonly CatalogEntry[];
  authentication: RequestHandler;
  auditLog?: AuditLog;
  state: SharedState;
  /** Where the lifecycle policy counts calls of deprecated versions; `state.usage` unless given (the metrics wrap it). */
  lifecycleUsage?: UsageStore;
}): Promise<BuiltPolicies> {
  const { config, logger, catalog, state } = options;
  const operations = specOperations(catalog);
  checkPlanOperations(config, operations.names);

  const throttling = config.throttling.enabled
    ? await createThrottling({
        plans: config.throttling.plans,
        failMode: config.throttling.failMode,
        store: state.redis ? { kind: 'redis', client: state.redis, prefix: state.keyPrefix } : { kind: 'memory' },
        logger,
        operationOf: (request) => {
          const version = request.res?.locals.apiVersion as { tier: string; api: string; version: number } | undefined;
          return version ? operations.matchers.get(`${version.tier}/${version.api}/v${version.version}`)?.(request.method, request.path) : undefined;
        },
      })
    : undefined;
  // A tier calling another on someone's behalf was counted where that someone came in: count it once.
  const throttle: RequestHandler | undefined = throttling
    ? (request, response, next) => ((response.locals.caller as Caller | undefined)?.onBehalfOf ? next() : throttling.handler(request, response, next))
    : undefined;

  const policies: ApiPolicies = {
    authentication: options.authentication,
    ...(options.auditLog ? { audit: createAudit(options.auditLog) } : {}),
    lifecycle: (entry) => createLifecycle({ entry, catalog, usage: options.lifecycleUsage ?? state.usage, logger }),
    ...(throttle ? { throttling: throttle } : {}),
    ...(config.idempotency.enabled
      ? { idempotency: createIdempotency({ store: state.idempotency, ttlSeconds: config.idempotency.ttlSeconds, failMode: config.idempotency.failMode, logger }) }
      : {}),
  };
  const auditLog = options.auditLog;
  const basePaths = new Map(catalog.map((entry) => [entry.id, entry.basePath] as const));
  return {
    policies,
    operationOf: (apiVersionId, method, path) => {
      const basePath = basePaths.get(apiVersionId);
      const matcher = operations.matchers.get(apiVersionId);
      if (!basePath || !matcher || !path.startsWith(basePath)) return undefined;
      return matcher(method, path.slice(basePath.length) || '/');
    },
    readiness: [
      ...state.health,
      ...(throttling ? [throttling.health] : []),
      ...(auditLog
        ? [
            {
              name: 'audit',
              check: async () => {
                const status = auditLog.status();
                if (!status.healthy) throw new Error(`audit log unhealthy: ${status.lastError ?? 'records dropped'} (${status.buffered} buffered, ${status.dropped} dropped)`);
              },
            },
          ]
        : []),
    ],
    close: async () => {
      await throttling?.close();
    },
  };
}
