import { Decimal } from 'decimal.js';

// Checks that a contract's terms agree with themselves. Lines add up to the contract value, each
// line amount is quantity times unit price, milestones stay within the value, amounts fit the
// currency's minor unit, and time-and-materials lines bill by a rate card role. The gateway runs
// it when a contract is posted and the activation flow before anything reaches the ERP, so both
// reject the same contracts. It reads the canonical shape and the stored rows alike.

export interface ContractTermsToCheck {
  currency: string;
  totalValue: string;
  startDate: string;
  endDate?: string | null;
  // Checked when present. The gateway leaves it out, because it checked the country when the
  // customer was created.
  customer?: { country: string };
  rateCard: readonly { role: string; rate: string }[];
  lines: readonly { billingType: string; role?: string | null; quantity: string; unitPrice: string; amount: string }[];
  milestones: readonly { amount: string }[];
}

// A problem named by the field of the canonical shape, such as "lines[1].amount" or "totalValue".
export interface ContractProblem {
  field: string;
  message: string;
}

function sum(amounts: readonly string[]): Decimal {
  return amounts.reduce((total, amount) => total.plus(amount), new Decimal(0));
}

function minorUnitProblems(terms: ContractTermsToCheck, currencyDigits: number): ContractProblem[] {
  const amounts: [string, string][] = [
    ['totalValue', terms.totalValue],
    ...terms.rateCard.map((entry, index): [string, string] => [`rateCard[${index}].rate`, entry.rate]),
    ...terms.lines.flatMap((line, index): [string, string][] => [[`lines[${index}].unitPrice`, line.unitPrice], [`lines[${index}].amount`, line.amount]]),
    ...terms.milestones.map((milestone, index): [string, string] => [`milestones[${index}].amount`, milestone.amount]),
  ];
  return amounts
    .filter(([, amount]) => new Decimal(amount).decimalPlaces() > currencyDigits)
    .map(([field]) => ({ field, message: `must have at most ${currencyDigits} decimal places, the minor unit of ${terms.currency}` }));
}

function lineProblems(terms: ContractTermsToCheck, currencyDigits: number): ContractProblem[] {
  const roles = new Set(terms.rateCard.map((entry) => entry.role));
  return terms.lines.flatMap((line, index) => {
    const found: ContractProblem[] = [];
    const expected = new Decimal(line.quantity).times(line.unitPrice).toDecimalPlaces(currencyDigits, Decimal.ROUND_HALF_UP);
    if (!expected.equals(line.amount)) {
      found.push({ field: `lines[${index}].amount`, message: `must equal quantity times unitPrice (${line.quantity} × ${line.unitPrice} = ${expected.toFixed(currencyDigits)})` });
    }
    if (line.billingType === 'time-and-materials' && (!line.role || !roles.has(line.role))) {
      const listed = [...roles].join(', ') || 'none';
      found.push({ field: `lines[${index}].role`, message: `must name a role of the rate card on a time-and-materials line (rate card roles: ${listed})` });
    }
    return found;
  });
}

function totalProblems(terms: ContractTermsToCheck, currencyDigits: number): ContractProblem[] {
  const found: ContractProblem[] = [];
  const linesTotal = sum(terms.lines.map((line) => line.amount));
  if (terms.lines.length > 0 && !linesTotal.equals(terms.totalValue)) {
    found.push({ field: 'totalValue', message: `must equal the sum of the line amounts, ${linesTotal.toFixed(currencyDigits)}` });
  }
  const milestonesTotal = sum(terms.milestones.map((milestone) => milestone.amount));
  if (milestonesTotal.greaterThan(terms.totalValue)) {
    found.push({ field: 'milestones', message: `add up to ${milestonesTotal.toFixed(currencyDigits)}, more than totalValue ${terms.totalValue}` });
  }
  return found;
}

// Lists every inconsistency in the terms, or nothing. currencyDigits is the number of decimal
// places of the currency's minor unit (2 for EUR, 0 for JPY), from services/rules/currencies.ts.
export function findContractProblems(terms: ContractTermsToCheck, currencyDigits: number): ContractProblem[] {
  const found: ContractProblem[] = [];
  if (terms.lines.length === 0) found.push({ field: 'lines', message: 'must contain at least one line' });
  if (terms.customer && !/^[A-Z]{2}$/.test(terms.customer.country)) {
    found.push({ field: 'customer.country', message: `"${terms.customer.country}" is not an ISO 3166-1 alpha-2 code` });
  }
  if (terms.endDate && terms.endDate < terms.startDate) found.push({ field: 'endDate', message: `must not be before startDate (${terms.startDate})` });

  return [...found, ...minorUnitProblems(terms, currencyDigits), ...lineProblems(terms, currencyDigits), ...totalProblems(terms, currencyDigits)];
}
