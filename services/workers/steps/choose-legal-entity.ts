import { chooseLegalEntityWithPacks, RuleInputError, rulesForTenant } from '../../rules/index.ts';
import { activeOverrideFor, legalEntitiesFor } from '../rule-inputs.ts';
import { termsFor } from '../contract-terms.ts';
import { PermanentStepError } from '../errors.ts';
import { outputOf, type Step } from '../flow.ts';
import type { LoadedContract } from './load-contract.ts';

export interface ChosenLegalEntity {
  code: string;
  name: string;
  country: string;
  currency: string;
  intercompany: boolean;
  invoiceCurrency: string;
  trail: { pack: string; version: string; rules: string[] };
}

// Picks which of the firm's legal entities contracts and bills this customer, with the legal
// entity rule pack, and keeps the rule trail so finance can see why.
export const chooseLegalEntity: Step<ChosenLegalEntity> = {
  name: 'choose-legal-entity',
  pure: true,

  async run(context) {
    const { contractId } = outputOf<LoadedContract>(context, 'load-contract');
    const terms = await termsFor(context, contractId);
    if (!terms) throw new PermanentStepError(`Contract ${contractId} was not found.`, 'Replay the run from load-contract.');

    const entities = await legalEntitiesFor(context);
    if (entities.length === 0) {
      throw new PermanentStepError('The tenant has no legal entities, so no entity can bill this contract.', 'Add them in the portal: open the tenant, choose the Entities and rules tab, then New legal entity. Then retry the step.');
    }

    // The tenant's active override, if any, comes before the shipped legal-entity pack.
    const rules = rulesForTenant(await activeOverrideFor(context));
    try {
      const options = { entityPack: rules.entityPack, onDate: terms.contract.startDate };
      const choice = chooseLegalEntityWithPacks(rules.registry, entities, { country: terms.customer.country }, options);
      const { entity } = choice;
      return { output: { code: entity.code, name: entity.name, country: entity.country, currency: entity.currency, intercompany: choice.intercompany, invoiceCurrency: choice.invoiceCurrency, trail: choice.trail } };
    } catch (error) {
      if (error instanceof RuleInputError) {
        throw new PermanentStepError(`Legal entity rules rejected the contract: ${error.message}`, `Correct ${error.field} on the customer or the entities, then retry the step.`, { cause: error });
      }
      throw error;
    }
  },
};
