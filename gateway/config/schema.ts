/**
 * The gateway's configuration: its shape, units and defaults. Validated once at start; the result is frozen.
 * Every key is documented here; config/default.yaml holds the embedded defaults a newcomer starts with.
 */
import { z } from 'zod';
import { authSchema } from './auth-schema';
import { idempotencySchema, stateSchema, throttlingSchema } from './traffic-schema';
import { ediChannelSchema } from '../../apis/partner/edi/config-schema';
import { marketplaceChannelSchema } from '../../apis/partner/marketplace/config-schema';
import { customersChannelShape } from '../../apis/partner/customers/config-schema';
import { corsSchema } from '../../policies/cors/config-schema';
import { hstsSchema } from '../../policies/security-headers/config-schema';
import { metricsSchema } from '../metrics/config-schema';

const port = z.number().int().min(0).max(65535);
const milliseconds = z.number().int().min(1).max(600_000);
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

/** How the gateway reaches one platform (ERP or WMS). */
export const platformConnectionSchema = z
  .object({
    /** Base URL of the platform's API. Empty while the embedded sandbox is on: it fills in its own address. */
    baseUrl: httpUrl.optional(),
    /** Per-attempt timeout in milliseconds. Default 5000. */
    timeoutMs: milliseconds.default(5000),
    /** Retries after the first attempt, for transient failures only. Default 2. */
    retries: z.number().int().min(0).max(10).default(2),
    /** Base delay of the exponential backoff between retries, in milliseconds. Default 100. */
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(100),
  })
  .strict();

export const erpConnectionSchema = platformConnectionSchema
  .extend({
    /** HTTP Basic user for the OData services. Secret-bearing fields are redacted from every log. */
    username: z.string().min(1).default('SANDBOX'),
    /** @secret HTTP Basic password for the OData services. */
    password: z.string().min(1).default('sandbox'),
    /** SAP client (mandant), sent as the `sap-client` query parameter. */
    sapClient: z.string().regex(/^\d{3}$/, 'three digits').default('100'),
    /** Sales area every order is created in. */
    salesOrganization: z.string().min(1).default('1010'),
    distributionChannel: z.string().min(1).default('10'),
    division: z.string().min(1).default('00'),
    /**
     * The ERP is a production system: test-mode orders (ISA15=T, sandbox keys) are rejected instead of posted.
     * Default false (the sandbox); set it for a real system. Env: ERP_PRODUCTION.
     */
    production: z.boolean().default(false),
    /** Plants (warehouses) whose availability the ERP API reports when no plant is asked for. */
    plants: z.array(z.string().regex(/^\d{4}$/, 'a four-digit plant id')).min(1).default(['1010', '1020', '1030']),
  })
  .strict();

export const wmsConnectionSchema = platformConnectionSchema
  .extend({
    /** @secret Bearer token (personal access token) for the WMS REST API. */
    apiToken: z.string().min(1).default('sandbox-wms-token'),
    /** The WMS channel id sent as `shipbob_channel_id`. */
    channelId: z.string().min(1).default('100'),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        /** TCP port the gateway listens on. 0 picks a free one. Default 8080. Env: PORT. */
        port: port.default(8080),
        /**
         * Worker processes sharing the port (node:cluster), one per core is the usual choice. Above 1 the instance
         * needs Redis (`state.redisUrl`): limits, idempotency, orders and the event bus must be shared between its
         * workers as between instances. Default 1: no cluster, one process. Env: WORKERS.
         */
        workers: z.number().int().min(1).max(64).default(1),
        /** Interface to bind. Default 127.0.0.1: the embedded default has dev credentials, keep it local. Env: HOST. */
        host: z.string().min(1).default('127.0.0.1'),
        /**
         * The URL clients use to reach the gateway (a load balancer in front of several instances). The built-in
         * authorization server uses it as its issuer, so every instance accepts the others' tokens (they must also
         * share the signing key file). Default: this instance's own address. Env: PUBLIC_URL.
         */
        publicUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
        /** Folder for state the gateway keeps between starts (signing key, audit log), relative to the project root. Env: DATA_DIR. */
        dataDir: z.string().min(1).default('data'),
        /** Largest JSON body accepted, in bytes. Default 262144 (256 KiB). */
        jsonBodyLimitBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(262_144),
        /** Largest non-JSON request body (an X12 interchange), in bytes. Default 5242880 (5 MiB). */
        textBodyLimitBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
        /**
         * Largest request head (request line and every header together), in bytes: beyond it node answers 431 and
         * closes the connection. Default 16384 (16 KiB, node's own default, stated so it cannot drift).
         */
        maxHeaderSizeBytes: z.number().int().min(1024).max(1024 * 1024).default(16_384),
        /**
         * Most header fields one request may carry. Node silently drops the fields past this count, so a request that
         * reaches it is refused with 431 (policies/request-hygiene) rather than served without them. Default 100.
         */
        maxHeadersCount: z.number().int().min(16).max(2000).default(100),
        /**
         * How long a client may take to send a request's headers, in milliseconds, from its first byte: a slow-loris
         * trickling a header a byte at a time gets 408 and its connection closed. Default 10000. At most `requestTimeoutMs`.
         */
        headersTimeoutMs: milliseconds.default(10_000),
        /**
         * How long a client may take to send a whole request (headers and body), in milliseconds; a body trickled
         * slower gets 408 and its connection closed. Default 30000: a 5 MiB interchange needs ~175 KB/s.
         */
        requestTimeoutMs: milliseconds.default(30_000),
        /**
         * How long an idle keep-alive connection stays open after a response, in milliseconds. Default 65000: longer
         * than the 60 s idle timeout of the usual load balancers, so they, not we, close idle connections.
         */
        keepAliveTimeoutMs: milliseconds.default(65_000),
        /**
         * Cross-origin calls from browsers (policies/cors/config-schema.ts). Default: closed, `allowedOrigins: []`,
         * no response carries `Access-Control-*` headers. List exact origins (`https://app.example.com`) to open it.
         */
        cors: corsSchema.prefault({}),
        /**
         * `Strict-Transport-Security` (policies/security-headers/config-schema.ts). Default off: the embedded
         * default serves plain HTTP on 127.0.0.1, where browsers ignore the header (RFC 6797 §8.1) and TLS, when there
         * is any, ends at the load balancer in front. Turn it on when clients reach the gateway only over HTTPS.
         */
        hsts: hstsSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        /** Application log level. Env: LOG_LEVEL. */
        level: z.enum(['error', 'warn', 'info', 'debug', 'silent']).default('info'),
        /** Further keys (case-insensitive, at any depth) whose values never reach the application or audit log. */
        redactKeys: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    sandbox: z
      .object({
        /** Start the reference ERP and WMS in this process and point the adapters at them. Env: SANDBOX. */
        enabled: z.boolean().default(true),
        /** Ports of the embedded sandboxes; 0 picks free ones. */
        erpPort: port.default(0),
        wmsPort: port.default(0),
        /** How long a packed shipment waits in the sandbox warehouse before it ships by itself, in milliseconds. Default 30000. */
        shipDelayMs: z.number().int().min(0).max(86_400_000).default(30_000),
        /** How long after goods issue the sandbox ERP's billing run bills an order, in milliseconds. Default 5000. */
        billingDelayMs: z.number().int().min(0).max(86_400_000).default(5000),
      })
      .strict()
      .prefault({}),
    platforms: z
      .object({
        erp: erpConnectionSchema.prefault({}),
        wms: wmsConnectionSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    tiers: z
      .object({
        /**
         * Base URL of the system tier (ERP and WMS system APIs) as the process tier calls it; `self` means this
         * process's own listening address. Env: SYSTEM_TIER_URL.
         */
        systemBaseUrl: z.union([z.literal('self'), httpUrl]).default('self'),
        /** Base URL of the process tier as the partner tier calls it; `self` means this process. Env: PROCESS_TIER_URL. */
        processBaseUrl: z.union([z.literal('self'), httpUrl]).default('self'),
        /** Per-attempt timeout of a call between tiers, in milliseconds. Default 10000. */
        timeoutMs: milliseconds.default(10_000),
        /** Retries of an idempotent call between tiers. Default 1. */
        retries: z.number().int().min(0).max(5).default(1),
      })
      .strict()
      .prefault({}),
    process: z
      .object({
        /** A partner's expected price further than this from the ERP's, in percent of the ERP's, is flagged. Default 1. */
        priceTolerancePercent: z.number().min(0).max(100).default(1),
        /** The inventory process API (availability per item and warehouse, merged from the WMS and the ERP). */
        inventory: z
          .object({
            /**
             * A warehouse's availability whose oldest source (WMS position, ERP availability) is older than this, in
             * seconds, is flagged `stale`; so is a warehouse feed of that age. Default 900 (15 minutes).
             */
            staleAfterSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(900),
            /**
             * WMS warehouse id → ERP plant, for warehouses whose ids differ from their plants'. A warehouse not
             * listed is the plant of the same id. Default {} (the sandbox's warehouses are its plants).
             */
            warehousePlants: z
              .record(z.string().regex(/^\d{1,10}$/, 'a WMS warehouse id (digits)'), z.string().regex(/^\d{4}$/, 'a four-digit plant id'))
              .default({}),
          })
          .strict()
          .prefault({}),
        /** The order-to-cash workflow: retries, polling, leases, the sweeper and the time each status may take. */
        workflow: z
          .object({
            /** Attempts of a step that fails on transient errors (5xx, timeouts, open circuit) before the order goes to the exceptions queue. Default 8. */
            maxAttempts: z.number().int().min(1).max(100).default(8),
            /** First retry delay of a failed step, in milliseconds; doubles per attempt, with jitter. Default 1000. */
            retryBaseDelayMs: milliseconds.default(1000),
            /** Longest retry delay, in milliseconds. Default 60000. */
            retryMaxDelayMs: milliseconds.default(60_000),
            /** How often waiting steps ask the WMS (shipped yet?) and the ERP (billed yet?), in milliseconds. Default 5000. */
            pollIntervalMs: milliseconds.default(5000),
            /** Longest a step may hold its order, in milliseconds: a crashed worker's claim expires after this. Default 60000. */
            leaseMs: milliseconds.default(60_000),
            /** Step messages handled at once by one instance. Default 8. */
            concurrency: z.number().int().min(1).max(256).default(8),
            /** How often an instance looks for steps whose message was lost, in milliseconds. Default 10000. */
            sweepIntervalMs: milliseconds.default(10_000),
            /** How overdue a step must be before it counts as lost, in milliseconds; more than `leaseMs`. Default 90000. */
            sweepGraceMs: milliseconds.default(90_000),
            /**
             * Seconds an order may stay in a status before it shows as delayed (search `delayed=true`, KPIs). Statuses
             * not listed are never delayed; INVOICED and REJECTED never are.
             */
            slaSeconds: z
              .partialRecord(
                z.enum(['RECEIVED', 'VALIDATED', 'PRICED', 'ALLOCATED', 'POSTED', 'ACKNOWLEDGED', 'RELEASED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'EXCEPTION']),
                z.number().int().min(1),
              )
              .default({ RECEIVED: 60, VALIDATED: 60, PRICED: 60, ALLOCATED: 120, POSTED: 300, ACKNOWLEDGED: 300, RELEASED: 86_400, PARTIALLY_SHIPPED: 172_800, SHIPPED: 86_400, EXCEPTION: 3600 }),
          })
          .strict()
          .refine((workflow) => workflow.sweepGraceMs > workflow.leaseMs, { message: 'sweepGraceMs must be more than leaseMs', path: ['sweepGraceMs'] })
          .prefault({}),
        /** A circuit breaker per platform (ERP, WMS) around the process tier's calls to the system APIs. */
        circuitBreaker: z
          .object({
            /** Percentage of failed calls in the rolling window that opens the circuit. Default 50. */
            errorThresholdPercentage: z.number().min(1).max(100).default(50),
            /** Calls in the window before the percentage counts. Default 10. */
            volumeThreshold: z.number().int().min(1).max(10_000).default(10),
            /** How long the circuit stays open before a trial call, in milliseconds. Default 10000. */
            resetTimeoutMs: milliseconds.default(10_000),
            /** The rolling window, in milliseconds. Default 10000. */
            rollingWindowMs: milliseconds.default(10_000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    auth: authSchema.prefault({}),
    state: stateSchema.prefault({}),
    throttling: throttlingSchema.prefault({}),
    idempotency: idempotencySchema.prefault({}),
    audit: z
      .object({
        /** Write the tamper-evident audit log. Default true. */
        enabled: z.boolean().default(true),
        /** Audit log file, relative to `server.dataDir`. One hash chain per file and instance. */
        file: z.string().min(1).default('audit/audit.log'),
        /** Records held in memory while the file cannot be written; beyond this, records are counted as dropped and health fails. */
        bufferLimit: z.number().int().min(100).max(1_000_000).default(10_000),
      })
      .strict()
      .prefault({}),
    /** Prometheus metrics (`GET /metrics`) and the operations activity series (gateway/metrics/config-schema.ts). */
    metrics: metricsSchema.prefault({}),
    channels: z
      .object({
        customers: z
          .object({
            /** ISO 4217 currency of orders placed through the customer API. Default USD. */
            currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code').default('USD'),
            /** Per-partner tailoring and webhook delivery (apis/partner/customers/config-schema.ts). */
            ...customersChannelShape,
          })
          .strict()
          .prefault({}),
        /** The EDI channel (partner/edi): our interchange ids and the trading-partner profiles (apis/partner/edi/config-schema.ts). */
        edi: ediChannelSchema.prefault({}),
        /** The marketplace channel (partner/marketplace): one profile per marketplace partner (apis/partner/marketplace/config-schema.ts). */
        marketplace: marketplaceChannelSchema.prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
    // Node refuses a headers timeout longer than the request timeout: say so at boot, with the key.
    if (config.server.headersTimeoutMs > config.server.requestTimeoutMs) {
      context.addIssue({ code: 'custom', path: ['server', 'headersTimeoutMs'], message: `must be at most server.requestTimeoutMs (${config.server.requestTimeoutMs})` });
    }
    if (config.throttling.enabled) {
      config.auth.clients.forEach((client, index) => {
        if (!Object.hasOwn(config.throttling.plans, client.plan)) {
          context.addIssue({ code: 'custom', path: ['auth', 'clients', index, 'plan'], message: `no plan ${client.plan} in throttling.plans` });
        }
      });
    }
    for (const name of ['erp', 'wms'] as const) {
      if (!config.sandbox.enabled && !config.platforms[name].baseUrl) {
        context.addIssue({
          code: 'custom',
          path: ['platforms', name, 'baseUrl'],
          message: `required when sandbox.enabled is false (where is the ${name.toUpperCase()}?)`,
        });
      }
    }
  });

export type GatewayConfig = z.infer<typeof configSchema>;
export type ErpConnection = z.infer<typeof erpConnectionSchema>;
export type WmsConnection = z.infer<typeof wmsConnectionSchema>;
export type { AuthConfig, ClientConfig, PartnerConfig } from './auth-schema';
export type { FailMode, IdempotencyConfig, PlanConfig, StateConfig, ThrottlingConfig } from './traffic-schema';

/** Environment variables that override one configuration key each. Values are read as YAML scalars. */
export const ENVIRONMENT_OVERRIDES: Readonly<Record<string, string>> = {
  PORT: 'server.port',
  WORKERS: 'server.workers',
  HOST: 'server.host',
  LOG_LEVEL: 'log.level',
  SANDBOX: 'sandbox.enabled',
  ERP_BASE_URL: 'platforms.erp.baseUrl',
  ERP_USERNAME: 'platforms.erp.username',
  ERP_PASSWORD: 'platforms.erp.password',
  ERP_SAP_CLIENT: 'platforms.erp.sapClient',
  ERP_PRODUCTION: 'platforms.erp.production',
  WMS_BASE_URL: 'platforms.wms.baseUrl',
  WMS_API_TOKEN: 'platforms.wms.apiToken',
  SYSTEM_TIER_URL: 'tiers.systemBaseUrl',
  PROCESS_TIER_URL: 'tiers.processBaseUrl',
  OAUTH_ISSUER: 'auth.issuer',
  OAUTH_JWKS_URI: 'auth.jwksUri',
  OAUTH_TOKEN_URL: 'auth.tokenUrl',
  OAUTH_AUDIENCE: 'auth.audience',
  OAUTH_CLIENT_ID: 'auth.serviceClient.id',
  OAUTH_CLIENT_SECRET: 'auth.serviceClient.secret',
  OAUTH_RESOURCE: 'auth.serviceClient.resource',
  DATA_DIR: 'server.dataDir',
  PUBLIC_URL: 'server.publicUrl',
  AUDIT_FILE: 'audit.file',
  REDIS_URL: 'state.redisUrl',
  REDIS_KEY_PREFIX: 'state.keyPrefix',
  METRICS_PORT: 'metrics.port',
  METRICS_HOST: 'metrics.host',
};
