import { isInEffect } from './calendar-dates.ts';
import { getPackRegistry, type LoadedTaxPack, type PackRegistry, type TracedRule } from './pack-registry.ts';
import type { RuleOutcome } from './pack-types.ts';
import { relativeLocation } from './relative-location.ts';
import { RuleInputError } from './rule-input-error.ts';
import { findRule, traceId, type RuleFacts } from './rule-matching.ts';
import { RulePackError } from './rule-pack-error.ts';
import { chargeTax } from './tax-charge.ts';
import { checkTaxQuoteInput } from './tax-input-checks.ts';
import type { TaxQuote, TaxQuoteInput } from './tax-types.ts';

/** The rule that decided the treatment, the pack whose rates and rounding apply, and every rule consulted on the way. */
interface Decision {
  loaded: LoadedTaxPack;
  outcome: RuleOutcome;
  applied: TracedRule[];
}

function factsFor(registry: PackRegistry, input: TaxQuoteInput, home: string): RuleFacts {
  const { reference } = registry;
  return {
    customerType: input.customer.type,
    taxIdValidated: input.customer.taxIdValidated,
    customerCountry: input.customer.country,
    customerSubdivision: input.customer.subdivision,
    customerLocation: relativeLocation(reference, home, input.customer.country, input.supplyDate),
    supplierLocation: relativeLocation(reference, home, input.supplier.country, input.supplyDate),
    serviceCategory: input.serviceCategory,
    supplyDate: input.supplyDate,
  };
}

function noRuleError(loaded: LoadedTaxPack, facts: RuleFacts): Error {
  if (!loaded.rules.some(({ rule }) => isInEffect(rule, facts.supplyDate))) {
    return new RuleInputError('supplyDate', `no rule of ${loaded.file} is in force on ${facts.supplyDate}; check the date or extend the pack`);
  }
  const summary = `${facts.customerType} customer (${facts.customerLocation}), ${facts.serviceCategory}, ${facts.supplyDate}`;
  return new RulePackError(loaded.file, '$.rules', `no rule matches a ${summary}; add a rule that covers this case`);
}

function decideOutbound(registry: PackRegistry, input: TaxQuoteInput): Decision {
  const loaded = registry.taxPacks.get(input.supplier.country);
  if (loaded === undefined) {
    throw new RuleInputError('supplier.country', `no tax pack for ${input.supplier.country}; add one under services/rules/packs/ before billing from there`);
  }

  const facts = factsFor(registry, input, loaded.pack.jurisdiction);
  const traced = findRule(loaded.rules, facts);
  if (traced === undefined) throw noRuleError(loaded, facts);
  return { loaded, outcome: traced.rule.then, applied: [traced] };
}

/**
 * Lets the customer country's inbound rules take over when the supplier's pack places the supply
 * there, as for a UK business buying from abroad, which accounts for UK VAT itself.
 */
function applyInbound(registry: PackRegistry, input: TaxQuoteInput, outbound: Decision): Decision {
  if (outbound.outcome.deferToCustomerPack !== true) return outbound;

  const loaded = registry.taxPacks.get(input.customer.country);
  if (loaded === undefined) return outbound;

  const traced = findRule(loaded.inboundRules, factsFor(registry, input, loaded.pack.jurisdiction));
  if (traced === undefined) return outbound;

  const outcome: RuleOutcome = {
    ...traced.rule.then,
    notes: [...(outbound.outcome.notes ?? []), ...(traced.rule.then.notes ?? [])],
    warnings: [...(outbound.outcome.warnings ?? []), ...(traced.rule.then.warnings ?? [])],
  };
  return { loaded, outcome, applied: [...outbound.applied, traced] };
}

function taxCountryOf(input: TaxQuoteInput, outcome: RuleOutcome): string {
  if (outcome.taxCountry === 'supplier') return input.supplier.country;
  if (outcome.taxCountry === 'customer') return input.customer.country;
  if (input.customer.subdivision === undefined) {
    throw new RuleInputError('customer.subdivision', `missing; customers in ${input.customer.country} need their state or province code`);
  }
  return `${input.customer.country}-${input.customer.subdivision}`;
}

function buildQuote(input: TaxQuoteInput, decision: Decision): TaxQuote {
  const { loaded, outcome } = decision;
  const pack = loaded.pack;
  const charge = chargeTax(loaded, input, outcome);

  return {
    treatment: outcome.treatment,
    rate: charge.rate,
    taxAmount: { amount: charge.amount, currency: input.net.currency },
    ...(charge.components ? { components: charge.components } : {}),
    taxCountry: taxCountryOf(input, outcome),
    notes: [...(outcome.notes ?? [])],
    warnings: [...(outcome.warnings ?? [])],
    trail: { pack: pack.name, version: pack.version, rules: [...decision.applied.map(traceId), ...charge.rateRules] },
  };
}

/** Quotes the tax on one service line from the packs in `registry`; tests use this to load packs of their own. */
export function quoteTaxWithPacks(registry: PackRegistry, input: TaxQuoteInput): TaxQuote {
  checkTaxQuoteInput(registry, input);
  const decision = applyInbound(registry, input, decideOutbound(registry, input));
  return buildQuote(input, decision);
}

/**
 * Quotes the tax on one service line: treatment, rate, rounded amount, the invoice wording the
 * law requires and the trail of pack rules behind the result. Throws RuleInputError naming the
 * field when the input cannot be quoted without guessing.
 */
export function quoteTax(input: TaxQuoteInput): TaxQuote {
  return quoteTaxWithPacks(getPackRegistry(), input);
}
