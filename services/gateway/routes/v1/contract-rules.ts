import { findContractProblems } from '../../../core/contract-consistency.ts';
import { problems } from '../../../core/problem.ts';
import { minorUnitDigits } from '../../../rules/currencies.ts';
import type { ContractInput } from './contract-schemas.ts';

type FieldError = { field: string; message: string };

function duplicates(values: string[], field: (index: number) => string, what: string): FieldError[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (!seen.has(value)) {
      seen.add(value);
      return [];
    }
    return [{ field: field(index), message: `repeats the ${what} "${value}"; each must be unique in a contract` }];
  });
}

// Checks across fields that a JSON Schema cannot express. The consistency check is the one the
// activation flow runs, so a contract it would reject is never stored. Roles and milestone names
// must be unique, which the database enforces too, but a 400 naming the field helps a client more.
// fieldOf renames a field of the stored form to the name the client's API version uses.
export function checkContractRules(input: ContractInput, fieldOf: (field: string) => string = (field) => field): void {
  const errors: FieldError[] = [
    ...findContractProblems(input, minorUnitDigits(input.currency)),
    ...duplicates(input.rateCard.map((entry) => entry.role), (index) => `rateCard[${index}].role`, 'role'),
    ...duplicates(input.milestones.map((entry) => entry.name), (index) => `milestones[${index}].name`, 'milestone name'),
  ];
  if (errors.length > 0) throw problems.validation(errors.map((error) => ({ field: fieldOf(error.field), message: error.message })));
}
