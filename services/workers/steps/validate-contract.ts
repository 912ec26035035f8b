import { findContractProblems } from '../../core/contract-consistency.ts';
import { minorUnitDigits } from '../../rules/currencies.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedContract } from './load-contract.ts';

// Checks that the contract's terms agree with themselves before anything reaches the ERP: a
// contract whose lines do not add up would otherwise become a billing exception weeks later. The
// gateway runs the same check when a contract is posted.
export const validateContract: Step<{ checked: string[] }> = {
  name: 'validate',
  pure: true,

  async run(context) {
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} disappeared before validation.`, 'Replay the run from load-contract.');

    const { contract, customer, lines, rateCard, milestones } = terms;
    const problems = findContractProblems({ ...contract, customer, lines, rateCard, milestones }, minorUnitDigits(contract.currency));
    if (problems.length > 0) {
      const listed = problems.map((problem) => `${problem.field} ${problem.message}`).join('; ');
      throw new PermanentStepError(`The contract is inconsistent: ${listed}.`, 'Correct the contract in the CLM (or through the API) and replay the run.');
    }
    return { output: { checked: ['lines', 'rate card roles', 'totals', 'milestones', 'dates', 'customer country'] } };
  },
};
