/**
 * The gateway's configuration: its shape, units and defaults. Validated once at start; the result is frozen.
 * Every key is documented here; config/default.yaml holds the embedded defaults a newcomer starts with.
 */
import { z } from 'zod';
import { authSchema } from './auth-schema';
import { idempotencySchema, stateSchema, throttlingSchema } from './traffic-schema';

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
    channels: z
      .object({
        customers: z
          .object({
            /** ISO 4217 currency of orders placed through the customer API. Default USD. */
            currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code').default('USD'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
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
};
