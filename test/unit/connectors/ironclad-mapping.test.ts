import assert from 'node:assert/strict';
import { toCanonicalContract } from '../../../services/connectors/clm/ironclad-mapping.ts';
import type { IroncladWorkflow } from '../../../services/connectors/clm/ironclad.ts';
import { MappingError } from '../../../services/connectors/errors.ts';

function attributes(): Record<string, unknown> {
  return {
    counterpartyName: 'Globex Corporation',
    counterpartyCountry: 'US',
    counterpartySubdivision: 'US-NY',
    counterpartyType: 'business',
    counterpartyTaxId: '12-3456789',
    counterpartyTaxIdValidated: true,
    counterpartyEmail: 'ap@globex.example',
    contractValue: { amount: '13000.00', currency: 'USD' },
    serviceCategory: 'consulting',
    agreementDate: '2026-03-01',
    expirationDate: '2026-12-31',
    rateCard: [{ role: 'Senior Consultant', unit: 'hour', rate: '200.00' }],
    lineItems: [
      { description: 'Discovery', billingType: 'fixed-fee', quantity: '1', unitPrice: '5000.00', amount: '5000.00' },
      { description: 'Delivery', billingType: 'time-and-materials', role: 'Senior Consultant', quantity: '40', unitPrice: '200.00', amount: '8000.00' },
    ],
    milestones: [{ name: 'Discovery sign-off', dueDate: '2026-04-15', amount: '5000.00' }],
  };
}

function workflow(overrides: Record<string, unknown> = {}): IroncladWorkflow {
  const merged: Record<string, unknown> = { ...attributes(), ...overrides };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return {
    id: 'wf-1',
    title: 'Globex MSA',
    template: 'psa',
    status: 'completed',
    step: 'Archive',
    created: '2026-03-01T10:00:00Z',
    lastUpdated: '2026-03-01T10:00:00Z',
    attributes: merged,
  };
}

function mappingError(overrides: Record<string, unknown>): MappingError {
  try {
    toCanonicalContract(workflow(overrides));
  } catch (error) {
    assert.ok(error instanceof MappingError, `expected a MappingError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the mapping to fail');
}

describe('Ironclad contract mapping', () => {
  it('maps a complete workflow', () => {
    const contract = toCanonicalContract(workflow());
    assert.equal(contract.title, 'Globex MSA');
    assert.equal(contract.currency, 'USD');
    assert.equal(contract.totalValue, '13000.00');
    assert.equal(contract.serviceCategory, 'consulting');
    assert.equal(contract.startDate, '2026-03-01');
    assert.equal(contract.endDate, '2026-12-31');
    assert.deepEqual(contract.customer, {
      name: 'Globex Corporation',
      country: 'US',
      subdivision: 'US-NY',
      type: 'business',
      taxId: '12-3456789',
      taxIdValidated: true,
      email: 'ap@globex.example',
    });
    assert.deepEqual(contract.rateCard, [{ role: 'Senior Consultant', unit: 'hour', rate: '200.00' }]);
    assert.equal(contract.lines.length, 2);
    assert.deepEqual(contract.lines[1], {
      lineNo: 2,
      description: 'Delivery',
      billingType: 'time-and-materials',
      role: 'Senior Consultant',
      quantity: '40',
      unitPrice: '200.00',
      amount: '8000.00',
    });
    assert.deepEqual(contract.milestones, [{ name: 'Discovery sign-off', dueDate: '2026-04-15', amount: '5000.00' }]);
  });

  it('fills defaults for optional attributes', () => {
    const contract = toCanonicalContract(
      workflow({ counterpartySubdivision: undefined, counterpartyTaxId: undefined, counterpartyTaxIdValidated: undefined, counterpartyEmail: undefined, expirationDate: undefined, milestones: undefined }),
    );
    assert.equal(contract.customer.taxIdValidated, false);
    assert.equal('taxId' in contract.customer, false);
    assert.equal('endDate' in contract, false);
    assert.deepEqual(contract.milestones, []);
  });

  it('accepts numeric amounts and timestamps', () => {
    const contract = toCanonicalContract(workflow({ contractValue: { amount: 13000, currency: 'USD' }, agreementDate: '2026-03-01T00:00:00Z' }));
    assert.equal(contract.totalValue, '13000');
    assert.equal(contract.startDate, '2026-03-01');
  });

  const invalid: [string, Record<string, unknown>, string, RegExp][] = [
    ['missing name', { counterpartyName: undefined }, 'counterpartyName', /is missing/],
    ['country name instead of code', { counterpartyCountry: 'Germany' }, 'counterpartyCountry', /ISO 3166-1 alpha-2/],
    ['subdivision of another country', { counterpartySubdivision: 'DE-BY' }, 'counterpartySubdivision', /within US/],
    ['unknown customer type', { counterpartyType: 'government' }, 'counterpartyType', /business, consumer/],
    ['text tax flag', { counterpartyTaxIdValidated: 'yes' }, 'counterpartyTaxIdValidated', /true or false/],
    ['bad email', { counterpartyEmail: 'not-an-email' }, 'counterpartyEmail', /not an email/],
    ['missing contract value', { contractValue: undefined }, 'contractValue', /is missing/],
    ['float amount text', { contractValue: { amount: '13,000', currency: 'USD' } }, 'contractValue.amount', /decimal string/],
    ['lowercase currency', { contractValue: { amount: '13000.00', currency: 'usd' } }, 'contractValue.currency', /ISO 4217/],
    ['unknown category', { serviceCategory: 'catering' }, 'serviceCategory', /consulting/],
    ['impossible date', { agreementDate: '2026-02-30' }, 'agreementDate', /must be a date/],
    ['end before start', { expirationDate: '2025-12-31' }, 'expirationDate', /before agreementDate/],
    ['no line items', { lineItems: [] }, 'lineItems', /at least one/],
    ['bad rate unit', { rateCard: [{ role: 'Senior Consultant', unit: 'week', rate: '1' }] }, 'rateCard[0].unit', /"hour" or "day"/],
    ['total mismatch', { contractValue: { amount: '12000.00', currency: 'USD' } }, 'contractValue.amount', /sum of lineItems/],
  ];

  for (const [name, overrides, attribute, problem] of invalid) {
    it(`names the attribute: ${name}`, () => {
      const error = mappingError(overrides);
      assert.equal(error.attribute, attribute);
      assert.match(error.issues[0]!.problem, problem);
      assert.match(error.message, new RegExp(attribute.replace(/[[\].]/g, '\\$&')));
      assert.match(error.message, /workflow wf-1/);
      assert.equal(error.retryable, false);
    });
  }

  it('names the line of a wrong amount', () => {
    const lines = attributes().lineItems as Record<string, unknown>[];
    lines[1] = { ...lines[1], amount: '7999.00' };
    const error = mappingError({ lineItems: lines, contractValue: { amount: '12999.00', currency: 'USD' } });
    assert.equal(error.attribute, 'lineItems[1].amount');
    assert.match(error.message, /quantity x unitPrice/);
  });

  it('rejects a role missing from the rate card', () => {
    const lines = attributes().lineItems as Record<string, unknown>[];
    lines[1] = { ...lines[1], role: 'Partner' };
    const error = mappingError({ lineItems: lines });
    assert.equal(error.attribute, 'lineItems[1].role');
  });

  it('rejects milestones above the contract value', () => {
    const error = mappingError({ milestones: [{ name: 'All', dueDate: '2026-05-01', amount: '13000.01' }] });
    assert.equal(error.attribute, 'milestones');
  });

  it('reports every problem at once', () => {
    const error = mappingError({ counterpartyName: undefined, counterpartyCountry: 'usa', serviceCategory: undefined });
    assert.deepEqual(
      error.issues.map((issue) => issue.attribute),
      ['counterpartyName', 'counterpartyCountry', 'serviceCategory'],
    );
  });
});
