import assert from 'node:assert/strict';
import express from 'express';
import { PermanentConnectorError } from '../../../services/connectors/errors.ts';
import { restClientFor } from '../../../services/connectors/generic/rest-client-for.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';

// The generic REST driver built from a connector's stored settings, as the worker and the
// connection test build it, calling a server on 127.0.0.1.
describe('generic REST client from settings', () => {
  let server: RunningServer;
  const seen: { method: string; url: string; authorization?: string; body?: unknown }[] = [];

  const settings = {
    operations: [
      { name: 'me', method: 'GET', pathTemplate: '/api/me' },
      {
        name: 'findProject',
        method: 'GET',
        pathTemplate: '/api/accounts/{accountId}/projects',
        query: { code: '{code}', state: 'open' },
        responseMapping: '{"id": items[0].id, "title": items[0].title}',
      },
      { name: 'renameProject', method: 'PATCH', pathTemplate: '/api/projects/{projectId}' },
      { name: 'brokenMapping', method: 'GET', pathTemplate: '/api/me', responseMapping: '$number(user)' },
    ],
    checkOperation: 'me',
  };

  const connector = (overrides: Record<string, unknown> = {}) => ({
    id: 'rest-connector-1', slug: 'timesheets', baseUrl: server.url, authKind: 'api-token' as const, settings, ...overrides,
  });

  before(async () => {
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      seen.push({ method: req.method, url: req.originalUrl, authorization: req.get('authorization'), body: req.body as unknown });
      next();
    });
    app.get('/api/me', (_req, res) => {
      res.json({ user: 'svc-throughline' });
    });
    app.get('/api/accounts/:accountId/projects', (req, res) => {
      res.json({ items: [{ id: `p-${req.params.accountId}`, title: `Project ${String(req.query.code)}`, extra: true }] });
    });
    app.patch('/api/projects/:projectId', (req, res) => {
      res.json({ id: req.params.projectId, ...(req.body as object) });
    });
    server = await listen(app, '127.0.0.1', 0);
  });

  after(async () => {
    await server.close();
  });

  it('calls a configured operation', async () => {
    const client = restClientFor(connector(), { accessToken: 'token-1' });
    const result = await client.invoke('findProject', { accountId: 'acme', code: 'C 7' });

    assert.deepEqual(result, { id: 'p-acme', title: 'Project C 7' });
    assert.equal(seen.at(-1)!.method, 'GET');
    assert.equal(seen.at(-1)!.url, '/api/accounts/acme/projects?code=C+7&state=open');
    assert.equal(seen.at(-1)!.authorization, 'Bearer token-1');
  });

  it('sends a body for PATCH', async () => {
    const client = restClientFor(connector(), { accessToken: 'token-1' });
    const result = await client.invoke('renameProject', { projectId: 'p-1' }, { title: 'Renamed' });

    assert.deepEqual(result, { id: 'p-1', title: 'Renamed' });
    assert.equal(seen.at(-1)!.method, 'PATCH');
    assert.deepEqual(seen.at(-1)!.body, { title: 'Renamed' });
  });

  it('runs the connection test operation', async () => {
    const client = restClientFor(connector(), { accessToken: 'token-1' });
    assert.equal(await client.checkConnection(), 'timesheets accepted the credentials on me.');
    assert.equal(seen.at(-1)!.url, '/api/me');
  });

  it('reports a failed response mapping', async () => {
    const client = restClientFor(connector(), { accessToken: 'token-1' });
    await assert.rejects(client.invoke('brokenMapping'), (error: Error) => {
      assert.ok(error instanceof PermanentConnectorError);
      assert.match(error.message, /^timesheets brokenMapping response mapping failed: /);
      assert.match(error.message, /Correct the operation's responseMapping/);
      return true;
    });
  });

  it('rejects invalid stored settings', () => {
    const invalid = connector({ settings: { operations: [{ name: 'me', method: 'DELETE', pathTemplate: '/api/me' }] } });
    assert.throws(() => restClientFor(invalid, { accessToken: 'token-1' }), /timesheets has invalid generic REST settings: \$\.operations\[0\]\.method must be one of/);
  });

  it('rejects settings without operations', () => {
    assert.throws(() => restClientFor(connector({ settings: {} }), { accessToken: 'token-1' }), /\$\.operations is missing/);
  });
});
