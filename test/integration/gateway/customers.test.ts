import assert from 'node:assert/strict';
import request from 'supertest';
import { auditRecords, gateway, tenantWithToken } from './helpers.ts';

describe('/v1/customers', () => {
  let tenant: { id: string; region: string };
  let token: string;
  let clientId: string;

  before(async () => {
    ({ tenant, token, clientId } = await tenantWithToken());
  });

  it('creates a customer and reads it back', async () => {
    const created = await request(gateway()).post('/v1/customers')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'create-customer-1')
      .send({ name: 'Nordlicht GmbH', country: 'DE', subdivision: 'BY', taxId: 'DE123456789', email: 'ap@nordlicht.example' })
      .expect(201);
    assert.equal(created.headers.location, `/v1/customers/${created.body.id}`);
    assert.equal(created.body.name, 'Nordlicht GmbH');
    assert.equal(created.body.type, 'business');
    assert.equal(created.body.taxIdValidated, false);

    const read = await request(gateway()).get(`/v1/customers/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    assert.deepEqual(read.body, created.body);
  });

  it('audits a customer write with client and request ids', async () => {
    const created = await request(gateway()).post('/v1/customers')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'audit-customer-1')
      .send({ name: 'Audited Ltd', country: 'GB' })
      .expect(201);

    const records = (await auditRecords(tenant)).filter((record) => record.objectId === created.body.id);
    assert.equal(records.length, 1);
    assert.deepEqual(records[0], { actor: clientId, operation: 'create', objectType: 'customer', objectId: created.body.id, requestId: 'audit-customer-1' });
  });

  it('lists every validation error', async () => {
    const response = await request(gateway()).post('/v1/customers')
      .set('Authorization', `Bearer ${token}`)
      .send({ country: 'XX', type: 'person', email: 'not-an-email', extra: true })
      .expect(400);
    assert.equal(response.body.code, 'validation-failed');
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    assert.deepEqual(fields, ['country', 'email', 'extra', 'name', 'type']);
  });

  it('pages through customers with a cursor', async () => {
    const { token: pagedToken } = await tenantWithToken();
    const names = ['A', 'B', 'C', 'D', 'E'];
    for (const name of names) {
      await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${pagedToken}`).send({ name, country: 'FR' }).expect(201);
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const page = await request(gateway()).get('/v1/customers').query(query).set('Authorization', `Bearer ${pagedToken}`).expect(200);
      assert.ok(page.body.data.length <= 2);
      seen.push(...(page.body.data as { name: string }[]).map((customer) => customer.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, names);
  });

  it('rejects a limit outside 1 to 100', async () => {
    for (const limit of ['0', '101', 'ten']) {
      const response = await request(gateway()).get('/v1/customers').query({ limit }).set('Authorization', `Bearer ${token}`).expect(400);
      assert.equal(response.body.errors[0].field, 'limit', `limit=${limit}`);
    }
  });

  it('rejects a forged cursor', async () => {
    const response = await request(gateway()).get('/v1/customers').query({ cursor: 'bm90LWEtY3Vyc29y' }).set('Authorization', `Bearer ${token}`).expect(400);
    assert.equal(response.body.errors[0].field, 'cursor');
  });

  it('returns 404 for a non-UUID id', async () => {
    await request(gateway()).get('/v1/customers/not-a-uuid').set('Authorization', `Bearer ${token}`).expect(404);
  });
});
