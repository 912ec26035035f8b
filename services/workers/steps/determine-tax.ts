import { quoteTaxWithPacks, RuleInputError, rulesForTenant, type TaxQuote } from '../../rules/index.ts';
import { activeOverrideFor } from '../rule-inputs.ts';
import type { ServiceCategory } from '../../core/canonical.ts';
import { termsFor, type ContractTerms } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { outputOf, type Step } from '../flow.ts';
import type { ChosenLegalEntity } from './choose-legal-entity.ts';
import type { LoadedContract } from './load-contract.ts';

export interface ScheduleLine {
  milestoneId: string | null;
  description: string;
  dueDate: string;
  netAmount: string;
  tax: TaxQuote;
}

export interface TaxedSchedule {
  currency: string;
  lines: ScheduleLine[];
}

// The billing plan before tax: one line per milestone when the contract has milestones, plus the
// time-and-materials and subscription lines, which bill against the rate card from the start date.
// Without milestones every contract line bills on the start date.
export function planBilling(terms: ContractTerms): Omit<ScheduleLine, 'tax'>[] {
  const { contract, lines, milestones } = terms;
  const fromMilestones = milestones.map((milestone) => ({
    milestoneId: milestone.id,
    description: milestone.name,
    dueDate: milestone.dueDate,
    netAmount: milestone.amount,
  }));
  const billedByLine = milestones.length > 0 ? lines.filter((line) => line.billingType !== 'fixed-fee') : lines;
  const fromLines = billedByLine.map((line) => ({
    milestoneId: null,
    description: line.description,
    dueDate: contract.startDate,
    netAmount: line.amount,
  }));
  return [...fromMilestones, ...fromLines];
}

// The canonical model keeps ISO 3166-2 codes with their country prefix (US-IL), and the tax packs
// list subdivisions without it (IL).
export function packSubdivision(country: string, subdivision: string): string {
  return subdivision.startsWith(`${country}-`) ? subdivision.slice(country.length + 1) : subdivision;
}

// Applies the tax rule packs to every billing line: treatment, rate, amount and the invoice
// wording the law requires, each with the rule trail that decided it.
export const determineTax: Step<TaxedSchedule> = {
  name: 'determine-tax',
  pure: true,

  async run(context) {
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const entity = outputOf<ChosenLegalEntity>(context, 'choose-legal-entity');
    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');
    const { contract, customer } = terms;

    // The tenant's active override, if any, comes before the shipped tax packs.
    const { registry } = rulesForTenant(await activeOverrideFor(context));
    try {
      const lines = planBilling(terms).map((line) => ({
        ...line,
        tax: quoteTaxWithPacks(registry, {
          supplier: { country: entity.country },
          customer: {
            country: customer.country,
            ...(customer.subdivision ? { subdivision: packSubdivision(customer.country, customer.subdivision) } : {}),
            type: customer.customerType,
            ...(customer.taxId ? { taxId: customer.taxId } : {}),
            taxIdValidated: customer.taxIdValidated,
          },
          serviceCategory: contract.serviceCategory as ServiceCategory,
          net: { amount: line.netAmount, currency: contract.currency },
          supplyDate: line.dueDate,
        }),
      }));
      return { output: { currency: contract.currency, lines } };
    } catch (error) {
      if (error instanceof RuleInputError) {
        throw new PermanentStepError(`Tax rules rejected a billing line: ${error.message}`, `Correct ${error.field} on the contract or customer, then replay the run.`, { cause: error });
      }
      throw error;
    }
  },
};
