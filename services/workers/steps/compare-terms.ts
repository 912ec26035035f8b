import { Decimal } from 'decimal.js';
import type { CanonicalContract } from '../../core/canonical.ts';
import type { ContractTerms } from '../contract-terms.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedAmendment } from './load-amendment.ts';

export interface TermChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface TermComparison {
  changes: TermChange[];
  // Changes that touch a milestone already invoiced, which the amendment may not make.
  conflicts: string[];
}

const same = (first: string, second: string) => new Decimal(first).equals(second);

// Lists what the amendment changes against the stored terms: value, end date, each role's rate
// and each milestone's date and amount (milestones are matched by name). A change to an invoiced
// milestone is a conflict, because the invoice already went out with the old terms.
export function compareTerms(stored: ContractTerms, amended: CanonicalContract): TermComparison {
  const changes: TermChange[] = [];
  const conflicts: string[] = [];
  const note = (field: string, before: string | null, after: string | null) => changes.push({ field, before, after });

  if (!same(stored.contract.totalValue, amended.totalValue)) note('totalValue', stored.contract.totalValue, amended.totalValue);
  if ((stored.contract.endDate ?? null) !== (amended.endDate ?? null)) note('endDate', stored.contract.endDate, amended.endDate ?? null);

  const storedRates = new Map(stored.rateCard.map((entry) => [entry.role, entry.rate]));
  const amendedRates = new Map(amended.rateCard.map((entry) => [entry.role, entry.rate]));
  for (const role of new Set([...storedRates.keys(), ...amendedRates.keys()])) {
    const before = storedRates.get(role) ?? null;
    const after = amendedRates.get(role) ?? null;
    if (before === null || after === null || !same(before, after)) note(`rateCard.${role}`, before, after);
  }

  const amendedMilestones = new Map(amended.milestones.map((milestone) => [milestone.name, milestone]));
  for (const milestone of stored.milestones) {
    const next = amendedMilestones.get(milestone.name);
    const changed = !next || !same(milestone.amount, next.amount) || milestone.dueDate !== next.dueDate;
    if (!changed) continue;
    note(`milestones.${milestone.name}`, `${milestone.amount} due ${milestone.dueDate}`, next ? `${next.amount} due ${next.dueDate}` : null);
    if (milestone.status === 'invoiced') conflicts.push(`milestone "${milestone.name}" is already invoiced, and the amendment ${next ? 'changes' : 'removes'} it`);
    // NOTE: superseded billing schedule lines keep referring to their milestones, so a removed
    // milestone cannot be deleted. Until milestones can be withdrawn, a person must remove one.
    else if (!next) conflicts.push(`the amendment removes milestone "${milestone.name}", which must be withdrawn by hand`);
  }
  const storedNames = new Set(stored.milestones.map((milestone) => milestone.name));
  for (const milestone of amended.milestones.filter((candidate) => !storedNames.has(candidate.name))) {
    note(`milestones.${milestone.name}`, null, `${milestone.amount} due ${milestone.dueDate}`);
  }
  return { changes, conflicts };
}

export const compareAmendedTerms: Step<TermComparison> = {
  name: 'compare-terms',
  pure: true,

  async run(context) {
    const { contractId, amended } = outputOf<LoadedAmendment>(context, 'load-contract');
    const stored = await termsFor(context, contractId);
    if (!stored) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    return { output: compareTerms(stored, amended) };
  },
};
