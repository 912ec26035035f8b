import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { IroncladClient } from '../../../services/connectors/clm/ironclad.ts';
import { PermanentConnectorError } from '../../../services/connectors/errors.ts';
import { startClmSimulator, type ClmSimulator } from '../../../services/simulators/clm/server.ts';
import { listen } from '../../../services/simulators/shared/listen.ts';

describe('Ironclad client', () => {
  let clm: ClmSimulator;
  let client: IroncladClient;
  let workflowId: string;

  before(async () => {
    clm = await startClmSimulator({ port: 0, apiToken: 'ironclad-client-token' });
    client = new IroncladClient({ baseUrl: clm.url, apiToken: 'ironclad-client-token' });
  });

  after(async () => {
    await clm.close();
  });

  beforeEach(async () => {
    const created = await request(clm.url)
      .post('/_sim/workflows')
      .send({ title: 'Initech SOW', attributes: { counterpartyName: 'Initech', draftNote: 'remove me' } })
      .expect(201);
    workflowId = created.body.id;
  });

  it('reads a workflow', async () => {
    const workflow = await client.getWorkflow(workflowId);
    assert.equal(workflow.id, workflowId);
    assert.equal(workflow.title, 'Initech SOW');
    assert.equal(workflow.attributes.counterpartyName, 'Initech');
  });

  it('writes attributes back', async () => {
    const updated = await client.updateAttributes(workflowId, { throughlineStatus: 'activated', erpProjectId: 'PROJ-0007', draftNote: null }, 'Activated by Throughline');
    assert.equal(updated.attributes.throughlineStatus, 'activated');
    assert.equal(updated.attributes.erpProjectId, 'PROJ-0007');
    assert.equal('draftNote' in updated.attributes, false);

    const reread = await client.getWorkflow(workflowId);
    assert.equal(reread.attributes.erpProjectId, 'PROJ-0007');
  });

  it('raises a permanent error for a missing workflow', async () => {
    await assert.rejects(client.getWorkflow('missing'), (error: unknown) => {
      assert.ok(error instanceof PermanentConnectorError);
      assert.equal(error.status, 404);
      assert.equal(error.system, 'ironclad');
      assert.equal(error.operation, 'getWorkflow');
      assert.match(error.message, /NOT_FOUND: Workflow missing was not found/);
      return true;
    });
  });

  it('raises a permanent error for a bad token', async () => {
    const stranger = new IroncladClient({ baseUrl: clm.url, apiToken: 'wrong-token-value' });
    await assert.rejects(stranger.getWorkflow(workflowId), (error: unknown) => {
      assert.ok(error instanceof PermanentConnectorError);
      assert.equal(error.status, 401);
      assert.match(error.message, /Check the connector credentials/);
      assert.doesNotMatch(error.message, /wrong-token-value/);
      return true;
    });
  });

  it('rejects a response that is not a workflow', async () => {
    const app = express();
    app.get('/public/api/v1/workflows/:id', (_req, res) => {
      res.json({ results: [] });
    });
    const impostor = await listen(app, '127.0.0.1', 0);
    try {
      const misdirected = new IroncladClient({ baseUrl: impostor.url, apiToken: 'ironclad-client-token' });
      await assert.rejects(misdirected.getWorkflow(workflowId), (error: unknown) => {
        assert.ok(error instanceof PermanentConnectorError);
        assert.match(error.message, /not a workflow/);
        return true;
      });
    } finally {
      await impostor.close();
    }
  });
});
