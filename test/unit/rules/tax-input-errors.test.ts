import { strict as assert } from 'node:assert';

import { checkInvoiceableAmount, quoteTax, RuleInputError, type TaxQuoteInput } from '../../../services/rules/index.ts';
import { line } from './tax-cases.ts';

function expectFieldError(input: unknown, field: string, pattern?: RegExp): void {
  assert.throws(
    () => quoteTax(input as TaxQuoteInput),
    (error: unknown) => {
      assert.ok(error instanceof RuleInputError, `expected RuleInputError, got ${String(error)}`);
      assert.equal(error.field, field);
      if (pattern) assert.match(error.message, pattern);
      return true;
    },
  );
}

const valid = line({ country: 'DE' }, { country: 'DE' });

describe('quoteTax input errors', () => {
  const cases: [string, unknown, string, RegExp?][] = [
    ['unknown supplier country', { ...valid, supplier: { country: 'XX' } }, 'supplier.country', /ISO 3166-1/],
    ['lower-case customer country', { ...valid, customer: { ...valid.customer, country: 'de' } }, 'customer.country'],
    ['missing customer', { ...valid, customer: undefined }, 'customer.country'],
    ['supplier without a pack', { ...valid, supplier: { country: 'BR' } }, 'supplier.country', /no tax pack/],
    ['unknown US state', line({ country: 'US' }, { country: 'US', subdivision: 'ZZ' }, { currency: 'USD' }), 'customer.subdivision', /one of AK/],
    ['US customer without state', line({ country: 'US' }, { country: 'US' }, { currency: 'USD' }), 'customer.subdivision', /missing/],
    ['unknown customer type', { ...valid, customer: { ...valid.customer, type: 'government' } }, 'customer.type'],
    ['validated without tax id', { ...valid, customer: { ...valid.customer, taxIdValidated: true } }, 'customer.taxId'],
    ['non-boolean validation flag', { ...valid, customer: { ...valid.customer, taxIdValidated: 'yes' } }, 'customer.taxIdValidated'],
    ['unknown service category', { ...valid, serviceCategory: 'catering' }, 'serviceCategory'],
    ['negative amount', { ...valid, net: { amount: '-10.00', currency: 'EUR' } }, 'net.amount', /negative/],
    ['amount with comma', { ...valid, net: { amount: '1,000.00', currency: 'EUR' } }, 'net.amount', /decimal string/],
    ['amount as number', { ...valid, net: { amount: 1000, currency: 'EUR' } }, 'net.amount'],
    ['amount in exponent form', { ...valid, net: { amount: '1e3', currency: 'EUR' } }, 'net.amount'],
    ['amount with too many digits', { ...valid, net: { amount: '1234567890123456789', currency: 'EUR' } }, 'net.amount'],
    ['unknown currency', { ...valid, net: { amount: '10.00', currency: 'ABC' } }, 'net.currency', /ISO 4217/],
    ['lower-case currency', { ...valid, net: { amount: '10.00', currency: 'eur' } }, 'net.currency'],
    ['impossible date', { ...valid, supplyDate: '2025-02-30' }, 'supplyDate', /YYYY-MM-DD/],
    ['date with time', { ...valid, supplyDate: '2025-02-03T10:00:00Z' }, 'supplyDate'],
    ['date before pack coverage', { ...valid, supplyDate: '2009-12-31' }, 'supplyDate', /in force/],
  ];

  for (const [name, input, field, pattern] of cases) {
    it(`rejects ${name}`, () => expectFieldError(input, field, pattern));
  }
});

describe('checkInvoiceableAmount', () => {
  const rejected: [string, string, RegExp][] = [
    ['100.004', 'GBP', /3 decimal places, but GBP has 2/],
    ['100.5', 'JPY', /1 decimal places, but JPY has 0/],
    ['1.0005', 'BHD', /4 decimal places, but BHD has 3/],
  ];
  for (const [amount, currency, pattern] of rejected) {
    it(`rejects ${currency} ${amount}`, () => {
      assert.throws(() => checkInvoiceableAmount({ amount, currency }), (error: unknown) => {
        assert.ok(error instanceof RuleInputError, `expected RuleInputError, got ${String(error)}`);
        assert.equal(error.field, 'net.amount');
        assert.match(error.message, pattern);
        return true;
      });
    });
  }

  const accepted: [string, string][] = [['100.00', 'GBP'], ['100.000', 'GBP'], ['100', 'JPY'], ['1.005', 'BHD']];
  for (const [amount, currency] of accepted) {
    it(`accepts ${currency} ${amount}`, () => assert.doesNotThrow(() => checkInvoiceableAmount({ amount, currency })));
  }
});
