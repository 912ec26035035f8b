import assert from 'node:assert/strict';
import { createConnector, resealConnectorSecrets } from '../../../services/core/connector-registry.ts';
import { decryptSecret, encryptSecret } from '../../../services/core/crypto.ts';
import { masterKeyId, masterKeys, newDataKey, openEnvelope, rotateDataKey, sealWithDataKey } from '../../../services/core/envelope-crypto.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';

describe('connector credential encryption', () => {
  let scope: { tenantId: string; region: string };
  let otherScope: { tenantId: string; region: string };

  before(async () => {
    scope = { tenantId: (await createTenant()).id, region: 'eu' };
    otherScope = { tenantId: (await createTenant()).id, region: 'eu' };
  });

  async function storedRow(id: string) {
    return withTenant(scope, async (transaction) => (await regionModels('eu').Connector.findByPk(id, { transaction }))!.get({ plain: true }));
  }

  async function saved(slug: string) {
    return createConnector(scope, {
      slug, kind: 'crm', driver: 'hubspot', name: 'HubSpot', baseUrl: 'http://127.0.0.1:1',
      authKind: 'api-token', credentials: { accessToken: `secret-${slug}` }, webhookKey: `whsec_${slug}`,
    });
  }

  it('stores credentials sealed by the tenant data key', async () => {
    const connector = await saved('crm-one');
    const row = await storedRow(connector.id);
    assert.match(row.credentialsEncrypted, /^v2\./);
    assert.doesNotMatch(row.credentialsEncrypted, /secret-crm-one/);
    assert.equal(row.credentialsEncrypted.split('.')[1], scope.tenantId);
    assert.deepEqual(JSON.parse(decryptSecret(row.credentialsEncrypted, connector.id)), { accessToken: 'secret-crm-one' });
    assert.equal(decryptSecret(row.webhookKeyEncrypted!, connector.id), 'whsec_crm-one');
  });

  it('rejects a ciphertext moved to another row', async () => {
    const connector = await saved('crm-two');
    const row = await storedRow(connector.id);
    assert.throws(() => decryptSecret(row.credentialsEncrypted, 'another-connector-id'));
  });

  it('opens values written before envelope encryption', () => {
    assert.equal(decryptSecret(encryptSecret('legacy', 'row-1'), 'row-1'), 'legacy');
  });

  it('keeps old ciphertexts readable after a data key rotation', async () => {
    const connector = await saved('crm-three');
    const before = (await storedRow(connector.id)).credentialsEncrypted;
    const rotated = await withTenant(scope, (transaction) => rotateDataKey(scope, transaction));
    assert.notEqual(before.split('.')[2], rotated.id);
    assert.deepEqual(JSON.parse(decryptSecret(before, connector.id)), { accessToken: 'secret-crm-three' });

    assert.ok(await resealConnectorSecrets(scope) >= 3);
    const after = (await storedRow(connector.id)).credentialsEncrypted;
    assert.equal(after.split('.')[2], rotated.id);
    assert.deepEqual(JSON.parse(decryptSecret(after, connector.id)), { accessToken: 'secret-crm-three' });
  });

  it('opens with a previous master key named by its id', () => {
    const oldMaster = Buffer.alloc(32, 7);
    const sealed = sealWithDataKey(newDataKey(otherScope.tenantId, oldMaster), 'rotated-secret', 'row-9');
    assert.equal(sealed.split('.')[3], masterKeyId(oldMaster));
    assert.throws(() => openEnvelope(sealed, 'row-9', masterKeys({})), /master key [0-9a-f]{16}, which this process does not have/);
    assert.equal(openEnvelope(sealed, 'row-9', masterKeys({ MASTER_KEY_PREVIOUS: oldMaster.toString('base64') })), 'rotated-secret');
  });

  it('rejects a wrapped data key copied to another tenant', () => {
    const sealed = sealWithDataKey(newDataKey(scope.tenantId), 'tenant-secret', 'row-5');
    const forged = sealed.split('.');
    forged[1] = otherScope.tenantId;
    assert.throws(() => openEnvelope(forged.join('.'), 'row-5'));
  });
});
