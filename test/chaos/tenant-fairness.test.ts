import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { RegionBroker } from '../../services/core/broker.ts';
import { systemDatabase } from '../../services/core/database.ts';
import { CONSUMERS, overflowQueue } from '../../services/core/topology.ts';
import { ORCHESTRATOR } from '../../services/workers/run-driver.ts';
import { DEMO_LEGAL_ENTITIES } from '../../deploy/local/demo-data.ts';
import { ensureLegalEntities, ensureSimulatorConnectors, ensureTenant } from '../../deploy/local/seed-steps.ts';
import { uniqueSlug } from '../support/factories.ts';
import { eventually, type RunningPlatform } from '../support/platform.ts';
import { startChaosPlatform } from './support/activation.ts';
import { postExecutedContracts } from './support/api-contracts.ts';
import { insertExecutedContracts } from './support/bulk-contracts.ts';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.ts';

const FLOOD = 5_000;
// Generous on purpose: the shared servers also run other suites. The measured time is printed.
const QUIET_TENANT_BOUND_MS = 20_000;
// The worker runs in its own process, so its pool serves only its handlers (12 - 2 reserved = 10).
const WORKER_ENV = { DATABASE_POOL_MAX: '12' };

async function runCounts(tenantId: string): Promise<{ completed: number; failed: number; total: number }> {
  const [row] = await systemDatabase('eu').query<{ completed: string; failed: string; total: string }>(
    `SELECT count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status = 'failed') AS failed, count(*) AS total
     FROM workflow_runs WHERE tenant_id = :tenantId`,
    { replacements: { tenantId }, type: QueryTypes.SELECT });
  return { completed: Number(row?.completed ?? 0), failed: Number(row?.failed ?? 0), total: Number(row?.total ?? 0) };
}

// Ends the flood: records every flood event the orchestrator has not finished as handled, so any
// worker acknowledges what is left of it without starting a run.
async function cancelFlood(tenantId: string): Promise<void> {
  await systemDatabase('eu').query(
    `INSERT INTO inbox (consumer, message_id, tenant_id)
     SELECT :consumer, id, tenant_id FROM outbox WHERE tenant_id = :tenantId AND event_type = 'contract.executed'
     ON CONFLICT (consumer, message_id) DO NOTHING`,
    { replacements: { consumer: ORCHESTRATOR, tenantId } });
}

// Where tenant B's wait went: outbox to broker (the relay), broker to run start, run start to end.
async function timeline(tenantId: string): Promise<string> {
  const [row] = await systemDatabase('eu').query<{ relayMs: number; queuedMs: number; runMs: number }>(
    `SELECT round(extract(epoch FROM o.published_at - o.created_at) * 1000) AS "relayMs",
            round(extract(epoch FROM r.started_at - o.published_at) * 1000) AS "queuedMs",
            round(extract(epoch FROM r.finished_at - r.started_at) * 1000) AS "runMs"
     FROM outbox o JOIN workflow_runs r ON r.trigger_event_id = o.id WHERE o.tenant_id = :tenantId`,
    { replacements: { tenantId }, type: QueryTypes.SELECT });
  return row ? `relay ${row.relayMs} ms, queued ${row.queuedMs} ms, run ${row.runMs} ms` : 'no run found';
}

async function queueDepth(broker: RegionBroker): Promise<number> {
  const work = await broker.publisher.checkQueue(CONSUMERS.orchestrator.queue);
  const overflow = await broker.publisher.checkQueue(overflowQueue(CONSUMERS.orchestrator.queue));
  return work.messageCount + overflow.messageCount;
}

// Tenant A floods the region with executed contracts, written straight to the outbox in one
// transaction because the gateway's request rate is not what this test measures. Tenant B then
// posts one contract through the gateway. The worker lets one tenant have only half of its handler
// slots' worth of work queue messages in flight and moves the rest to the overflow queue, so B's
// run starts next to A's backlog instead of behind it.
describe('chaos: tenant flood', function () {
  this.timeout(240_000);
  let platform: RunningPlatform;
  let worker: WorkerProcess | undefined;
  let floodTenant: Awaited<ReturnType<typeof ensureTenant>> | undefined;

  before(async () => {
    ({ platform } = await startChaosPlatform({ startWorkers: false }));
    floodTenant = await ensureTenant(uniqueSlug('flood'), 'Flooding Consulting', 'eu');
    await ensureLegalEntities(floodTenant, DEMO_LEGAL_ENTITIES);
    await ensureSimulatorConnectors(floodTenant, { clmUrl: platform.clm.url, erpUrl: platform.erp.url, crmUrl: platform.crm.url, psaUrl: platform.psa.url, gatewayUrl: platform.gatewayUrl });
    worker = await startWorkerProcess('eu', WORKER_ENV);
  });

  after(async () => {
    // The rest of the flood is acknowledged without work before the worker and simulators stop,
    // so no other suite inherits it.
    if (floodTenant) {
      await cancelFlood(floodTenant.tenantId);
      const broker = await RegionBroker.connect('eu');
      await eventually(async () => ((await queueDepth(broker)) === 0 ? true : undefined), 'the flood backlog to drain', 90_000)
        .catch((error: unknown) => process.stdout.write(`      ${String(error)}\n`));
      await broker.close();
    }
    await worker?.kill('SIGTERM');
    await platform?.close();
  });

  it("activates tenant B's contract during tenant A's flood", async () => {
    await insertExecutedContracts(floodTenant!, FLOOD);
    await eventually(async () => ((await runCounts(floodTenant!.tenantId)).completed >= 20 ? true : undefined), "tenant A's first runs", 60_000);

    const accepted = await postExecutedContracts(platform.gatewayUrl, platform.tenant.tenantId, 1, 1);
    const [contractId, acceptedAt] = [...accepted][0]!;
    const quiet = await eventually(async () => {
      const counts = await runCounts(platform.tenant.tenantId);
      return counts.completed + counts.failed > 0 ? counts : undefined;
    }, "tenant B's run to finish", QUIET_TENANT_BOUND_MS);
    const waitedMs = Date.now() - acceptedAt;
    const flood = await runCounts(floodTenant!.tenantId);

    process.stdout.write(`      tenant B's contract ${contractId} was activated ${waitedMs} ms after acceptance; tenant A had ${flood.completed} of ${FLOOD} runs completed (${await timeline(platform.tenant.tenantId)})\n`);
    assert.equal(quiet.completed, 1, "tenant B's run completed");
    assert.ok(flood.completed < FLOOD / 2, `tenant B finished while most of tenant A's flood still waited (${flood.completed} of ${FLOOD} done)`);
  });
});
