import { problems } from '../../../core/problem.ts';
import type { ContractInput } from '../v1/contract-schemas.ts';
import type { ContractInputV2 } from './contract-schemas.ts';

type FieldError = { field: string; message: string };

// Every amount of a contract is in the contract's currency, which is the currency of its total.
function currencyErrors(input: ContractInputV2): FieldError[] {
  const expected = input.total.currency;
  const amounts: [string, string][] = [
    ...input.rateCard.map((entry, index): [string, string] => [`rateCard[${index}].rate.currency`, entry.rate.currency]),
    ...input.lines.flatMap((line, index): [string, string][] => [
      [`lines[${index}].unitPrice.currency`, line.unitPrice.currency],
      [`lines[${index}].amount.currency`, line.amount.currency],
    ]),
    ...input.milestones.map((entry, index): [string, string] => [`milestones[${index}].amount.currency`, entry.amount.currency]),
  ];
  return amounts.filter(([, currency]) => currency !== expected)
    .map(([field]) => ({ field, message: `must be ${expected}, the currency of total` }));
}

// A line that names a rate card role must name one of this contract's. The shared consistency
// check covers time-and-materials lines, which must always name one.
function roleErrors(input: ContractInputV2): FieldError[] {
  const roles = new Set(input.rateCard.map((entry) => entry.role));
  return input.lines.flatMap((line, index): FieldError[] => {
    if (line.billingType === 'time-and-materials' || line.rateCardRole === undefined || roles.has(line.rateCardRole)) return [];
    return [{ field: `lines[${index}].rateCardRole`, message: `names no role of this contract's rate card (${[...roles].join(', ') || 'it is empty'})` }];
  });
}

const MONEY_FIELD = /^(lines\[\d+\]\.(unitPrice|amount)|milestones\[\d+\]\.amount|rateCard\[\d+\]\.rate)$/;
const LINE_ROLE_FIELD = /^(lines\[\d+\])\.role$/;

// Renames a field of the stored form, which version 1 uses too, to its version 2 name.
export function fieldOfV2(field: string): string {
  if (field === 'totalValue') return 'total.amount';
  if (field === 'currency') return 'total.currency';
  if (MONEY_FIELD.test(field)) return `${field}.amount`;
  return field.replace(LINE_ROLE_FIELD, '$1.rateCardRole');
}

// Checks the version 2 rules, then maps the body onto the one stored form that version 1 writes too.
export function toStoredContractInput(input: ContractInputV2): ContractInput {
  const errors = [...currencyErrors(input), ...roleErrors(input)];
  if (errors.length > 0) throw problems.validation(errors);

  return {
    customerId: input.customerId,
    title: input.title,
    currency: input.total.currency,
    totalValue: input.total.amount,
    serviceCategory: input.serviceCategory,
    startDate: input.startDate,
    ...(input.endDate !== undefined ? { endDate: input.endDate } : {}),
    status: input.status,
    rateCard: input.rateCard.map((entry) => ({ role: entry.role, unit: entry.unit, rate: entry.rate.amount })),
    lines: input.lines.map((line) => ({
      description: line.description,
      billingType: line.billingType,
      ...(line.rateCardRole !== undefined ? { role: line.rateCardRole } : {}),
      quantity: line.quantity,
      unitPrice: line.unitPrice.amount,
      amount: line.amount.amount,
    })),
    milestones: input.milestones.map((entry) => ({ name: entry.name, dueDate: entry.dueDate, amount: entry.amount.amount })),
    ...(input.externalRef !== undefined ? { externalRef: input.externalRef } : {}),
  };
}
