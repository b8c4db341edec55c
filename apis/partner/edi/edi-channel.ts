/**
 * Builds the EDI channel from configuration: profiles, the state stores (Redis when `state.redisUrl` is set, in
 * process otherwise), intake, the outbound documents' event consumer and the API's service. `start()` subscribes to
 * the order events; `stop()` closes the subscription.
 */
import type Redis from 'ioredis';
import type { GatewayConfig } from '../../../gateway/config';
import type { EventBus } from '../../../gateway/events/ports';
import type { Logger } from '../../../gateway/logger';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import { ControlNumbers } from './control-numbers';
import { EdiChannelService } from './edi-channel-service';
import { EdiIntake } from './intake';
import { EdiOutbound } from './outbound';
import { EdiProfiles } from './profiles';
import { MemoryControlNumberStore, MemoryEdiOutboxStore, MemorySeenInterchangeStore } from './state/memory';
import { RedisControlNumberStore, RedisEdiOutboxStore, RedisSeenInterchangeStore } from './state/redis';

export interface EdiChannelOptions {
  config: GatewayConfig;
  logger: Logger;
  bus: EventBus;
  orders: OrdersProcessClient;
  state: { redis?: Redis; keyPrefix: string };
  clock?: () => Date;
}

export interface EdiChannel {
  service: EdiChannelService;
  outbound: EdiOutbound;
  start(): void;
  stop(): Promise<void>;
}

export function createEdiChannel(options: EdiChannelOptions): EdiChannel {
  const settings = options.config.channels.edi;
  const profiles = new EdiProfiles(settings, options.config.auth.partners);
  const { redis, keyPrefix } = options.state;
  const outbox = redis ? new RedisEdiOutboxStore({ client: redis, keyPrefix }) : new MemoryEdiOutboxStore();
  const controlNumbers = new ControlNumbers(redis ? new RedisControlNumberStore({ client: redis, keyPrefix }) : new MemoryControlNumberStore());
  const seen = redis ? new RedisSeenInterchangeStore({ client: redis, keyPrefix }) : new MemorySeenInterchangeStore();
  const clock = options.clock ? { clock: options.clock } : {};
  const intake = new EdiIntake({ profiles, orders: options.orders, outbox, seen, controlNumbers, duplicateWindowMs: settings.duplicateWindowSeconds * 1000, logger: options.logger, ...clock });
  const outbound = new EdiOutbound({ bus: options.bus, profiles, orders: options.orders, outbox, controlNumbers, logger: options.logger, ...clock });
  const service = new EdiChannelService({ profiles, intake, outbox, overdueAfterMs: settings.overdueAfterSeconds * 1000, maxInterchangeBytes: settings.maxInterchangeBytes, ...clock });
  return { service, outbound, start: () => outbound.start(), stop: () => outbound.stop() };
}
