import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { config } from '../../../services/core/config.ts';
import { handleErrors } from '../../../services/gateway/http/error-handler.ts';
import { assignRequestId } from '../../../services/gateway/http/request-id.ts';
import { gateway, tenantWithToken } from './helpers.ts';

const PROBLEM_TYPE = /^application\/problem\+json/;

describe('gateway basics', () => {
  let token: string;

  before(async () => {
    ({ token } = await tenantWithToken());
  });

  it('reports liveness and readiness', async () => {
    const live = await request(gateway()).get('/healthz').expect(200);
    assert.deepEqual(live.body, { status: 'ok' });
    const ready = await request(gateway()).get('/readyz').expect(200);
    assert.deepEqual(ready.body, { status: 'ready' });
  });

  it('echoes a request id or makes one', async () => {
    const echoed = await request(gateway()).get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    assert.equal(echoed.headers['x-request-id'], 'abc-123');
    const made = await request(gateway()).get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
    assert.match(made.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
  });

  it('sets helmet security headers', async () => {
    const response = await request(gateway()).get('/healthz').expect(200);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-powered-by'], undefined);
  });

  it('exposes request metrics by route', async () => {
    await request(gateway()).get('/healthz').expect(200);
    const response = await request(gateway()).get('/metrics').set('Authorization', `Bearer ${config().gateway.metricsToken}`).expect(200);
    assert.match(response.text, /gateway_http_requests_total\{method="GET",route="\/healthz",status="200"\}/);
    assert.match(response.text, /gateway_http_request_duration_seconds_bucket/);
  });

  it('returns a 404 problem for unknown routes', async () => {
    const response = await request(gateway()).get('/nowhere').set('X-Request-Id', 'req-404').expect(404);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.body.status, 404);
    assert.equal(response.body.code, 'not-found');
    assert.equal(response.body.instance, '/nowhere');
    assert.equal(response.body.requestId, 'req-404');
  });

  it('rejects a wrong method with 405 and Allow', async () => {
    const response = await request(gateway()).delete('/oauth/token').expect(405);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.headers.allow, 'POST');
    assert.equal(response.body.code, 'method-not-allowed');

    const v1 = await request(gateway()).delete('/v1/customers').set('Authorization', `Bearer ${token}`).expect(405);
    assert.equal(v1.headers.allow, 'POST, GET, HEAD');
  });

  it('rejects malformed JSON with a 400 problem', async () => {
    const response = await request(gateway()).post('/v1/customers')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"name": "Acme", ')
      .expect(400);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.body.code, 'malformed-json');
    assert.equal(response.body.stack, undefined);
  });

  it('rejects a non-JSON body with 415', async () => {
    const response = await request(gateway()).post('/v1/customers')
      .set('Authorization', `Bearer ${token}`)
      .type('text/plain')
      .send('name=Acme')
      .expect(415);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.body.code, 'unsupported-media-type');
  });

  it('rejects a body over the size limit with 413', async () => {
    const name = 'x'.repeat(config().gateway.maxBodyBytes + 1);
    const response = await request(gateway()).post('/v1/customers')
      .set('Authorization', `Bearer ${token}`)
      .send({ name, country: 'DE' })
      .expect(413);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.body.code, 'content-too-large');
  });

  it('requires a token on /v1 with a 401 problem', async () => {
    const response = await request(gateway()).get('/v1/customers').expect(401);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="throughline"');
    assert.equal(response.body.code, 'unauthorized');
  });

  it('hides an internal error behind a bare 500', async () => {
    const failing = express();
    failing.use(assignRequestId);
    failing.get('/boom', () => {
      throw new Error('connection to db-secret-host refused');
    });
    failing.use(handleErrors);

    const response = await request(failing).get('/boom').expect(500);
    assert.match(response.headers['content-type'] ?? '', PROBLEM_TYPE);
    assert.equal(response.body.code, 'internal-error');
    assert.equal(response.body.stack, undefined);
    assert.doesNotMatch(response.text, /db-secret-host/);
  });
});
