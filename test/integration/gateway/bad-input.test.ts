import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { contractBody, gateway, tenantWithToken } from './helpers.ts';

const PROBLEM_TYPE = /^application\/problem\+json/;

function cursorWithTime(time: string): string {
  return Buffer.from(JSON.stringify({ time, id: randomUUID() })).toString('base64url');
}

describe('gateway bad client input', () => {
  let token: string;
  let customerId: string;

  before(async () => {
    ({ token } = await tenantWithToken());
    const customer = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'Bad Input AG', country: 'DE' }).expect(201);
    customerId = customer.body.id;
  });

  describe('content encoding', () => {
    for (const path of ['/v1/customers', '/hooks/acme/ironclad']) {
      it(`rejects fake gzip on ${path}`, async () => {
        const response = await request(gateway()).post(path).set('Authorization', `Bearer ${token}`)
          .set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"name":"Acme","country":"DE"}');
        assert.equal(response.status, 400);
        assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
        assert.equal(response.body.code, 'malformed-body');
        assert.match(response.body.detail, /Content-Encoding/);
      });
    }

    it('rejects fake gzip on /oauth/token', async () => {
      const response = await request(gateway()).post('/oauth/token').set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Content-Encoding', 'gzip').send('grant_type=client_credentials');
      assert.equal(response.status, 400);
      assert.equal(response.body.error, 'invalid_request');
      assert.match(response.body.error_description, /Content-Encoding/);
    });

    it('rejects an unknown encoding with 415', async () => {
      const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{"name":"Acme","country":"DE"}');
      assert.equal(response.status, 415);
      assert.equal(response.body.code, 'unsupported-media-type');
    });
  });

  it('rejects a malformed percent-encoded path', async () => {
    const response = await request(gateway()).get('/v1/customers/%E0%A4%A').set('Authorization', `Bearer ${token}`);
    assert.equal(response.status, 400);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.body.code, 'malformed-path');
  });

  it('rejects dates outside 1900 to 2200', async () => {
    for (const startDate of ['0000-01-01', '1899-12-31', '2201-01-01']) {
      const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`)
        .send(contractBody(customerId, { startDate, endDate: undefined }));
      assert.equal(response.status, 400, startDate);
      assert.deepEqual(response.body.errors.map((error: { field: string }) => error.field), ['startDate'], startDate);
    }
  });

  it('rejects a urn:uuid customerId', async () => {
    const response = await request(gateway()).post('/v1/contracts').set('Authorization', `Bearer ${token}`)
      .send(contractBody(`urn:uuid:${customerId}`));
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].field, 'customerId');
    assert.match(response.body.errors[0].message, /urn:uuid/);
  });

  it('rejects a urn:uuid query id', async () => {
    const response = await request(gateway()).get('/v1/runs').query({ contractId: `urn:uuid:${randomUUID()}` }).set('Authorization', `Bearer ${token}`);
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].field, 'contractId');
    assert.match(response.body.errors[0].message, /urn:uuid/);
  });

  it('rejects a cursor with an impossible time', async () => {
    for (const path of ['/v1/customers', '/v1/runs']) {
      const cursor = cursorWithTime('2026-13-45T99:00:00.000000Z');
      const response = await request(gateway()).get(path).query({ cursor }).set('Authorization', `Bearer ${token}`);
      assert.equal(response.status, 400, path);
      assert.equal(response.body.errors[0].field, 'cursor', path);
    }
  });

  describe('text fields', () => {
    const cases: [string, string][] = [
      ['NUL', '"nul\\u0000byte"'],
      ['lone high surrogate', '"before\\ud800after"'],
      ['lone low surrogate', '"\\udc00"'],
      ['whitespace only', '"   "'],
    ];
    for (const [name, json] of cases) {
      it(`rejects a ${name} customer name`, async () => {
        const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`)
          .set('Content-Type', 'application/json').send(`{"name":${json},"country":"DE"}`);
        assert.equal(response.status, 400);
        assert.deepEqual(response.body.errors.map((error: { field: string }) => error.field), ['name']);
        assert.match(response.body.errors[0].message, /NUL/);
      });
    }

    it('keeps a surrogate pair', async () => {
      const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).send({ name: 'Emoji 😀 GmbH', country: 'DE' });
      assert.equal(response.status, 201);
      assert.equal(response.body.name, 'Emoji 😀 GmbH');
    });

    it('rejects a whitespace v2 title', async () => {
      const body = { ...contractBody(customerId), title: ' \t ' };
      const response = await request(gateway()).post('/v2/contracts').set('Authorization', `Bearer ${token}`).send(body);
      assert.equal(response.status, 400);
      assert.ok(response.body.errors.some((error: { field: string }) => error.field === 'title'));
    });
  });

  describe('messages', () => {
    it('names the full path in a 405', async () => {
      const id = randomUUID();
      const customer = await request(gateway()).delete(`/v1/customers/${id}`).set('Authorization', `Bearer ${token}`);
      assert.equal(customer.status, 405);
      assert.equal(customer.body.detail, `DELETE is not allowed on /v1/customers/${id}. Allowed methods: GET, HEAD.`);

      const hook = await request(gateway()).get('/hooks/acme/ironclad');
      assert.equal(hook.status, 405);
      assert.equal(hook.body.detail, 'GET is not allowed on /hooks/acme/ironclad. Allowed methods: POST.');
    });

    it('rejects an empty JSON body with 400', async () => {
      const response = await request(gateway()).post('/v1/customers').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json');
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'empty-body');
      assert.match(response.body.detail, /body is empty/);
    });

    it('rejects too many token form fields', async () => {
      const form = Array.from({ length: 51 }, (_, index) => `field${index}=x`).join('&');
      const response = await request(gateway()).post('/oauth/token').type('form').send(form);
      assert.equal(response.status, 400);
      assert.equal(response.body.error, 'invalid_request');
      assert.match(response.body.error_description, /more than 50 form parameters/);
      assert.equal(response.body.type, undefined);
    });
  });
});
