import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createConnector } from '../../../services/core/connector-registry.ts';
import { systemDatabase } from '../../../services/core/database.ts';
import { computeKpis } from '../../../services/core/kpis.ts';
import { createTenant } from '../../support/factories.ts';

// Activation time runs from the webhook's arrival when a run names its inbound event, and from
// the run's start otherwise.
describe('activation KPIs', () => {
  let tenantId: string;

  before(async () => {
    const tenant = await createTenant({ region: 'eu' });
    tenantId = tenant.id;
    const connector = await createConnector({ tenantId, region: 'eu' }, { slug: 'clm', kind: 'clm', driver: 'ironclad', name: 'CLM', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token', credentials: { apiToken: 't' } });
    const database = systemDatabase('eu');
    const inboundEventId = randomUUID();
    await database.query(
      `INSERT INTO inbound_events (id, tenant_id, connector_id, external_event_id, event_type, payload, received_at)
       VALUES (:id, :tenantId, :connectorId, :external, 'workflow_completed', '{}', now() - interval '2 hours')`,
      { replacements: { id: inboundEventId, tenantId, connectorId: connector.id, external: randomUUID() } });
    const run = (input: object) => database.query(
      `INSERT INTO workflow_runs (id, tenant_id, flow, flow_version, trigger_key, trigger_event_id, status, input, started_at, finished_at)
       VALUES (:id, :tenantId, 'contract-activation', 2, :key, :eventId, 'completed', :input, now() - interval '1 minute', now())`,
      { replacements: { id: randomUUID(), tenantId, key: `test:${randomUUID()}`, eventId: randomUUID(), input: JSON.stringify(input) } });
    await run({ origin: 'clm', inboundEventId });
    await run({ origin: 'clm', inboundEventId: 'not-a-uuid' });
  });

  it('measures from the webhook arrival', async () => {
    const kpis = await computeKpis(systemDatabase('eu'), tenantId, { days: 1, amendmentSlaHours: 24 });

    // One run took 7,200 s from the webhook, the other 60 s from its start, so the median is
    // 3,630 s and the 95th percentile 60 + 0.95 * 7,140 = 6,843 s.
    assert.equal(kpis.activation.runs, 2);
    assert.ok(Math.abs(kpis.activation.medianSeconds! - 3630) < 30, `median ${kpis.activation.medianSeconds} s`);
    assert.ok(Math.abs(kpis.activation.p95Seconds! - 6843) < 30, `p95 ${kpis.activation.p95Seconds} s`);
  });
});
