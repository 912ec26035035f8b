import assert from 'node:assert/strict';
import { createConnector, findConnectorBySlug, saveConnector, updateConnector } from '../../../services/core/connector-registry.ts';
import { createTenant } from '../../support/factories.ts';

describe('connector settings', () => {
  let scope: { tenantId: string; region: string };
  const operations = [{ name: 'me', method: 'GET', pathTemplate: '/v1/me' }];
  const input = {
    kind: 'other' as const, driver: 'rest', name: 'Timesheets', baseUrl: 'http://127.0.0.1:1',
    authKind: 'api-token' as const, credentials: { accessToken: 'secret-token' },
  };

  before(async () => {
    scope = { tenantId: (await createTenant()).id, region: 'eu' };
  });

  it('defaults to an empty object', async () => {
    const created = await createConnector(scope, { ...input, slug: 'no-settings' });
    assert.deepEqual(created.settings, {});
    assert.deepEqual((await findConnectorBySlug(scope, 'no-settings'))?.settings, {});
  });

  it('stores settings on create', async () => {
    const created = await createConnector(scope, { ...input, slug: 'with-settings', settings: { operations } });
    assert.deepEqual(created.settings, { operations });
    assert.deepEqual((await findConnectorBySlug(scope, 'with-settings'))?.settings, { operations });
  });

  it('replaces settings on update', async () => {
    const replaced = [{ name: 'projects', method: 'GET', pathTemplate: '/v1/projects' }];
    const result = await updateConnector(scope, 'with-settings', { settings: { operations: replaced } });
    assert.deepEqual(result?.before.settings, { operations });
    assert.deepEqual(result?.after.settings, { operations: replaced });
  });

  it('keeps settings when a save omits them', async () => {
    await saveConnector(scope, { ...input, slug: 'with-settings', name: 'Timesheets renamed' });
    const found = await findConnectorBySlug(scope, 'with-settings');
    assert.equal(found?.name, 'Timesheets renamed');
    assert.equal((found?.settings.operations as unknown[]).length, 1);
  });

  it('keeps credentials out of the summary', async () => {
    const found = await findConnectorBySlug(scope, 'with-settings');
    assert.doesNotMatch(JSON.stringify(found), /secret-token/);
    assert.equal(found?.credentialsSet, true);
  });
});
