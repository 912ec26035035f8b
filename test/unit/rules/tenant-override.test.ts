import { strict as assert } from 'node:assert';

import {
  applyTenantOverride, checkGoldenCases, checkTenantOverride, chooseLegalEntityWithPacks, evaluateGoldenCases, getPackRegistry,
  listPacks, quoteTaxWithPacks, type FirmLegalEntity, type GoldenCase, type TenantOverride,
} from '../../../services/rules/index.ts';
import { line } from './tax-cases.ts';

const base = getPackRegistry();
const source = { authority: 'Acme finance', title: 'Acme tax and entity policy, reviewed by the head of tax' };

const override: TenantOverride = {
  kind: 'tenant-override',
  name: 'acme-rules',
  version: '1.0.0',
  source,
  entities: { currencyRules: [{ id: 'gb-customers-eur', description: 'Acme bills UK customers in EUR', when: { customerCountries: ['GB'] }, currency: 'EUR' }] },
  taxRules: {
    DE: [{
      id: 'cultural-consulting-reduced',
      description: 'Acme consulting for theatres is an admission to cultural events, taxed at the reduced rate',
      effectiveFrom: '2025-01-01',
      when: { customerLocation: ['domestic'], serviceCategories: ['consulting'] },
      then: { treatment: 'reduced', rate: 'reduced', taxCountry: 'supplier' },
      source,
    }],
  },
};

const entities: FirmLegalEntity[] = [
  { code: 'IE01', name: 'Acme Ireland Ltd', country: 'IE', currency: 'EUR', regionalHub: true },
  { code: 'GB01', name: 'Acme UK Ltd', country: 'GB', currency: 'GBP', regionalHub: false },
];

describe('tenant overrides', () => {
  it('accepts a valid override', () => {
    assert.deepEqual(checkTenantOverride(base, override), []);
  });

  it('reports an unknown rate with its path', () => {
    const broken = structuredClone(override);
    broken.taxRules!.DE![0]!.then.rate = 'super-reduced';
    const problems = checkTenantOverride(base, broken);

    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, 'tenant override acme-rules@1.0.0');
    assert.match(problems[0]!.message, /no rate "super-reduced"/);
  });

  it('reports a schema problem with its path', () => {
    const broken = { ...structuredClone(override), version: 'one' };
    const problems = checkTenantOverride(base, broken);

    assert.equal(problems[0]!.path, '$.version');
  });

  it('reports a jurisdiction without a pack', () => {
    const broken = { ...structuredClone(override), taxRules: { BR: override.taxRules!.DE! } };

    assert.equal(checkTenantOverride(base, broken)[0]!.path, '$.taxRules.BR');
  });

  it('rejects the name of a shipped pack', () => {
    const broken = { ...structuredClone(override), name: 'default-entities' };

    assert.equal(checkTenantOverride(base, broken)[0]!.path, '$.name');
  });

  it('applies a reduced rate by data', () => {
    const quote = quoteTaxWithPacks(applyTenantOverride(base, override), line({ country: 'DE' }, { country: 'DE' }));

    assert.equal(quote.treatment, 'reduced');
    assert.equal(quote.rate, '0.07');
    assert.equal(quote.taxAmount.amount, '70.00');
    assert.equal(quote.trail.rules[0], 'acme-rules@1.0.0/cultural-consulting-reduced');
  });

  it('leaves other tenants on the shipped packs', () => {
    applyTenantOverride(base, override);
    const quote = quoteTaxWithPacks(base, line({ country: 'DE' }, { country: 'DE' }));

    assert.equal(quote.treatment, 'standard');
  });

  it('puts its currency rules first', () => {
    const choice = chooseLegalEntityWithPacks(applyTenantOverride(base, override), entities, { country: 'GB' }, { entityPack: 'acme-rules' });

    assert.equal(choice.entity.code, 'GB01');
    assert.equal(choice.invoiceCurrency, 'EUR');
    assert.equal(choice.trail.pack, 'acme-rules');
  });
});

describe('golden cases', () => {
  const cases: GoldenCase[] = [
    { name: 'theatre consulting', kind: 'tax', input: line({ country: 'DE' }, { country: 'DE' }), expected: { treatment: 'reduced', rate: '0.07', taxAmount: '70.00' } },
    { name: 'UK customer in EUR', kind: 'legal-entity', customer: { country: 'GB' }, expected: { entity: 'GB01', invoiceCurrency: 'EUR' } },
  ];

  it('pass against the candidate', () => {
    const results = evaluateGoldenCases(base, override, entities, cases);

    assert.deepEqual(results.map((result) => result.passed), [true, true]);
  });

  it('report each differing field', () => {
    const wrong: GoldenCase[] = [{ ...cases[0]!, expected: { treatment: 'standard', rate: '0.19' } } as GoldenCase];
    const [result] = evaluateGoldenCases(base, override, entities, wrong);

    assert.equal(result!.passed, false);
    assert.deepEqual(result!.failures, ['treatment: expected "standard", got "reduced"', 'rate: expected "0.19", got "0.07"']);
  });

  it('count engine errors as failures', () => {
    const failing: GoldenCase[] = [{ name: 'bad country', kind: 'legal-entity', customer: { country: 'XX' }, expected: { entity: 'IE01' } }];
    const [result] = evaluateGoldenCases(base, override, entities, failing);

    assert.equal(result!.passed, false);
    assert.match(result!.failures[0]!, /customer\.country/);
  });

  it('reject an empty list', () => {
    assert.equal(checkGoldenCases([])[0]!.path, 'goldenCases');
  });

  it('reject a case without kind', () => {
    assert.equal(checkGoldenCases([{ name: 'x', expected: {} }])[0]!.path, 'goldenCases[0].kind');
  });
});

describe('listPacks', () => {
  it('lists packs with versions and dates', () => {
    const packs = listPacks(base);
    const estonia = packs.find((pack) => pack.name === 'eu-ee');

    assert.ok(packs.length >= 40);
    assert.equal(estonia?.kind, 'tax');
    assert.equal(estonia?.jurisdiction, 'EE');
    assert.equal(estonia?.effectiveFrom, '2010-01-01');
    assert.equal(estonia?.effectiveTo, undefined);
    assert.ok(packs.some((pack) => pack.name === 'default-entities' && pack.version === '1.1.0'));
  });
});
