/**
 * `gateway_deprecated_calls_total{tier, api, version, client}`: calls of deprecated (and retired) API versions per
 * client. The lifecycle policy already records each such call in the usage store; this wraps that store, so the
 * policy stays unaware of metrics and the counter moves exactly when the usage report does.
 *
 * A client id as a label is acceptable here, unlike anywhere else: client ids come from configuration (or an identity
 * provider's few registered clients), and only clients still calling a deprecated version appear. That is the point
 * of the metric: who to tell before the sunset.
 */
import { Counter } from 'prom-client';
import type { UsageStore } from '../state/ports';
import type { MetricsRegistry } from './registry';

export function createDeprecatedCallsCounter(registry: MetricsRegistry): (usage: UsageStore) => UsageStore {
  const calls = new Counter({
    name: 'gateway_deprecated_calls_total',
    help: 'Calls of deprecated or retired API versions (refused ones included), per version and client',
    labelNames: ['tier', 'api', 'version', 'client'] as const,
    registers: [registry],
  });
  return (usage) => ({
    record(apiVersion, clientId, at) {
      const [tier = 'none', api = 'none', version = 'none'] = apiVersion.split('/');
      calls.inc({ tier, api, version, client: clientId });
      return usage.record(apiVersion, clientId, at);
    },
    report: (apiVersions) => usage.report(apiVersions),
  });
}
