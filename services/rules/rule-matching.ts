import type { ServiceCategory } from '../core/canonical.ts';
import { isInEffect } from './calendar-dates.ts';
import type { RelativeLocation, RuleCondition } from './pack-types.ts';
import type { TracedRule } from './pack-registry.ts';
import { RuleInputError } from './rule-input-error.ts';

/** Facts that rule conditions test, with locations seen from the jurisdiction of the pack being evaluated. */
export interface RuleFacts {
  customerType: 'business' | 'consumer';
  taxIdValidated: boolean;
  customerCountry: string;
  customerSubdivision?: string;
  customerLocation: RelativeLocation;
  supplierLocation: RelativeLocation;
  serviceCategory: ServiceCategory;
  supplyDate: string;
}

function subdivisionMatches(condition: RuleCondition, facts: RuleFacts): boolean {
  if (condition.customerSubdivisions === undefined) return true;
  if (facts.customerSubdivision === undefined) {
    throw new RuleInputError('customer.subdivision', `missing; customers in ${facts.customerCountry} need their state or province code`);
  }
  return condition.customerSubdivisions.includes(facts.customerSubdivision);
}

function conditionHolds(condition: RuleCondition, facts: RuleFacts): boolean {
  if (condition.customerType !== undefined && condition.customerType !== facts.customerType) return false;
  if (condition.taxIdValidated !== undefined && condition.taxIdValidated !== facts.taxIdValidated) return false;
  if (condition.customerLocation && !condition.customerLocation.includes(facts.customerLocation)) return false;
  if (condition.supplierLocation && !condition.supplierLocation.includes(facts.supplierLocation)) return false;
  if (condition.serviceCategories && !condition.serviceCategories.includes(facts.serviceCategory)) return false;
  return subdivisionMatches(condition, facts);
}

/** Returns the first rule in force on the supply date whose conditions all hold; pack order sets precedence. */
export function findRule(rules: TracedRule[], facts: RuleFacts): TracedRule | undefined {
  return rules.find(({ rule }) => isInEffect(rule, facts.supplyDate) && conditionHolds(rule.when, facts));
}

/** Returns the qualified id that the trail records for a rule, such as `eu-vat@1.0.0/intra-eu-b2b-reverse-charge`. */
export function traceId(traced: TracedRule): string {
  return `${traced.origin}/${traced.rule.id}`;
}
