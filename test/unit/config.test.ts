import assert from 'node:assert/strict';
import { ConfigError, loadConfig, previousMasterKeys } from '../../services/core/config.ts';

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

  it('reads previous master keys', () => {
    const first = Buffer.alloc(32, 1);
    const second = Buffer.alloc(32, 2);
    const config = loadConfig({ MASTER_KEY_PREVIOUS: ` ${first.toString('base64')}, ${second.toString('base64')} ` });
    assert.deepEqual(config.previousMasterKeys, [first, second]);
    assert.deepEqual(loadConfig({}).previousMasterKeys, []);
  });

  it('rejects a short previous master key without printing it', () => {
    const valid = Buffer.alloc(32, 1).toString('base64');
    assert.throws(() => previousMasterKeys({ MASTER_KEY_PREVIOUS: `${valid},c2hvcnQ=` }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /MASTER_KEY_PREVIOUS must be a comma-separated list of 32-byte keys/);
      assert.match(error.message, /entry 2 is not such a key/);
      assert.doesNotMatch(error.message, /c2hvcnQ=/);
      assert.doesNotMatch(error.message, new RegExp(valid.replace(/[+/=]/g, '.')));
      return true;
    });
  });

  it('reads the reconciliation interval in minutes', () => {
    assert.equal(loadConfig({}).worker.reconciliationIntervalMinutes, 60);
    assert.equal(loadConfig({ RECONCILIATION_INTERVAL_MINUTES: '15' }).worker.reconciliationIntervalMinutes, 15);
    assert.equal(loadConfig({ RECONCILIATION_INTERVAL_MINUTES: '0' }).worker.reconciliationIntervalMinutes, 0, '0 turns the schedule off');
  });

  it('rejects a reconciliation interval that is not whole minutes', () => {
    for (const raw of ['-5', '1.5', 'hourly', '']) {
      assert.throws(() => loadConfig({ RECONCILIATION_INTERVAL_MINUTES: raw }), /RECONCILIATION_INTERVAL_MINUTES must be a whole number of minutes, 0 or more/, JSON.stringify(raw));
    }
  });

  it('reads the KPI metrics interval in seconds', () => {
    assert.equal(loadConfig({}).worker.kpiMetricsIntervalSeconds, 60);
    assert.equal(loadConfig({ KPI_METRICS_INTERVAL_SECONDS: '300' }).worker.kpiMetricsIntervalSeconds, 300);
    assert.throws(() => loadConfig({ KPI_METRICS_INTERVAL_SECONDS: '0' }), /KPI_METRICS_INTERVAL_SECONDS must be a positive integer/);
  });
});
