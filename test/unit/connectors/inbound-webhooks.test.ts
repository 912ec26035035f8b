import assert from 'node:assert/strict';
import { inboundWebhookDriver } from '../../../services/connectors/webhooks/inbound-drivers.ts';
import { signStandardWebhook, verifyStandardWebhook } from '../../../services/connectors/webhooks/standard-webhooks.ts';

const SECRET = `whsec_${Buffer.from('unit-test-standard-webhooks-key!').toString('base64')}`;
const headerReader = (headers: Record<string, string>) => ({ get: (name: string) => headers[name.toLowerCase()] });

describe('inbound webhook drivers', () => {
  describe('Standard Webhooks signatures', () => {
    const body = JSON.stringify({ type: 'story.completed', timestamp: '2027-02-26T10:00:00Z', data: {} });

    it('accepts a signed body', () => {
      const verification = verifyStandardWebhook(headerReader(signStandardWebhook(SECRET, 'msg_1', body)), Buffer.from(body), SECRET);
      assert.deepEqual(verification, { valid: true, eventId: 'msg_1' });
    });

    it('rejects a changed body', () => {
      const verification = verifyStandardWebhook(headerReader(signStandardWebhook(SECRET, 'msg_1', body)), Buffer.from(`${body} `), SECRET);
      assert.equal(verification.valid, false);
    });

    it('rejects an old timestamp', () => {
      const headers = signStandardWebhook(SECRET, 'msg_1', body, new Date(Date.now() - 60 * 60 * 1000));
      const verification = verifyStandardWebhook(headerReader(headers), Buffer.from(body), SECRET);
      assert.equal(verification.valid, false);
    });

    it('names a missing header', () => {
      const verification = verifyStandardWebhook(headerReader({}), Buffer.from(body), SECRET);
      assert.deepEqual(verification, { valid: false, reason: 'missing webhook-id header' });
    });
  });

  describe('Ironclad events', () => {
    const ironclad = inboundWebhookDriver('ironclad')!;
    const wrap = (payload: Record<string, unknown>) => ({ companyID: 'c', webhookID: 'w', payload });

    it('starts activation for a completed workflow', () => {
      const read = ironclad.read(wrap({ event: 'workflow_completed', workflowID: 'wf-1', templateID: 'statement-of-work' }));
      assert.ok(!('invalid' in read));
      assert.deepEqual(read.trigger, { type: 'contract.executed', subject: 'wf-1', data: { origin: 'clm', workflowId: 'wf-1' } });
    });

    it('starts the amendment flow for an amendment template', () => {
      const read = ironclad.read(wrap({ event: 'workflow_completed', workflowID: 'wf-2', templateID: 'contract-amendment' }));
      assert.ok(!('invalid' in read));
      assert.equal(read.trigger?.type, 'contract.amended');
    });

    it('stores other events without a trigger', () => {
      const read = ironclad.read(wrap({ event: 'workflow_updated', workflowID: 'wf-1' }));
      assert.ok(!('invalid' in read));
      assert.equal(read.trigger, undefined);
    });
  });

  describe('Kantata events', () => {
    const kantata = inboundWebhookDriver('kantata')!;

    it('starts invoicing for a completed milestone', () => {
      const read = kantata.read({ type: 'story.completed', data: { story_id: '1005', workspace_id: '1001', story_type: 'milestone' } });
      assert.ok(!('invalid' in read));
      assert.deepEqual(read.trigger, { type: 'milestone.completed', subject: '1005', data: { origin: 'psa', storyId: '1005', workspaceId: '1001' } });
    });

    it('ignores a completed task', () => {
      const read = kantata.read({ type: 'story.completed', data: { story_id: '1006', workspace_id: '1001', story_type: 'task' } });
      assert.ok(!('invalid' in read));
      assert.equal(read.trigger, undefined);
    });

    it('names a missing story id', () => {
      assert.deepEqual(kantata.read({ type: 'story.completed', data: { story_type: 'milestone' } }), {
        invalid: 'A story.completed webhook must carry data.story_id and data.workspace_id.',
      });
    });
  });

  describe('generic Standard Webhooks source', () => {
    const source = inboundWebhookDriver('standard-webhooks')!;

    it('starts activation of a stored contract', () => {
      const contractId = '6f1c2c6e-8d7a-4a53-9a55-3c1c1d3c1b11';
      const read = source.read({ type: 'contract.executed', data: { contractId } });
      assert.ok(!('invalid' in read));
      assert.deepEqual(read.trigger, { type: 'contract.executed', subject: contractId, data: { origin: 'api', contractId } });
    });

    it('names an invalid contract id', () => {
      const read = source.read({ type: 'contract.executed', data: { contractId: 'abc' } });
      assert.ok('invalid' in read);
      assert.match(read.invalid, /data\.contractId/);
    });
  });
});
