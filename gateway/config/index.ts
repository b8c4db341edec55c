/**
 * Loads the configuration: config/default.yaml, then the file named by CONFIG_FILE (if any), then environment
 * overrides (ENVIRONMENT_OVERRIDES). A wrong or missing value stops the start with a `ConfigError` naming the key
 * and what was expected.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../openapi/catalog';
import { configSchema, ENVIRONMENT_OVERRIDES, type GatewayConfig } from './schema';

export type { GatewayConfig, ErpConnection, WmsConnection, AuthConfig, ClientConfig, PartnerConfig, FailMode, IdempotencyConfig, PlanConfig, StateConfig, ThrottlingConfig } from './schema';

export const DEFAULT_CONFIG_FILE = path.join(PROJECT_ROOT, 'config', 'default.yaml');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where `override` wins; arrays are replaced, not concatenated. */
export function mergeConfig(base: Tree, override: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = isTree(value) && isTree(out[key]) ? mergeConfig(out[key] as Tree, value) : value;
  }
  return out;
}

function setPath(tree: Tree, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1] as string] = value;
}

function readYamlFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`configuration file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isTree(parsed)) throw new ConfigError(`configuration file ${file} must hold a mapping at the top level`);
  return parsed;
}

/**
 * An environment value: "8080" is a number and "false" a boolean, as YAML reads them; anything else is the string
 * itself, never a YAML structure ("dg:a:" or "[x]" stay strings).
 */
export function environmentValue(raw: string): unknown {
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch {
    return raw;
  }
  return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : raw;
}

function environmentTree(env: NodeJS.ProcessEnv): Tree {
  const tree: Tree = {};
  for (const [variable, key] of Object.entries(ENVIRONMENT_OVERRIDES)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    setPath(tree, key, environmentValue(raw));
  }
  return tree;
}

/** Validates a raw configuration tree. Exposed for tests and for callers that build configuration in code. */
export function parseConfig(raw: unknown, source = 'configuration'): GatewayConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const variable = Object.entries(ENVIRONMENT_OVERRIDES).find(([, dotted]) => dotted === key)?.[0];
      return `${key}${variable ? ` (env ${variable})` : ''}: ${issue.message}`;
    });
    throw new ConfigError(`invalid ${source}:\n  ${lines.join('\n  ')}`);
  }
  return deepFreeze(result.data);
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides applied last, after the environment (tests). */
  overrides?: Tree;
}

export function loadConfig(options: LoadConfigOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  let tree = readYamlFile(DEFAULT_CONFIG_FILE);
  const sources = [DEFAULT_CONFIG_FILE];
  if (env.CONFIG_FILE) {
    const file = path.resolve(env.CONFIG_FILE);
    tree = mergeConfig(tree, readYamlFile(file));
    sources.push(file);
  }
  tree = mergeConfig(tree, environmentTree(env));
  if (options.overrides) tree = mergeConfig(tree, options.overrides);
  return parseConfig(tree, `configuration (${sources.join(' + ')} + environment)`);
}

function deepFreeze<T>(value: T): T {
  if (isTree(value) || Array.isArray(value)) {
    for (const inner of Object.values(value as object)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
