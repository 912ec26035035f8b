import assert from 'node:assert/strict';
import express from 'express';
import { PermanentConnectorError, TransientConnectorError } from '../../../services/connectors/errors.ts';
import { joinUrl, parseRetryAfter, requestJson, type ConnectorRequest } from '../../../services/connectors/http.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';

// Each route simulates one way an outside system can fail.
function testApp() {
  const app = express();
  app.use(express.json());
  app.get('/ok', (_req, res) => {
    res.json({ hello: 'world' });
  });
  app.post('/echo', (req, res) => {
    res.json({ received: req.body, contentType: req.get('content-type') });
  });
  app.get('/empty', (_req, res) => {
    res.status(204).end();
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => res.json({ late: true }), 500).unref();
  });
  app.get('/status/:code', (req, res) => {
    if (req.query.retryAfter) res.set('Retry-After', String(req.query.retryAfter));
    res.status(Number(req.params.code)).json({ message: `failed with ${req.params.code}` });
  });
  app.get('/html', (_req, res) => {
    res.type('html').send('<html>not json</html>');
  });
  app.get('/html-error', (_req, res) => {
    res.status(502).type('html').send('<html>bad gateway</html>');
  });
  app.get('/big', (_req, res) => {
    res.json({ padding: 'x'.repeat(5000) });
  });
  app.get('/redirect', (_req, res) => {
    res.redirect(302, '/ok');
  });
  app.get('/redirect-loop', (_req, res) => {
    res.redirect(302, '/redirect-loop');
  });
  app.get('/redirect-metadata', (_req, res) => {
    res.redirect(302, 'http://169.254.169.254/latest/meta-data/');
  });
  return app;
}

describe('connector HTTP call', () => {
  let server: RunningServer;

  before(async () => {
    server = await listen(testApp(), '127.0.0.1', 0);
  });

  after(async () => {
    await server.close();
  });

  function call(path: string, overrides: Partial<ConnectorRequest> = {}) {
    return requestJson({ system: 'testsys', operation: 'probe', method: 'GET', url: new URL(path, server.url), ...overrides });
  }

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    assert.fail('expected the call to fail');
  }

  it('parses a JSON response', async () => {
    const response = await call('/ok');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { hello: 'world' });
  });

  it('sends a JSON body', async () => {
    const response = await call('/echo', { method: 'POST', body: { a: 1 } });
    assert.deepEqual(response.body, { received: { a: 1 }, contentType: 'application/json' });
  });

  it('returns undefined for an empty body', async () => {
    const response = await call('/empty');
    assert.equal(response.status, 204);
    assert.equal(response.body, undefined);
  });

  it('raises a transient error on timeout', async () => {
    const error = await failure(call('/slow', { timeoutMs: 50 }));
    assert.ok(error instanceof TransientConnectorError);
    assert.match(error.message, /timed out after 50 ms/);
    assert.equal(error.status, undefined);
  });

  it('raises a transient error on connection refused', async () => {
    const closed = await listen(express(), '127.0.0.1', 0);
    await closed.close();
    const error = await failure(requestJson({ system: 'testsys', operation: 'probe', method: 'GET', url: new URL('/ok', closed.url) }));
    assert.ok(error instanceof TransientConnectorError);
    assert.match(error.message, /ECONNREFUSED/);
  });

  for (const status of [408, 429, 500, 502, 503]) {
    it(`raises a transient error on ${status}`, async () => {
      const error = await failure(call(`/status/${status}`));
      assert.ok(error instanceof TransientConnectorError);
      assert.equal(error.status, status);
      assert.equal(error.retryable, true);
    });
  }

  it('reads Retry-After seconds', async () => {
    const error = await failure(call('/status/429?retryAfter=7'));
    assert.ok(error instanceof TransientConnectorError);
    assert.equal(error.retryAfterSeconds, 7);
    assert.match(error.message, /Retry after 7 s/);
  });

  for (const status of [400, 401, 403, 404, 409, 417, 422]) {
    it(`raises a permanent error on ${status}`, async () => {
      const error = await failure(call(`/status/${status}`));
      assert.ok(error instanceof PermanentConnectorError);
      assert.equal(error.status, status);
      assert.equal(error.retryable, false);
    });
  }

  it('includes the remote message from describeError', async () => {
    const error = await failure(call('/status/417', { describeError: (body) => (body as { message: string }).message }));
    assert.match(error.message, /\(failed with 417\)/);
    assert.match(error.message, /testsys probe failed: HTTP 417/);
  });

  it('rejects a non-JSON success body', async () => {
    const error = await failure(call('/html'));
    assert.ok(error instanceof PermanentConnectorError);
    assert.match(error.message, /not valid JSON/);
  });

  it('classifies a non-JSON error body by status', async () => {
    const error = await failure(call('/html-error'));
    assert.ok(error instanceof TransientConnectorError);
    assert.equal(error.status, 502);
  });

  it('rejects a response over the size limit', async () => {
    const error = await failure(call('/big', { maxResponseBytes: 1000 }));
    assert.ok(error instanceof PermanentConnectorError);
    assert.match(error.message, /larger than 1000 bytes/);
  });

  it('follows a redirect to an allowed address', async () => {
    const response = await call('/redirect');
    assert.deepEqual(response.body, { hello: 'world' });
  });

  it('stops after too many redirects', async () => {
    const error = await failure(call('/redirect-loop'));
    assert.ok(error instanceof PermanentConnectorError);
    assert.equal(error.status, 302);
    assert.match(error.message, /More than 3 redirects/);
  });

  it('checks a redirect target with the egress guard', async () => {
    const error = await failure(call('/redirect-metadata'));
    assert.ok(error instanceof PermanentConnectorError);
    assert.match(error.message, /rejected by the egress guard: 169\.254\.169\.254 is a cloud metadata address/);
  });

  it('keeps query and header secrets out of messages', async () => {
    const url = new URL('/status/401?api_key=query-secret', server.url);
    const error = await failure(call('', { url, headers: { authorization: 'Bearer header-secret' } }));
    assert.doesNotMatch(error.message, /query-secret/);
    assert.doesNotMatch(error.message, /header-secret/);
    assert.match(error.message, /\/status\/401/);
  });

  it('rejects a URL with user info', async () => {
    const url = new URL('/ok', server.url);
    url.username = 'user';
    url.password = 'userinfo-secret';
    const error = await failure(call('', { url }));
    assert.ok(error instanceof PermanentConnectorError);
    assert.match(error.message, /contains user info/);
    assert.doesNotMatch(error.message, /userinfo-secret/);
  });

  it('parses Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('joins a base URL that has a path', () => {
    assert.equal(joinUrl('http://127.0.0.1:1/prefix/', '/api/x').toString(), 'http://127.0.0.1:1/prefix/api/x');
  });
});
