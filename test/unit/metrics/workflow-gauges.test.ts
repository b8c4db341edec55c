/**
 * The collect-time gauges: read at scrape time from the circuits and the bus, the scans served from a cache, a
 * failing reading leaving its gauge empty instead of wrong.
 */
import assert from 'node:assert/strict';
import { createLogger } from '../../../gateway/logger';
import type { CircuitState, PlatformCircuit } from '../../../gateway/http/circuit-breaker';
import { createMetricsRegistry } from '../../../gateway/metrics/registry';
import { registerWorkflowGauges, type WorkflowSources } from '../../../gateway/metrics/workflow-gauges';

function circuit(platform: string, state: () => CircuitState): PlatformCircuit {
  return { platform, state, opened: () => 0, shutdown: () => undefined };
}

function setup(overrides: Partial<WorkflowSources> = {}) {
  let now = 1_000_000;
  const calls = { orders: 0, exceptions: 0, bus: 0 };
  let erpState: CircuitState = 'CLOSED';
  const registry = createMetricsRegistry();
  registerWorkflowGauges(
    registry,
    {
      circuits: [circuit('ERP', () => erpState), circuit('WMS', () => 'HALF_OPEN')],
      bus: {
        stats: async (topic) => {
          calls.bus += 1;
          return topic === 'orders.steps' ? { pending: 7, scheduled: 2, deadLettered: 1 } : { pending: 0, scheduled: 0, deadLettered: 0 };
        },
      },
      consumers: [{ topic: 'orders.steps', group: 'process' }, { topic: 'orders.events', group: 'partner-edi' }],
      ordersByStatus: async () => {
        calls.orders += 1;
        return calls.orders === 1 ? [{ status: 'POSTED', count: 3 }, { status: 'EXCEPTION', count: 1 }] : [{ status: 'POSTED', count: 5 }];
      },
      openExceptions: async () => {
        calls.exceptions += 1;
        return [{ step: 'post', count: 4 }];
      },
      ...overrides,
    },
    { logger: createLogger({ level: 'silent' }), clock: () => now, scanCacheMs: 30_000, readTimeoutMs: 200 },
  );
  return { registry, calls, advance: (ms: number) => (now += ms), openErp: () => (erpState = 'OPEN') };
}

describe('workflow gauges', () => {
  it('reports each circuit as 0 closed, 1 half-open, 2 open, as it stands at the scrape', async () => {
    const { registry, openErp } = setup();
    let text = await registry.metrics();
    assert.match(text, /^gateway_circuit_breaker_state\{platform="ERP"\} 0$/m);
    assert.match(text, /^gateway_circuit_breaker_state\{platform="WMS"\} 1$/m);
    openErp();
    text = await registry.metrics();
    assert.match(text, /^gateway_circuit_breaker_state\{platform="ERP"\} 2$/m);
  });

  it('reports the bus queues per topic and group, one bus reading per consumer per scrape', async () => {
    const { registry, calls } = setup();
    const text = await registry.metrics();
    assert.match(text, /^gateway_event_bus_pending_messages\{topic="orders.steps",group="process"\} 7$/m);
    assert.match(text, /^gateway_event_bus_scheduled_messages\{topic="orders.steps",group="process"\} 2$/m);
    assert.match(text, /^gateway_event_bus_dead_lettered_messages\{topic="orders.steps",group="process"\} 1$/m);
    assert.match(text, /^gateway_event_bus_pending_messages\{topic="orders.events",group="partner-edi"\} 0$/m);
    assert.equal(calls.bus, 2);
  });

  it('reads the scans (orders per status, open exceptions) at most once per cache period', async () => {
    const { registry, calls, advance } = setup();
    let text = await registry.metrics();
    assert.match(text, /^gateway_orders_by_status\{status="POSTED"\} 3$/m);
    assert.match(text, /^gateway_orders_by_status\{status="EXCEPTION"\} 1$/m);
    assert.match(text, /^gateway_exceptions_open\{step="post"\} 4$/m);
    advance(15_000);
    await registry.metrics();
    assert.deepEqual([calls.orders, calls.exceptions], [1, 1], 'a scrape 15 s later is served from the cache');
    advance(16_000);
    text = await registry.metrics();
    assert.deepEqual([calls.orders, calls.exceptions], [2, 2]);
    assert.match(text, /^gateway_orders_by_status\{status="POSTED"\} 5$/m);
    assert.match(text, /^gateway_orders_by_status\{status="EXCEPTION"\} 0$/m, 'a status seen before stays, at 0');
  });

  it('leaves a gauge without samples when its reading fails or hangs, and still answers the scrape', async () => {
    const { registry } = setup({
      openExceptions: () => Promise.reject(new Error('redis down')),
      bus: { stats: () => new Promise(() => undefined) },
    });
    const text = await registry.metrics();
    assert.doesNotMatch(text, /^gateway_exceptions_open\{/m);
    assert.doesNotMatch(text, /^gateway_event_bus_pending_messages\{/m);
    assert.match(text, /^gateway_circuit_breaker_state\{platform="ERP"\} 0$/m);
  });
});
