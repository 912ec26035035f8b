import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { config } from '../../services/core/config.ts';
import { createGatewayApp } from '../../services/gateway/app.ts';
import { answerParserErrors } from '../../services/gateway/http/parser-errors.ts';
import { createTenant } from '../support/factories.ts';
import { countRows, createClmConnector, gateway, ironcladHeaders, rsaKeyPair } from '../integration/gateway/helpers.ts';

describe('gateway /metrics access', () => {
  it('rejects a request without a token', async () => {
    const response = await request(gateway()).get('/metrics');
    assert.equal(response.status, 401);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="throughline-metrics"');
    assert.doesNotMatch(response.text, /gateway_http_requests_total/);
  });

  it('rejects a wrong token', async () => {
    const response = await request(gateway()).get('/metrics').set('Authorization', 'Bearer not-the-metrics-token');
    assert.equal(response.status, 401);
  });

  it('serves metrics with METRICS_TOKEN', async () => {
    const response = await request(gateway()).get('/metrics').set('Authorization', `Bearer ${config().gateway.metricsToken}`);
    assert.equal(response.status, 200);
    assert.match(response.text, /gateway_http_requests_total/);
  });
});

describe('gateway webhook payload limits', () => {
  const keys = rsaKeyPair();
  let tenant: { id: string; slug: string; region: string };
  let connector: { id: string; slug: string };

  before(async () => {
    tenant = await createTenant();
    connector = await createClmConnector(tenant, keys.publicKey);
  });

  async function postSigned(body: string): Promise<request.Response> {
    return request(gateway()).post(`/hooks/${tenant.slug}/${connector.slug}`).set(ironcladHeaders(keys.privateKey, randomUUID(), body)).send(body);
  }

  async function expectRejectedBeforeStoring(body: string): Promise<request.Response> {
    const inboundBefore = await countRows(tenant, 'inbound_events');
    const outboxBefore = await countRows(tenant, 'outbox');
    const response = await postSigned(body);
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 'invalid-webhook-payload');
    assert.equal(await countRows(tenant, 'inbound_events'), inboundBefore);
    assert.equal(await countRows(tenant, 'outbox'), outboxBefore);
    return response;
  }

  it('rejects a NUL character', async () => {
    const body = '{"companyID":"c","webhookID":"w","payload":{"event":"workflow_completed","workflowID":"wf-1","note":"a\\u0000b"}}';
    const response = await expectRejectedBeforeStoring(body);
    assert.match(response.body.detail, /payload\.note/);
  });

  it('rejects a lone surrogate', async () => {
    const body = '{"companyID":"c","webhookID":"w","payload":{"event":"workflow_completed","workflowID":"wf-1","note":"\\ud800"}}';
    await expectRejectedBeforeStoring(body);
  });

  it('rejects a workflowID over 200 characters', async () => {
    const workflowId = `wf-${'x'.repeat(198)}`;
    const body = JSON.stringify({ companyID: 'c', webhookID: 'w', payload: { event: 'workflow_completed', workflowID: workflowId } });
    const response = await expectRejectedBeforeStoring(body);
    assert.match(response.body.detail, /201 characters long; the maximum is 200/);
    assert.ok(!response.text.includes(workflowId), 'the problem must not echo the id');
  });

  it('accepts a workflowID of 200 characters', async () => {
    const body = JSON.stringify({ companyID: 'c', webhookID: 'w', payload: { event: 'workflow_completed', workflowID: `wf-${'x'.repeat(197)}` } });
    const response = await postSigned(body);
    assert.equal(response.status, 202);
  });
});

describe('gateway oversized headers', () => {
  let server: http.Server;
  let port: number;

  before(async () => {
    server = http.createServer(createGatewayApp());
    answerParserErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers 431 with a problem body', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/customers`, { headers: { Authorization: `Bearer ${'a'.repeat(100 * 1024)}` } });
    assert.equal(response.status, 431);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await response.json()) as { status: number; code: string; detail: string; requestId: string };
    assert.equal(body.status, 431);
    assert.equal(body.code, 'request-header-fields-too-large');
    assert.match(body.detail, /headers are larger/);
    assert.equal(body.requestId, response.headers.get('x-request-id'));
  });
});
