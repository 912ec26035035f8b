import { Decimal } from 'decimal.js';

import type { LoadedTaxPack } from './pack-registry.ts';
import type { RuleOutcome } from './pack-types.ts';
import { selectRate } from './rate-selection.ts';
import { computeTaxAmount, effectiveRate, roundingDecimals } from './tax-amount.ts';
import type { TaxComponent, TaxQuoteInput } from './tax-types.ts';

/** The tax a rule outcome charges on one line: total rate and amount, the split per tax, and the rate periods used. */
export interface TaxCharge {
  rate: string;
  amount: string;
  components?: TaxComponent[];
  rateRules: string[];
}

interface RatedPart {
  name: string;
  rate: string;
  amount: string;
  rateRule: string;
}

function rateOnePart(loaded: LoadedTaxPack, input: TaxQuoteInput, part: { name: string; rate: string; taxableShare?: string }): RatedPart {
  const { pack } = loaded;
  const period = selectRate(loaded, part.rate, input.supplyDate);
  const rate = effectiveRate(period.rate, part.taxableShare);
  return {
    name: part.name,
    rate,
    amount: computeTaxAmount(input.net.amount, rate, input.net.currency, pack.rounding, pack.currency),
    rateRule: `${pack.name}@${pack.version}/rates/${period.id}@${period.effectiveFrom}`,
  };
}

/** Adds rates, keeping as many decimals as the most precise one, so 0.05 + 0.05 reads "0.10" like the packs. */
function sumRates(rates: string[]): string {
  const places = Math.max(...rates.map((rate) => new Decimal(rate).decimalPlaces()));
  return rates.reduce((sum, rate) => sum.plus(rate), new Decimal(0)).toFixed(places);
}

/**
 * Prices the outcome of the deciding rule. A line with components (GST and QST) rounds each tax
 * on its own and sums the rounded amounts, because each authority is owed its own rounded figure.
 */
export function chargeTax(loaded: LoadedTaxPack, input: TaxQuoteInput, outcome: RuleOutcome): TaxCharge {
  const currency = input.net.currency;
  const decimals = roundingDecimals(currency, loaded.pack.rounding, loaded.pack.currency);
  if (outcome.components !== undefined) {
    const parts = outcome.components.map((component) => rateOnePart(loaded, input, component));
    return {
      rate: sumRates(parts.map((part) => part.rate)),
      amount: parts.reduce((sum, part) => sum.plus(part.amount), new Decimal(0)).toFixed(decimals),
      components: parts.map((part) => ({ name: part.name, rate: part.rate, taxAmount: { amount: part.amount, currency } })),
      rateRules: parts.map((part) => part.rateRule),
    };
  }
  if (outcome.rate !== undefined) {
    const part = rateOnePart(loaded, input, { name: outcome.rate, rate: outcome.rate, taxableShare: outcome.taxableShare });
    return { rate: part.rate, amount: part.amount, rateRules: [part.rateRule] };
  }
  return { rate: '0', amount: new Decimal(0).toFixed(decimals), rateRules: [] };
}
