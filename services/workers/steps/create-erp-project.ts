import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { queryPrepared } from '../../core/prepared.ts';
import type { TenantScope } from '../../core/tenancy.ts';
import { erpNextRecordUrl } from '../../connectors/erp/erpnext-links.ts';
import { erpClient } from '../connector-clients.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { findExternalRef, upsertExternalRefsSql, type OutsideLink } from '../lineage.ts';
import { outputOf, type Step } from '../flow.ts';
import type { ChosenLegalEntity } from './choose-legal-entity.ts';
import type { LoadedContract } from './load-contract.ts';
import type { ErpCustomer } from './upsert-erp-customer.ts';

export interface ErpProject {
  projectId: string;
  erpProject: string;
}

// Creates the delivery project in the ERP and its canonical twin here. The ERP project carries the
// contract id, so a retry looks it up instead of creating a second one. Compensation cancels it
// when a later step fails for good, and a later retry of the run opens it again.
export const createErpProject: Step<ErpProject> = {
  name: 'create-erp-project',
  effect: { objectType: 'project', system: 'erp' },

  async run(context) {
    const { scope, run } = context;
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const { erpCustomer } = outputOf<ErpCustomer>(context, 'upsert-erp-customer');
    const entity = outputOf<ChosenLegalEntity>(context, 'choose-legal-entity');
    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    const { contract } = terms;
    const { client, connector } = await erpClient(context);

    // Only this step makes the contract's project, so a first call has nothing to find.
    const found = context.neverCalled ? undefined : await client.findProjectByContract(contractId);
    // A project that compensation cancelled is opened again when an admin retries or replays the run.
    if (found?.status === 'Cancelled') await client.setProjectStatus(found.name, 'Open');
    const record = found ?? await client.createProject({
      project_name: contract.title,
      customer: erpCustomer,
      company: entity.name,
      expected_start_date: contract.startDate,
      ...(contract.endDate ? { expected_end_date: contract.endDate } : {}),
      estimated_costing: contract.totalValue,
      throughline_contract_id: contractId,
    });

    return { persist: async (transaction) => {
      const projectId = await saveProject(scope, transaction, { contractId, name: contract.title, legalEntityCode: entity.code }, {
        connectorId: connector.id,
        externalId: record.name,
        externalUrl: erpNextRecordUrl(connector.baseUrl, 'Project', record.name),
        runId: run.id,
      });
      return { projectId, erpProject: record.name };
    } };
  },

  async compensate(context) {
    const { projectId } = outputOf<ErpProject>(context, 'create-erp-project');
    const ref = await findExternalRef(context.scope, 'project', projectId, 'erp');
    if (!ref) return;
    const { client } = await erpClient(context);
    await client.setProjectStatus(ref.externalId, 'Cancelled');
    context.log.info({ erpProject: ref.externalId }, 'cancelled the ERP project of a failed activation');
  },
};

// Stores the canonical project of the contract unless a retried step stored it already, links it
// to the ERP project, and returns its id, in one statement. The update that changes nothing makes
// the statement return the stored row, also one a concurrent transaction has just committed.
async function saveProject(scope: TenantScope, transaction: Transaction, project: { contractId: string; name: string; legalEntityCode: string }, erp: OutsideLink): Promise<string> {
  const [row] = await queryPrepared<{ id: string }>(transaction,
    `WITH project AS (
       INSERT INTO projects (id, tenant_id, contract_id, name, legal_entity_code) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5)
       ON CONFLICT (contract_id) DO UPDATE SET contract_id = EXCLUDED.contract_id RETURNING id),
     link AS (${upsertExternalRefsSql(`SELECT gen_random_uuid(), $2::uuid, $3::uuid, 'project', project.id, 'erp', $6::uuid, $7, $8, $9::uuid, 'create-erp-project' FROM project`)})
     SELECT id FROM project`,
    [randomUUID(), scope.tenantId, project.contractId, project.name, project.legalEntityCode, erp.connectorId, erp.externalId, erp.externalUrl, erp.runId]);
  if (!row) throw new Error(`Project of contract ${project.contractId} was neither stored nor found.`);
  return row.id;
}
