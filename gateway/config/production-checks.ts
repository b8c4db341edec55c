/**
 * Settings that exist for development and tests and must never reach production: under NODE_ENV=production a start
 * with any of them is refused with a `ConfigError` naming each key (alongside the development secrets check,
 * gateway/auth/dev-secrets.ts). Each entry says why the setting is unsafe there.
 */
import { ConfigError } from './index';
import type { GatewayConfig } from './schema';

interface InsecureSetting {
  key: string;
  isOn(config: GatewayConfig): boolean;
  why: string;
}

export const INSECURE_IN_PRODUCTION: readonly InsecureSetting[] = Object.freeze([
  {
    key: 'channels.customers.webhooks.allowInsecureUrls',
    isOn: (config) => config.channels.customers.webhooks.allowInsecureUrls,
    why: 'webhook payloads and their signatures would travel in clear text',
  },
  {
    key: 'channels.customers.webhooks.allowPrivateAddresses',
    isOn: (config) => config.channels.customers.webhooks.allowPrivateAddresses,
    why: 'partners could make the gateway call loopback, private and cloud metadata addresses (SSRF)',
  },
]);

/** Under NODE_ENV=production, throws naming every insecure development setting that is on. */
export function assertNoInsecureSettingsInProduction(config: GatewayConfig, env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== 'production') return;
  const on = INSECURE_IN_PRODUCTION.filter((setting) => setting.isOn(config));
  if (on.length > 0) {
    throw new ConfigError(`refusing to start under NODE_ENV=production with development settings on:\n  ${on.map((setting) => `${setting.key}: true (${setting.why})`).join('\n  ')}\nSet them to false.`);
  }
}
