import assert from 'node:assert/strict';
import express from 'express';
import { PermanentConnectorError, TransientConnectorError } from '../../../services/connectors/errors.ts';
import { fillTemplate, GenericRestClient } from '../../../services/connectors/generic/rest.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';

describe('generic REST driver', () => {
  let server: RunningServer;
  let client: GenericRestClient;
  const seen: { method: string; url: string; authorization?: string; body?: unknown }[] = [];

  before(async () => {
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      seen.push({ method: req.method, url: req.originalUrl, authorization: req.get('authorization'), body: req.body as unknown });
      next();
    });
    app.get('/v2/accounts/:account/projects', (req, res) => {
      res.json({ account: req.params.account, status: req.query.status });
    });
    app.post('/v2/projects', (req, res) => {
      res.status(201).json({ id: 'p-1', received: req.body });
    });
    app.get('/v2/busy', (_req, res) => {
      res.status(503).json({ message: 'maintenance window' });
    });
    server = await listen(app, '127.0.0.1', 0);
    client = new GenericRestClient({
      baseUrl: server.url,
      auth: { kind: 'basic', username: 'svc', password: 'pw' },
      connectorId: 'generic-test',
      system: 'timesheets',
      operations: {
        listProjects: { method: 'GET', path: '/v2/accounts/{account}/projects', query: { status: '{status}' } },
        createProject: { method: 'POST', path: '/v2/projects', sendsBody: true },
        busy: { method: 'GET', path: '/v2/busy' },
      },
    });
  });

  after(async () => {
    await server.close();
  });

  it('fills path and query templates', async () => {
    const body = await client.invoke('listProjects', { account: 'acme/eu', status: 'open & active' });
    assert.deepEqual(body, { account: 'acme/eu', status: 'open & active' });
    assert.equal(seen.at(-1)!.url, '/v2/accounts/acme%2Feu/projects?status=open+%26+active');
  });

  it('sends a body with basic auth', async () => {
    const body = await client.invoke('createProject', {}, { name: 'Roll-out' });
    assert.deepEqual(body, { id: 'p-1', received: { name: 'Roll-out' } });
    assert.equal(seen.at(-1)!.authorization, `Basic ${Buffer.from('svc:pw').toString('base64')}`);
  });

  it('names a missing placeholder value', () => {
    assert.throws(() => fillTemplate('/a/{id}', {}, 'timesheets getA'), /timesheets getA needs a value for \{id\}/);
  });

  it('rejects an operation not configured', async () => {
    await assert.rejects(client.invoke('deleteEverything'), (error: Error) =>
      error instanceof PermanentConnectorError && /no operation "deleteEverything" configured \(configured: listProjects, createProject, busy\)/.test(error.message));
  });

  it('rejects a missing body', async () => {
    await assert.rejects(client.invoke('createProject'), /sends a body, and none was given/);
  });

  it('reports the remote message of a 503', async () => {
    await assert.rejects(client.invoke('busy'), (error: Error) => error instanceof TransientConnectorError && /\(maintenance window\)/.test(error.message));
  });
});
