import { Decimal } from 'decimal.js';
import { termsFor, type ContractTerms } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedContract } from './load-contract.ts';

// Checks that the contract's terms agree with themselves before anything reaches the ERP: a
// contract whose lines do not add up would otherwise become a billing exception weeks later.
export function findContractProblems(terms: ContractTerms): string[] {
  const { contract, customer, lines, rateCard, milestones } = terms;
  const problems: string[] = [];
  const roles = new Set(rateCard.map((entry) => entry.role));

  if (lines.length === 0) problems.push('the contract has no lines');
  if (!/^[A-Z]{2}$/.test(customer.country)) problems.push(`customer country "${customer.country}" is not an ISO 3166-1 alpha-2 code`);
  if (contract.endDate && contract.endDate < contract.startDate) problems.push('the end date is before the start date');

  for (const line of lines) {
    const expected = new Decimal(line.quantity).times(line.unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (!expected.equals(line.amount)) problems.push(`line ${line.lineNo} amount ${line.amount} is not quantity ${line.quantity} times unit price ${line.unitPrice}`);
    if (line.billingType === 'time-and-materials' && (!line.role || !roles.has(line.role))) {
      problems.push(`line ${line.lineNo} bills time and materials for role "${line.role ?? ''}", which the rate card does not list`);
    }
  }

  const linesTotal = lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
  if (!linesTotal.equals(contract.totalValue)) problems.push(`the lines add up to ${linesTotal.toFixed(2)} but the contract value is ${contract.totalValue}`);

  const milestoneTotal = milestones.reduce((sum, milestone) => sum.plus(milestone.amount), new Decimal(0));
  if (milestoneTotal.greaterThan(contract.totalValue)) problems.push(`the milestones add up to ${milestoneTotal.toFixed(2)}, more than the contract value ${contract.totalValue}`);

  return problems;
}

export const validateContract: Step<{ checked: string[] }> = {
  name: 'validate',
  pure: true,

  async run(context) {
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} disappeared before validation.`, 'Replay the run from load-contract.');

    const problems = findContractProblems(terms);
    if (problems.length > 0) {
      throw new PermanentStepError(`The contract is inconsistent: ${problems.join('; ')}.`, 'Correct the contract in the CLM (or through the API) and replay the run.');
    }
    return { output: { checked: ['lines', 'rate card roles', 'totals', 'milestones', 'dates', 'customer country'] } };
  },
};
