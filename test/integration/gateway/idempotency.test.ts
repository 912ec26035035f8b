import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { auditRecords, countRows, gateway, tenantWithToken } from './helpers.ts';

describe('Idempotency-Key on POST', () => {
  let token: string;
  let tenant: { id: string; region: string };

  before(async () => {
    ({ token, tenant } = await tenantWithToken());
  });

  function createCustomer(key: string | undefined, body: Record<string, unknown>) {
    const call = request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`);
    if (key !== undefined) call.set('Idempotency-Key', key);
    return call.send(body);
  }

  it('replays the stored response for a retry', async () => {
    const key = randomUUID();
    const before = await countRows(tenant, 'customers');
    const first = await createCustomer(key, { name: 'Retry AG', country: 'CH' }).expect(201);
    const retry = await createCustomer(key, { country: 'CH', name: 'Retry AG' }).expect(201);

    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers.location, first.headers.location);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(await countRows(tenant, 'customers'), before + 1);
    assert.equal((await auditRecords(tenant)).filter((record) => record.objectId === first.body.id).length, 1);
  });

  it('rejects a reused key with another body', async () => {
    const key = randomUUID();
    await createCustomer(key, { name: 'First AG', country: 'CH' }).expect(201);
    const response = await createCustomer(key, { name: 'Second AG', country: 'CH' }).expect(422);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(response.body.code, 'idempotency-key-reused');
  });

  it('runs concurrent requests once', async () => {
    const key = randomUUID();
    const before = await countRows(tenant, 'customers');
    const responses = await Promise.all([1, 2, 3].map(() => createCustomer(key, { name: 'Concurrent AG', country: 'DE' })));

    assert.deepEqual(responses.map((response) => response.status), [201, 201, 201]);
    assert.equal(new Set(responses.map((response) => response.body.id)).size, 1);
    assert.equal(responses.filter((response) => response.headers['idempotent-replayed'] === 'true').length, 2);
    assert.equal(await countRows(tenant, 'customers'), before + 1);
  });

  it('frees the key after a failed request', async () => {
    const key = randomUUID();
    await createCustomer(key, { name: 'Bad AG', country: 'XX' }).expect(400);
    await createCustomer(key, { name: 'Bad AG', country: 'CH' }).expect(201);
  });

  it('rejects a malformed key', async () => {
    const response = await createCustomer('key with spaces', { name: 'Spaces AG', country: 'CH' }).expect(400);
    assert.equal(response.body.errors[0].field, 'Idempotency-Key');
  });

  it('keeps keys apart per client', async () => {
    const key = randomUUID();
    const other = await tenantWithToken();
    await createCustomer(key, { name: 'Mine AG', country: 'CH' }).expect(201);
    const theirs = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${other.token}`).set('Idempotency-Key', key)
      .send({ name: 'Theirs AG', country: 'CH' }).expect(201);
    assert.equal(theirs.body.name, 'Theirs AG');
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
  });
});
