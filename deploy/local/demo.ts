// `npm run demo`: drives the demo book (deploy/local/demo-book.ts) through every flow against the
// simulators, in one process with a fresh demo tenant, and prints what each system ended up
// holding, the runs and the KPIs. Development only: it uses development credentials.
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { config } from '../../services/core/config.ts';
import { closeDatabases, regionDatabase } from '../../services/core/database.ts';
import { closeRedis } from '../../services/gateway/limits/redis-client.ts';
import { withTenant, type TenantScope } from '../../services/core/tenancy.ts';
import { DEMO_COMPANIES, DEMO_CONTRACTS, DEMO_MASTER_AGREEMENT, demoRateCardAmendment, type DemoWorkflow } from './demo-book.ts';
import { DEMO_LEGAL_ENTITIES, DEMO_TENANT } from './demo-data.ts';
import { startDemoPlatform, type DemoPlatform } from './demo-platform.ts';
import { printHoldings } from './demo-report.ts';
import { ensureApiClient, ensureLegalEntities, ensureSimulatorConnectors, ensureTenant } from './seed-steps.ts';

const SCOPES = ['contracts:read', 'contracts:write', 'runs:read'];
const WAIT_MS = 60_000;

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} failed with HTTP ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function createWorkflow(platform: DemoPlatform, workflow: DemoWorkflow): Promise<string> {
  const { key: _key, ...body } = workflow;
  return (await call<{ id: string }>(`${platform.clm.url}/_sim/workflows`, { method: 'POST', body: JSON.stringify(body) })).id;
}

async function executeWorkflow(platform: DemoPlatform, workflow: DemoWorkflow): Promise<string> {
  const id = await createWorkflow(platform, workflow);
  await call(`${platform.clm.url}/_sim/workflows/${id}/execute`, { method: 'POST' });
  return id;
}

// Waits until the tenant has `count` finished runs of the flow.
async function waitForRuns(platform: DemoPlatform, scope: TenantScope, flow: string, count: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await platform.drainOutbox();
    const [row] = await withTenant(scope, (transaction) => regionDatabase(scope.region).query<{ finished: number }>(
      `SELECT count(*)::int AS finished FROM workflow_runs WHERE flow = :flow AND status <> 'running'`, { replacements: { flow }, type: QueryTypes.SELECT, transaction }));
    if ((row?.finished ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT_MS / 1000} s waiting for ${count} ${flow} run(s); see the worker log lines above.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function accessToken(gatewayUrl: string, clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPES.join(' ') }),
  });
  if (!response.ok) throw new Error(`The demo API client could not get a token: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

// Completes the first milestone of each named workspace in the PSA, as a delivery lead would.
async function completeFirstMilestones(platform: DemoPlatform, titles: string[]): Promise<number> {
  const workspaces = [...platform.psa.state.workspaces.values()].filter((workspace) => titles.includes(workspace.title));
  for (const workspace of workspaces) {
    const [first] = [...platform.psa.state.stories.values()].filter((story) => story.workspace_id === workspace.id && story.story_type === 'milestone')
      .sort((one, other) => (one.due_date ?? '').localeCompare(other.due_date ?? ''));
    if (first) await call(`${platform.psa.url}/_sim/stories/${first.id}/complete`, { method: 'POST' });
  }
  return workspaces.length;
}

async function runDemo(platform: DemoPlatform): Promise<void> {
  const tenant = await ensureTenant(`demo-${randomUUID().slice(0, 8)}`, `${DEMO_TENANT.name} (demo run)`, DEMO_TENANT.region);
  await ensureLegalEntities(tenant, DEMO_LEGAL_ENTITIES);
  await ensureSimulatorConnectors(tenant, { clmUrl: platform.clm.url, erpUrl: platform.erp.url, crmUrl: platform.crm.url, psaUrl: platform.psa.url, gatewayUrl: platform.gatewayUrl });
  const client = { id: `${tenant.slug}-partner`, secret: randomUUID() };
  await ensureApiClient(tenant.tenantId, client.id, client.secret, SCOPES);
  console.log(`Demo tenant ${tenant.slug} (region ${tenant.region}), gateway ${platform.gatewayUrl}`);

  for (const company of DEMO_COMPANIES) platform.crm.state.create({ ...company });
  await createWorkflow(platform, DEMO_MASTER_AGREEMENT);
  const executed = new Map<string, string>();
  for (const contract of DEMO_CONTRACTS) executed.set(contract.key, await executeWorkflow(platform, contract));
  await waitForRuns(platform, tenant, 'contract-activation', DEMO_CONTRACTS.length);
  console.log(`Executed ${DEMO_CONTRACTS.length} contracts in the CLM; activation runs finished.`);

  const invoiced = await completeFirstMilestones(platform, DEMO_CONTRACTS.filter((contract) => contract.key !== 'sow-gb').map((contract) => contract.title));
  await waitForRuns(platform, tenant, 'milestone-invoice', invoiced);
  console.log(`Completed the first milestone of ${invoiced} projects in the PSA; invoice runs finished.`);

  await executeWorkflow(platform, demoRateCardAmendment(executed.get('sow-de')!));
  await waitForRuns(platform, tenant, 'amendment-billing', 1);
  console.log('Signed the rate card amendment of SOW 1 in the CLM; the amendment run finished.');

  const token = await accessToken(platform.gatewayUrl, client.id, client.secret);
  const headers = { authorization: `Bearer ${token}` };
  const { id } = await call<{ id: string }>(`${platform.gatewayUrl}/v1/reconciliations`, { method: 'POST', headers: { ...headers, 'idempotency-key': randomUUID() } });
  await waitForRuns(platform, tenant, 'reconciliation', 1);
  const reconciliation = await call<{ contractsChecked: number; contractsMatched: number; gaps: unknown[] }>(`${platform.gatewayUrl}/v1/reconciliations/${id}`, { headers });
  console.log(`Reconciliation: ${reconciliation.contractsMatched} of ${reconciliation.contractsChecked} contracts match the ERP, ${reconciliation.gaps.length} gaps.`);

  printHoldings(platform);
  const runs = await withTenant(tenant, (transaction) => regionDatabase(tenant.region).query<{ flow: string; status: string; runs: number }>(
    'SELECT flow, status, count(*)::int AS runs FROM workflow_runs GROUP BY flow, status ORDER BY flow, status', { type: QueryTypes.SELECT, transaction }));
  console.log('\nRuns');
  for (const row of runs) console.log(`  ${row.flow}: ${row.runs} ${row.status}`);
  const exceptions = await withTenant(tenant, (transaction) => regionDatabase(tenant.region).query<{ stepName: string; error: string }>(
    `SELECT step_name AS "stepName", error FROM workflow_exceptions WHERE status = 'open' ORDER BY created_at`, { type: QueryTypes.SELECT, transaction }));
  for (const exception of exceptions) console.log(`  open exception at ${exception.stepName}: ${exception.error}`);
  console.log('\nKPIs (GET /v1/metrics/kpis)');
  console.log(JSON.stringify(await call(`${platform.gatewayUrl}/v1/metrics/kpis?days=1`, { headers }), null, 2).replace(/^/gm, '  '));
}

async function main(): Promise<void> {
  if (config().production) throw new Error('The demo cannot run with NODE_ENV=production, because it uses development credentials. Run it with NODE_ENV=development.');
  const platform = await startDemoPlatform(DEMO_TENANT.region);
  try {
    await runDemo(platform);
  } finally {
    // Every client the platform opened must close, or Node keeps the demo running after its report.
    await platform.close();
    await closeRedis();
    await closeDatabases();
  }
}

main().catch((error: unknown) => {
  console.error(`The demo failed: ${error instanceof Error ? error.message : String(error)}`);
  // A failure while starting can leave retrying clients behind, which would keep Node running.
  process.exit(1);
});
