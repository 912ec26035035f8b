import { strict as assert } from 'node:assert';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';

import { getPackRegistry, quoteTax, type TaxQuoteInput } from '../../../services/rules/index.ts';

const registry = getPackRegistry();
const ROUNDING = { 'half-up': Decimal.ROUND_HALF_UP, 'half-even': Decimal.ROUND_HALF_EVEN, down: Decimal.ROUND_DOWN } as const;
const packCountries = [...registry.taxPacks.keys()].filter((country) => country !== 'US' && country !== 'CA');
const anyCountries = ['DE', 'FR', 'GB', 'US', 'JP', 'BR', 'AU', 'CH', 'IT', 'SE', 'CA'];
const CA_PROVINCES = ['QC', 'BC', 'SK', 'MB', 'ON'];

// Picks a province or state that belongs to the customer's country, so US and Canadian customers always carry one.
function subdivisionFor(country: string, candidate: string): string | undefined {
  if (country === 'CA') return CA_PROVINCES.includes(candidate) ? candidate : 'QC';
  if (country === 'US') return CA_PROVINCES.includes(candidate) ? 'NY' : candidate;
  return undefined;
}

const amount = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 4 }))
  .map(([units, scale]) => new Decimal(units.toString()).dividedBy(10 ** scale).toFixed(scale));

const input: fc.Arbitrary<TaxQuoteInput> = fc.record({
  supplier: fc.constantFrom(...packCountries, 'CA').map((country) => (country === 'CA' ? { country, subdivision: 'ON' } : { country })),
  customer: fc.record({
    country: fc.constantFrom(...anyCountries, ...packCountries),
    type: fc.constantFrom('business' as const, 'consumer' as const),
    taxIdValidated: fc.boolean(),
    subdivision: fc.constantFrom('QC', 'BC', 'SK', 'MB', 'ON', 'NY', 'WA', 'OH', 'DC'),
  }).map((customer) => ({
    ...customer,
    subdivision: subdivisionFor(customer.country, customer.subdivision),
    taxId: customer.taxIdValidated ? 'TAX-1' : undefined,
  })),
  serviceCategory: fc.constantFrom('consulting' as const, 'legal' as const, 'accounting' as const, 'it-services' as const),
  net: fc.record({ amount, currency: fc.constantFrom('EUR', 'USD', 'GBP', 'CHF') }),
  supplyDate: fc.date({ min: new Date('2025-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
});

describe('quoteTax properties', () => {
  it('tax equals net times rate, rounded per pack', () => {
    fc.assert(
      fc.property(input, (line) => {
        const quote = quoteTax(line);
        const deciding = [...registry.taxPacks.values()].find((loaded) => loaded.pack.name === quote.trail.pack)!.pack;
        const { mode } = deciding.rounding;
        // The pack's decimals are written for its own currency; other currencies round to their minor unit.
        const minorUnit = line.net.currency === 'JPY' ? 0 : 2;
        const decimals = line.net.currency === deciding.currency ? Math.min(deciding.rounding.decimals, minorUnit) : minorUnit;
        const round = (rate: string) => new Decimal(line.net.amount).times(rate).toDecimalPlaces(decimals, ROUNDING[mode]);

        // A line with GST and QST (or PST) rounds each tax on its own and sums the rounded amounts.
        const parts = quote.components?.map((component) => round(component.rate)) ?? [round(quote.rate)];
        const expected = parts.reduce((sum, part) => sum.plus(part), new Decimal(0)).toFixed(decimals);
        assert.equal(quote.taxAmount.amount, expected);
        if (quote.components) {
          const rateSum = quote.components.reduce((sum, component) => sum.plus(component.rate), new Decimal(0));
          assert.equal(new Decimal(quote.rate).toString(), rateSum.toString());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('treatment does not depend on currency', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'SEK'), (line, currency) => {
        const original = quoteTax(line);
        const converted = quoteTax({ ...line, net: { ...line.net, currency } });
        assert.equal(converted.treatment, original.treatment);
        assert.equal(converted.rate, original.rate);
        assert.equal(converted.taxCountry, original.taxCountry);
      }),
      { numRuns: 300 },
    );
  });

  it('same input gives the same output', () => {
    fc.assert(
      fc.property(input, (line) => {
        const copy = structuredClone(line);
        assert.deepEqual(quoteTax(line), quoteTax(copy));
        assert.equal(JSON.stringify(line), JSON.stringify(copy), "quoteTax must not change its input");
      }),
      { numRuns: 300 },
    );
  });
});
