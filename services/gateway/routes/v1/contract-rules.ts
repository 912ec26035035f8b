import { problems } from '../../../core/problem.ts';
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

// Checks across fields that a JSON Schema cannot express. The database enforces the unique roles
// and milestone names too, but a 400 naming the field is more use to a client than a conflict.
export function checkContractRules(input: ContractInput): void {
  const errors: FieldError[] = [];
  if (input.endDate !== undefined && input.endDate < input.startDate) {
    errors.push({ field: 'endDate', message: `must not be before startDate (${input.startDate})` });
  }
  errors.push(...duplicates(input.rateCard.map((entry) => entry.role), (index) => `rateCard[${index}].role`, 'role'));
  errors.push(...duplicates(input.milestones.map((entry) => entry.name), (index) => `milestones[${index}].name`, 'milestone name'));
  if (errors.length > 0) throw problems.validation(errors);
}
