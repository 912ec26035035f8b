import type { ServiceCategory } from '../core/canonical.ts';
import { isCalendarDate } from './calendar-dates.ts';
import { isIsoCurrency, minorUnitDigits } from './currencies.ts';
import type { PackRegistry } from './pack-registry.ts';
import { RuleInputError } from './rule-input-error.ts';
import type { TaxQuoteInput } from './tax-types.ts';

const SERVICE_CATEGORIES: readonly ServiceCategory[] = ['consulting', 'legal', 'accounting', 'it-services'];

// At most 18 integer and 12 fraction digits, so net x rate stays exact at the 40-digit precision of tax-amount.ts.
const AMOUNT_PATTERN = /^(0|[1-9]\d{0,17})(\.\d{1,12})?$/;

export function checkCountry(registry: PackRegistry, field: string, country: unknown): void {
  if (typeof country !== 'string' || !(country in registry.reference.countries)) {
    throw new RuleInputError(field, `unknown country ${JSON.stringify(country)}; use an ISO 3166-1 alpha-2 code in upper case, such as "DE"`);
  }
}

/** Checks a subdivision against the list in the country's tax pack; countries without a list accept any short code. */
function checkSubdivision(registry: PackRegistry, field: string, country: string, subdivision: unknown): void {
  if (subdivision === undefined) return;

  const known = registry.taxPacks.get(country)?.pack.subdivisions;
  const valid = typeof subdivision === 'string' && (known ? known.includes(subdivision) : /^[A-Z0-9]{1,3}$/.test(subdivision));
  if (!valid) {
    const hint = known ? `one of ${known.join(', ')}` : 'an ISO 3166-2 subdivision code without the country prefix';
    throw new RuleInputError(field, `unknown subdivision ${JSON.stringify(subdivision)} of ${country}; use ${hint}`);
  }
}

function checkParties(registry: PackRegistry, input: TaxQuoteInput): void {
  checkCountry(registry, 'supplier.country', input.supplier?.country);
  checkSubdivision(registry, 'supplier.subdivision', input.supplier.country, input.supplier.subdivision);

  const customer = input.customer;
  checkCountry(registry, 'customer.country', customer?.country);
  checkSubdivision(registry, 'customer.subdivision', customer.country, customer.subdivision);
  if (customer.type !== 'business' && customer.type !== 'consumer') {
    throw new RuleInputError('customer.type', `invalid value ${JSON.stringify(customer.type)}; use "business" or "consumer"`);
  }
  if (typeof customer.taxIdValidated !== 'boolean') {
    throw new RuleInputError('customer.taxIdValidated', 'missing or not a boolean; set it to true only after the tax id passed validation');
  }
  if (customer.taxIdValidated && (typeof customer.taxId !== 'string' || customer.taxId.trim() === '')) {
    throw new RuleInputError('customer.taxId', 'missing, but taxIdValidated is true; send the validated tax id or set taxIdValidated to false');
  }
}

function checkNet(net: TaxQuoteInput['net'] | undefined): void {
  const amount: unknown = net?.amount;
  if (typeof amount === 'string' && amount.startsWith('-')) {
    throw new RuleInputError('net.amount', `negative amount "${amount}"; quote a credit note from the original positive line`);
  }
  if (typeof amount !== 'string' || !AMOUNT_PATTERN.test(amount)) {
    throw new RuleInputError('net.amount', `invalid amount ${JSON.stringify(amount)}; use a decimal string such as "1250.00" (at most 18 integer and 12 fraction digits)`);
  }
  if (typeof net?.currency !== 'string' || !isIsoCurrency(net.currency)) {
    throw new RuleInputError('net.currency', `unsupported currency ${JSON.stringify(net?.currency)}; use an ISO 4217 code such as "EUR"`);
  }
}

/**
 * Rejects a net amount with more decimal places than the currency's minor unit, because its total
 * cannot be invoiced. Trailing zeros do not count. The engine itself accepts such amounts, so its
 * rounding can be tested below the minor unit, and POST /v1/tax/quotes applies this check as well.
 */
export function checkInvoiceableAmount(net: { amount: string; currency: string }): void {
  if (!isIsoCurrency(net.currency)) return;
  const places = (net.amount.split('.')[1] ?? '').replace(/0+$/, '').length;
  const allowed = minorUnitDigits(net.currency);
  if (places > allowed) {
    throw new RuleInputError('net.amount', `amount "${net.amount}" has ${places} decimal places, but ${net.currency} has ${allowed}; round it to ${allowed} decimal places`);
  }
}

/** Rejects a quote request that the engine cannot quote without guessing, naming the field to fix. */
export function checkTaxQuoteInput(registry: PackRegistry, input: TaxQuoteInput): void {
  checkParties(registry, input);
  if (!SERVICE_CATEGORIES.includes(input.serviceCategory)) {
    throw new RuleInputError('serviceCategory', `unknown category ${JSON.stringify(input.serviceCategory)}; use one of ${SERVICE_CATEGORIES.join(', ')}`);
  }
  checkNet(input.net);
  if (typeof input.supplyDate !== 'string' || !isCalendarDate(input.supplyDate)) {
    throw new RuleInputError('supplyDate', `invalid date ${JSON.stringify(input.supplyDate)}; use a calendar date as YYYY-MM-DD`);
  }
}
