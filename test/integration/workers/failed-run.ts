import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { saveConnector } from '../../../services/core/connector-registry.ts';
import { regionDatabase } from '../../../services/core/database.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { contractActivation } from '../../../services/workers/flows/contract-activation.ts';
import { recordExternalRef } from '../../../services/workers/lineage.ts';
import { ORCHESTRATOR } from '../../../services/workers/run-driver.ts';
import { commitProgress, failRun, markStepCompensated, startRun, type ClaimedRun } from '../../../services/workers/run-store.ts';

// A contract-activation run stored the way the orchestrator leaves it when the ERP rejected the
// billing schedule. The steps up to the ERP project are done and the project is compensated. The
// billing schedule failed for good with an open exception, and the lineage has the ERP customer.
// No step runs: the rows are written through the run store, so run actions can be tested alone.

export interface FailedRun {
  runId: string;
  exceptionId: string;
  erpCustomerId: string;
}

const DONE = ['load-contract', 'validate', 'enrich-from-crm', 'choose-legal-entity', 'determine-tax', 'upsert-erp-customer', 'create-erp-project'];

async function erpConnectorId(scope: TenantScope): Promise<string> {
  const connector = await saveConnector(scope, {
    slug: 'erpnext', kind: 'erp', driver: 'erpnext', name: 'ERPNext (test)', baseUrl: 'http://127.0.0.1:9', authKind: 'api-token',
    credentials: { apiKey: 'test-key', apiSecret: 'test-secret' },
  });
  return connector.id;
}

export async function storeFailedRun(scope: TenantScope): Promise<FailedRun> {
  const triggerEventId = randomUUID();
  const claimed = await startRun(scope, ORCHESTRATOR, {
    flow: contractActivation.name,
    flowVersion: contractActivation.version,
    triggerKey: `api:${randomUUID()}`,
    triggerEventId,
    input: { origin: 'api', contractId: randomUUID() },
    stepNames: contractActivation.steps.map((step) => step.name),
  }, { owner: 'test', ms: 10_000 }) as Extract<ClaimedRun, { leased: true }>;
  const { run, steps } = claimed;
  const byName = (name: string) => steps.find((step) => step.name === name)!;

  const erpCustomerId = `CUST-${randomUUID().slice(0, 8)}`;
  const connectorId = await erpConnectorId(scope);
  await commitProgress(scope, run.id, {
    done: DONE.map((name) => ({ step: byName(name), attempts: 1, result: { output: { step: name } } })),
    failed: { step: byName('create-billing-schedule'), attempts: 1, error: 'ERP answered HTTP 400: rate is invalid', final: true },
  });
  await withTenant(scope, (transaction) => recordExternalRef(scope, transaction, {
    contractId: null, objectType: 'customer', objectId: randomUUID(), system: 'erp', connectorId,
    externalId: erpCustomerId, externalUrl: null, runId: run.id, stepName: 'upsert-erp-customer',
  }));
  await markStepCompensated(scope, byName('create-erp-project'));
  const exceptionId = await failRun(scope, run.id, {
    stepName: 'create-billing-schedule',
    error: 'ERP answered HTTP 400: rate is invalid',
    suggestedAction: 'Correct the rate, then retry the step.',
    payloadRef: `run:${run.id}/event:${triggerEventId}`,
  });
  return { runId: run.id, exceptionId, erpCustomerId };
}

export async function tenantRows<Row extends object>(scope: TenantScope, sql: string, replacements: Record<string, unknown>): Promise<Row[]> {
  return withTenant(scope, (transaction) => regionDatabase(scope.region).query<Row>(sql, { replacements, type: QueryTypes.SELECT, transaction }));
}
