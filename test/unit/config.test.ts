import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../services/core/config.ts';

describe('configuration', () => {
  it('uses developer defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.gateway.port, 8080);
    assert.deepEqual(config.regions.map((region) => region.name), ['eu', 'us']);
    assert.equal(config.masterKey.length, 32);
  });

  it('names the variable and the expected form of a bad port', () => {
    assert.throws(() => loadConfig({ GATEWAY_PORT: 'eighty' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /GATEWAY_PORT must be a TCP port number/);
      assert.match(error.message, /got "eighty"/);
      return true;
    });
  });

  it('rejects a malformed region list', () => {
    assert.throws(() => loadConfig({ REGIONS: 'EU,,' }), /REGIONS must be a comma-separated list/);
  });

  it('requires a master key in production and never prints it', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x', OIDC_CLIENT_SECRET: 'y' }), /MASTER_KEY must be a 32-byte key/);
    assert.throws(() => loadConfig({ MASTER_KEY: 'c2hvcnQ=' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.doesNotMatch(error.message, /c2hvcnQ=/);
      return true;
    });
  });

  it('builds region URLs from the test prefix', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    assert.match(config.regions[0]!.databaseUrl, /\/throughline_test_eu$/);
    assert.match(config.regions[0]!.amqpUrl, /\/throughline-test-eu$/);
  });
});
