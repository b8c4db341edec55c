import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../../gateway/config';

describe('configuration', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dg-config-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('starts from the embedded defaults: sandbox on, port 8080, loopback', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.server.port, 8080);
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.sandbox.enabled, true);
    assert.equal(config.tiers.systemBaseUrl, 'self');
    assert.ok(Object.isFrozen(config.platforms.erp), 'the result is frozen');
  });

  it('applies a config file, then the environment on top', () => {
    const dir = tempDir();
    const file = path.join(dir, 'gateway.yaml');
    writeFileSync(file, 'server:\n  port: 9000\nlog:\n  level: warn\n');
    const config = loadConfig({ env: { CONFIG_FILE: file, LOG_LEVEL: 'debug', SANDBOX: 'false', ERP_BASE_URL: 'http://erp.example:8000/sap/opu/odata/sap', WMS_BASE_URL: 'http://wms.example' } });
    assert.equal(config.server.port, 9000);
    assert.equal(config.log.level, 'debug');
    assert.equal(config.sandbox.enabled, false);
    assert.equal(config.platforms.erp.baseUrl, 'http://erp.example:8000/sap/opu/odata/sap');
  });

  it('names the key, its environment variable and what was expected', () => {
    assert.throws(() => loadConfig({ env: { PORT: 'eighty' } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /server\.port \(env PORT\): .*expected number/);
      return true;
    });
    assert.throws(() => loadConfig({ env: { PORT: '70000' } }), /server\.port.*65535/);
    assert.throws(() => loadConfig({ env: { LOG_LEVEL: 'loud' } }), /log\.level/);
  });

  it('reads environment values as numbers and booleans, and everything else as the string it is', () => {
    const config = loadConfig({ env: { REDIS_KEY_PREFIX: 'tenant:a:', LOG_LEVEL: 'warn', PORT: '9090', SANDBOX: 'true', OAUTH_AUDIENCE: '[api]' } });
    assert.equal(config.state.keyPrefix, 'tenant:a:');
    assert.equal(config.server.port, 9090);
    assert.equal(config.sandbox.enabled, true);
    assert.equal(config.auth.audience, '[api]');
  });

  it('requires platform URLs once the sandbox is off', () => {
    assert.throws(() => loadConfig({ env: { SANDBOX: 'false' } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /platforms\.erp\.baseUrl \(env ERP_BASE_URL\): required when sandbox\.enabled is false/);
      assert.match(error.message, /platforms\.wms\.baseUrl \(env WMS_BASE_URL\): required/);
      return true;
    });
  });

  it('rejects misspelled keys instead of ignoring them', () => {
    assert.throws(() => parseConfig({ server: { prot: 8080 } }), /server: Unrecognized key.*prot/);
  });

  it('rejects a config file that is not YAML or not a mapping', () => {
    const dir = tempDir();
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'server: [unclosed\n');
    assert.throws(() => loadConfig({ env: { CONFIG_FILE: broken } }), /not valid YAML/);
    const list = path.join(dir, 'list.yaml');
    writeFileSync(list, '- a\n- b\n');
    assert.throws(() => loadConfig({ env: { CONFIG_FILE: list } }), /mapping at the top level/);
    assert.throws(() => loadConfig({ env: { CONFIG_FILE: path.join(dir, 'missing.yaml') } }), /cannot read configuration file/);
  });
});
