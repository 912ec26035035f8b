import { strict as assert } from 'node:assert';

import { quoteTax } from '../../../services/rules/index.ts';
import { TAX_CASES } from './tax-cases-regional.ts';

describe('quoteTax', () => {
  for (const taxCase of TAX_CASES) {
    it(taxCase.name, () => {
      const quote = quoteTax(taxCase.input);
      const context = `source: ${taxCase.source}; trail: ${quote.trail.rules.join(', ')}`;

      assert.equal(quote.treatment, taxCase.expected.treatment, context);
      assert.equal(quote.rate, taxCase.expected.rate, context);
      assert.equal(quote.taxAmount.amount, taxCase.expected.tax, context);
      assert.equal(quote.taxAmount.currency, taxCase.input.net.currency, context);
      assert.equal(quote.taxCountry, taxCase.expected.taxCountry, context);
      if (taxCase.expected.note) assert.ok(quote.notes.some((note) => note.includes(taxCase.expected.note!)), `notes: ${quote.notes.join(' | ')}`);
      if (taxCase.expected.components) {
        const components = (quote.components ?? []).map((component) => [component.name, component.taxAmount.amount]);
        assert.deepEqual(components, taxCase.expected.components, context);
      }
      if (taxCase.expected.warning) assert.ok(quote.warnings.some((warning) => warning.includes(taxCase.expected.warning!)), `warnings: ${quote.warnings.join(' | ')}`);
    });
  }

  it('has at least 150 cases', () => {
    assert.ok(TAX_CASES.length >= 150, `${TAX_CASES.length} cases`);
  });

  it('omits components for a single tax', () => {
    assert.equal(quoteTax(TAX_CASES[0]!.input).components, undefined);
  });

  it('records pack, version and rules in the trail', () => {
    const quote = quoteTax(TAX_CASES[0]!.input);

    assert.equal(quote.trail.pack, 'eu-at');
    assert.match(quote.trail.version, /^\d+\.\d+\.\d+$/);
    assert.deepEqual(quote.trail.rules, ['eu-vat@1.0.0/domestic', 'eu-at@1.0.1/rates/standard@2015-01-01']);
  });
});
