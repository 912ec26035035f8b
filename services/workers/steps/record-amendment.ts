import { randomUUID } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import type { CanonicalContract } from '../../core/canonical.ts';
import { regionDatabase } from '../../core/database.ts';
import { regionModels } from '../../core/models/region.ts';
import type { TenantScope } from '../../core/tenancy.ts';
import { termsFor, type ContractTerms } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { outputOf, type Step } from '../flow.ts';
import type { TermComparison } from './compare-terms.ts';
import type { LoadedAmendment } from './load-amendment.ts';

export interface RecordedAmendment {
  amendmentId: string;
  version: number;
  status: 'applied' | 'rejected';
  reason: string | null;
}

// Stores the amendment with the terms before and after it, so the superseded version stays
// readable. Then it applies the new terms to the contract. Value, end date, rate card and lines
// are replaced, and milestones are updated by name or added. Invoiced milestones are never touched. An
// amendment with conflicts is stored as rejected and changes nothing.
export const recordAmendment: Step<RecordedAmendment> = {
  name: 'record-amendment',

  async run(context) {
    const { scope, run } = context;
    const loaded = outputOf<LoadedAmendment>(context, 'load-contract');
    const { changes, conflicts } = outputOf<TermComparison>(context, 'compare-terms');
    const stored = await termsFor(context, loaded.contractId);
    if (!stored) throw new PermanentStepError(`Contract ${loaded.contractId} was not found.`, 'Replay the run from load-contract.');
    const reason = conflicts.length > 0 ? `The amendment conflicts with invoiced billing: ${conflicts.join('; ')}.` : null;

    return { persist: async (transaction) => {
      const database = regionDatabase(scope.region);
      const [existing] = await database.query<RecordedAmendment>(
        `SELECT id AS "amendmentId", version, status, reason FROM contract_amendments WHERE contract_id = :contractId AND source_ref = :sourceRef`,
        { replacements: { contractId: loaded.contractId, sourceRef: loaded.workflowId }, type: QueryTypes.SELECT, transaction });
      if (existing) return existing;

      const [{ count }] = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM contract_amendments WHERE contract_id = :contractId',
        { replacements: { contractId: loaded.contractId }, type: QueryTypes.SELECT, transaction }) as [{ count: number }];
      const recorded: RecordedAmendment = { amendmentId: randomUUID(), version: count + 2, status: reason ? 'rejected' : 'applied', reason };
      await database.query(
        `INSERT INTO contract_amendments (id, tenant_id, contract_id, version, source_ref, status, changes, previous_terms, new_terms, reason, run_id)
         VALUES (:id, :tenantId, :contractId, :version, :sourceRef, :status, :changes, :previous, :next, :reason, :runId)`,
        { replacements: {
          id: recorded.amendmentId, tenantId: scope.tenantId, contractId: loaded.contractId, version: recorded.version, sourceRef: loaded.workflowId,
          status: recorded.status, changes: JSON.stringify(changes), previous: JSON.stringify(stored), next: JSON.stringify(loaded.amended), reason, runId: run.id,
        }, transaction });
      if (!reason) await applyTerms(scope, transaction, stored, loaded.amended);
      // Later steps of this delivery must read the amended terms, not the cached ones.
      context.memo?.delete(`terms:${loaded.contractId}`);
      return recorded;
    } };
  },
};

async function applyTerms(scope: TenantScope, transaction: Transaction, stored: ContractTerms, amended: CanonicalContract): Promise<void> {
  const { Contract, RateCardEntry, ContractLine, Milestone } = regionModels(scope.region);
  const contractId = stored.contract.id;
  const owner = { tenantId: scope.tenantId, contractId };
  await Contract.update({ totalValue: amended.totalValue, endDate: amended.endDate ?? null, updatedAt: new Date() }, { where: { id: contractId }, transaction });

  await RateCardEntry.destroy({ where: { contractId }, transaction });
  await RateCardEntry.bulkCreate(amended.rateCard.map((entry) => ({ id: randomUUID(), ...owner, ...entry })), { transaction });
  await ContractLine.destroy({ where: { contractId }, transaction });
  await ContractLine.bulkCreate(amended.lines.map((line) => ({ id: randomUUID(), ...owner, ...line, role: line.role ?? null })), { transaction });

  const next = new Map(amended.milestones.map((milestone) => [milestone.name, milestone]));
  for (const milestone of stored.milestones.filter((candidate) => candidate.status !== 'invoiced')) {
    const replacement = next.get(milestone.name);
    // compareTerms rejects removals, so every stored milestone has a replacement here.
    if (replacement) await Milestone.update({ amount: replacement.amount, dueDate: replacement.dueDate }, { where: { id: milestone.id }, transaction });
  }
  const storedNames = new Set(stored.milestones.map((milestone) => milestone.name));
  const added = amended.milestones.filter((milestone) => !storedNames.has(milestone.name));
  await Milestone.bulkCreate(added.map((milestone) => ({ id: randomUUID(), ...owner, ...milestone })), { transaction });
}

// Stops the run when the amendment was rejected, so an exception opens for finance to settle the
// invoiced milestone with the customer. Nothing outside has changed at this point.
export const checkInvoicedMilestones: Step<{ checked: true }> = {
  name: 'check-invoiced-milestones',
  pure: true,

  async run(context) {
    const recorded = outputOf<RecordedAmendment>(context, 'record-amendment');
    if (recorded.status === 'rejected') {
      throw new PermanentStepError(recorded.reason ?? 'The amendment was rejected.', 'Agree a credit note or a new milestone with the customer, amend the contract again in the CLM, then resolve this exception.');
    }
    return { output: { checked: true } };
  },
};
