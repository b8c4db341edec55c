/**
 * Assembles the process tier's order-to-cash workflow from configuration: the order and exception stores, the event
 * bus and the leases (in Redis when `state.redisUrl` is set, in process otherwise), the system API clients behind a
 * circuit breaker per platform, the steps, the engine and the sweeper, and the services the process APIs serve.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { InventoryService } from '../apis/process/inventory/inventory-service';
import { ExceptionsService } from '../apis/process/operations/exceptions-service';
import { ActivityService, type ActivityServiceOptions } from '../apis/process/operations/activity-service';
import { KpiService } from '../apis/process/operations/kpi-service';
import { InMemoryOrderStore } from '../apis/process/orders/order-store';
import { OrderDocuments } from '../apis/process/orders/order-documents';
import { OrderService } from '../apis/process/orders/order-service';
import { RedisOrderStore } from '../apis/process/orders/redis-order-store';
import { WorkflowEngine } from '../apis/process/orders/workflow/engine';
import { InMemoryExceptionStore } from '../apis/process/orders/workflow/exception-store';
import { createFulfilmentSteps } from '../apis/process/orders/workflow/fulfilment-steps';
import { createOrderEntrySteps } from '../apis/process/orders/workflow/order-entry-steps';
import { OrderEvents } from '../apis/process/orders/workflow/order-events';
import { RedisExceptionStore } from '../apis/process/orders/workflow/redis-exception-store';
import { Sweeper } from '../apis/process/orders/workflow/sweeper';
import { createErpSystemClient } from '../apis/system/erp/v1/client';
import { createWmsSystemClient } from '../apis/system/wms/v1/client';
import type { GatewayConfig } from './config';
import { MemoryEventBus } from './events/memory-bus';
import type { EventBus } from './events/ports';
import { RedisStreamsEventBus } from './events/redis-streams-bus';
import { withCircuitBreaker, type PlatformCircuit } from './http/circuit-breaker';
import type { Logger } from './logger';
import { MemoryLeaseStore } from './state/memory/lease-store';
import { createRedisClient } from './state/redis';
import { RedisLeaseStore } from './state/redis/lease-store';
import type { SharedState } from './state/setup';

export interface ProcessTierOptions {
  config: GatewayConfig;
  logger: Logger;
  state: SharedState;
  /** HTTP clients of the system APIs (with the tier's service token), as the process tier must reach platforms. */
  systemErpHttp: AxiosInstance;
  systemWmsHttp: AxiosInstance;
  /** The per-minute API requests the gateway's request observer records (gateway/metrics), for the activity series. */
  requestActivity?: ActivityServiceOptions['requests'];
}

export interface ProcessTier {
  orders: OrderService;
  inventory: InventoryService;
  exceptions: ExceptionsService;
  kpis: KpiService;
  /** The operations page's per-minute activity (requests, orders received, exceptions opened). */
  activity: ActivityService;
  bus: EventBus;
  circuits: readonly PlatformCircuit[];
  /** Starts consuming workflow steps and sweeping for lost ones (after the HTTP server serves the system tier). */
  start(): void;
  /** Stops taking steps, waits for those in flight, closes the bus. */
  stop(): Promise<void>;
}

export function createProcessTier(options: ProcessTierOptions): ProcessTier {
  const { config, logger, state } = options;
  const workflow = config.process.workflow;
  const clock = () => new Date();

  const erpCircuit = withCircuitBreaker('ERP', createErpSystemClient(options.systemErpHttp), config.process.circuitBreaker, logger);
  const wmsCircuit = withCircuitBreaker('WMS', createWmsSystemClient(options.systemWmsHttp), config.process.circuitBreaker, logger);
  const circuits = [erpCircuit.circuit, wmsCircuit.circuit];
  const erp = erpCircuit.client;
  const wms = wmsCircuit.client;

  const bus = createBus(config, logger, state);
  const store = state.redis ? new RedisOrderStore({ client: state.redis, keyPrefix: state.keyPrefix }) : new InMemoryOrderStore();
  const exceptionStore = state.redis ? new RedisExceptionStore({ client: state.redis, keyPrefix: state.keyPrefix }) : new InMemoryExceptionStore();
  const leases = state.redis ? new RedisLeaseStore({ client: state.redis, keyPrefix: state.keyPrefix }) : new MemoryLeaseStore();
  const inventory = new InventoryService({ erp, wms, staleAfterSeconds: config.process.inventory.staleAfterSeconds, warehousePlants: config.process.inventory.warehousePlants });

  const entry = createOrderEntrySteps({
    erp,
    inventory,
    partners: new Map(config.auth.partners.map((partner) => [partner.id, partner])),
    priceTolerancePercent: config.process.priceTolerancePercent,
    erpIsProduction: config.platforms.erp.production,
    clock,
  });
  const fulfilment = createFulfilmentSteps({ erp, wms, events: new OrderEvents(bus), pollIntervalMs: workflow.pollIntervalMs, clock });
  const engine = new WorkflowEngine({
    store,
    exceptions: exceptionStore,
    bus,
    leases,
    steps: { ...entry, ...fulfilment },
    retry: { maxAttempts: workflow.maxAttempts, baseDelayMs: workflow.retryBaseDelayMs, maxDelayMs: workflow.retryMaxDelayMs },
    leaseMs: workflow.leaseMs,
    concurrency: workflow.concurrency,
    logger,
  });
  const sweeper = new Sweeper({ store, engine, intervalMs: workflow.sweepIntervalMs, graceMs: workflow.sweepGraceMs, logger });
  const orders = new OrderService({ store, engine, documents: new OrderDocuments(erp, wms), slaSeconds: workflow.slaSeconds });

  return {
    orders,
    inventory,
    exceptions: new ExceptionsService(exceptionStore, engine),
    kpis: new KpiService({ store, orders, exceptions: exceptionStore, bus, circuits, feedAges: () => inventory.feedAges() }),
    activity: new ActivityService({ orders: store, exceptions: exceptionStore, ...(options.requestActivity ? { requests: options.requestActivity } : {}) }),
    bus,
    circuits,
    start() {
      engine.start();
      sweeper.start();
    },
    async stop() {
      await sweeper.stop();
      await engine.stop();
      await bus.close();
      for (const circuit of circuits) circuit.shutdown();
    },
  };
}

function createBus(config: GatewayConfig, logger: Logger, state: SharedState): EventBus {
  if (!state.redis) return new MemoryEventBus({ logger });
  // The bus's connections wait out a Redis outage (background role) instead of failing fast like request-path ones.
  const client = createRedisClient(config.state, { role: 'background', logger });
  const bus = new RedisStreamsEventBus({
    client,
    createBlockingClient: () => createRedisClient(config.state, { role: 'background', logger }),
    keyPrefix: state.keyPrefix,
    consumerName: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    logger,
  });
  const close = bus.close.bind(bus);
  // The bus does not close the client it was given; this one is the bus's alone.
  bus.close = async () => {
    await close();
    client.disconnect();
  };
  return bus;
}
