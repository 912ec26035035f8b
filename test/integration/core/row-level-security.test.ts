import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../../services/core/database.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';

describe('row-level security on region tables', () => {
  const region = 'eu';
  let tenantA: string;
  let tenantB: string;

  before(async () => {
    tenantA = (await createTenant({ region })).id;
    tenantB = (await createTenant({ region })).id;
    for (const tenantId of [tenantA, tenantB]) {
      await withTenant({ tenantId, region }, async (transaction) => {
        await regionModels(region).Customer.create({ id: randomUUID(), tenantId, name: `Customer of ${tenantId}`, country: 'DE' }, { transaction });
      });
    }
  });

  it('returns no rows to a query without the tenant setting', async () => {
    const rows = await regionDatabase(region).query('SELECT id FROM customers', { type: QueryTypes.SELECT });
    assert.equal(rows.length, 0);
  });

  it('returns only the tenant\'s rows inside withTenant', async () => {
    const names = await withTenant({ tenantId: tenantA, region }, async (transaction) =>
      (await regionModels(region).Customer.findAll({ transaction })).map((row) => row.get({ plain: true }).tenantId));
    assert.ok(names.length >= 1);
    assert.ok(names.every((tenantId) => tenantId === tenantA));
  });

  it('rejects a write of another tenant\'s row', async () => {
    await assert.rejects(
      withTenant({ tenantId: tenantA, region }, async (transaction) => {
        await regionModels(region).Customer.create({ id: randomUUID(), tenantId: tenantB, name: 'Smuggled', country: 'FR' }, { transaction });
      }),
      /row-level security/,
    );
  });

  it('forgets the tenant setting when the transaction ends', async () => {
    await withTenant({ tenantId: tenantA, region }, async () => undefined);
    const rows = await regionDatabase(region).query('SELECT id FROM customers', { type: QueryTypes.SELECT });
    assert.equal(rows.length, 0);
  });

  it('runs as a role that row-level security applies to', async () => {
    const [role] = await regionDatabase(region).query<{ rolbypassrls: boolean; rolsuper: boolean }>(
      'SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user', { type: QueryTypes.SELECT });
    assert.equal(role?.rolbypassrls, false);
    assert.equal(role?.rolsuper, false);
  });
});
