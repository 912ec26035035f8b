import { Decimal } from 'decimal.js';

import { minorUnitDigits } from './currencies.ts';
import type { Rounding } from './pack-types.ts';

// A private Decimal class, so settings elsewhere in the process cannot change tax arithmetic.
// 40 digits hold the exact product of a net amount (at most 30 digits) and a rate.
const TaxDecimal = Decimal.clone({ precision: 40 });

const ROUNDING_MODES: Record<Rounding['mode'], Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
};

/**
 * Multiplies a statutory rate by the taxable share of the amount, returning the rate that applies
 * to the whole net. Without a share the pack's rate string is returned as written ("0.20").
 */
export function effectiveRate(rate: string, taxableShare: string | undefined): string {
  if (taxableShare === undefined) return rate;
  return new TaxDecimal(rate).times(taxableShare).toString();
}

/**
 * Returns the decimals a tax amount is rounded to. The pack's rule is written for its own currency,
 * so a line in another currency rounds to that currency's minor unit instead: a EUR pack quoting a
 * JPY line rounds to whole yen, and Japan's whole-yen rule leaves a EUR line in cents.
 */
export function roundingDecimals(currency: string, rounding: Rounding, packCurrency: string): number {
  const digits = minorUnitDigits(currency);
  return currency === packCurrency ? Math.min(rounding.decimals, digits) : digits;
}

/** Computes net x rate, rounded with the pack's mode to the decimals of roundingDecimals(). */
export function computeTaxAmount(net: string, rate: string, currency: string, rounding: Rounding, packCurrency: string): string {
  const decimals = roundingDecimals(currency, rounding, packCurrency);
  const tax = new TaxDecimal(net).times(rate);
  return tax.toDecimalPlaces(decimals, ROUNDING_MODES[rounding.mode]).toFixed(decimals);
}
