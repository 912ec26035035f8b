import { strict as assert } from 'node:assert';

import { chooseLegalEntity, chooseLegalEntityWithPacks, getPackRegistry, RuleInputError, type FirmLegalEntity } from '../../../services/rules/index.ts';

const entities: FirmLegalEntity[] = [
  { code: 'US01', name: 'Firm Inc.', country: 'US', currency: 'USD', regionalHub: true },
  { code: 'DE01', name: 'Firm GmbH', country: 'DE', currency: 'EUR', regionalHub: false },
  { code: 'IE01', name: 'Firm Ireland Ltd', country: 'IE', currency: 'EUR', regionalHub: true },
  { code: 'GB01', name: 'Firm UK Ltd', country: 'GB', currency: 'GBP', regionalHub: false },
  { code: 'SG01', name: 'Firm Asia Pte Ltd', country: 'SG', currency: 'SGD', regionalHub: true },
];

function expectFieldError(run: () => unknown, field: string): void {
  assert.throws(run, (error: unknown) => error instanceof RuleInputError && error.field === field);
}

describe('chooseLegalEntity', () => {
  it('prefers the same-country entity', () => {
    const choice = chooseLegalEntity(entities, { country: 'DE' });

    assert.equal(choice.entity.code, 'DE01');
    assert.equal(choice.invoiceCurrency, 'EUR');
    assert.equal(choice.intercompany, false);
    assert.deepEqual(choice.trail.rules, ['default-entities@1.1.0/billing/same-country', 'default-entities@1.1.0/currency/euro-area-customers-eur']);
  });

  it('falls back to the EMEA hub', () => {
    const choice = chooseLegalEntity(entities, { country: 'FR' });

    assert.equal(choice.entity.code, 'IE01');
    assert.equal(choice.trail.rules[0], 'default-entities@1.1.0/billing/regional-hub');
  });

  it('falls back to the Americas hub', () => {
    assert.equal(chooseLegalEntity(entities, { country: 'BR' }).entity.code, 'US01');
  });

  it('falls back to the APAC hub', () => {
    assert.equal(chooseLegalEntity(entities, { country: 'JP' }).invoiceCurrency, 'SGD');
  });

  it('uses any hub when the region has none', () => {
    const withoutApacHub = entities.filter((entity) => entity.code !== 'SG01');
    const choice = chooseLegalEntity(withoutApacHub, { country: 'AU' });

    assert.equal(choice.entity.code, 'US01');
    assert.equal(choice.trail.rules[0], 'default-entities@1.1.0/billing/any-hub');
  });

  it('marks delivery from another entity as intercompany', () => {
    const choice = chooseLegalEntity(entities, { country: 'GB' }, { deliveryCountry: 'DE' });

    assert.equal(choice.entity.code, 'GB01');
    assert.equal(choice.intercompany, true);
    assert.equal(choice.trail.rules[1], 'default-entities@1.1.0/delivery/same-country');
  });

  it('keeps delivery by the billing entity internal', () => {
    assert.equal(chooseLegalEntity(entities, { country: 'DE' }, { deliveryCountry: 'DE' }).intercompany, false);
  });

  it('treats delivery through the same hub as internal', () => {
    assert.equal(chooseLegalEntity(entities, { country: 'FR' }, { deliveryCountry: 'ES' }).intercompany, false);
  });

  it('applies a pack currency rule', () => {
    const registry = getPackRegistry();
    const pack = {
      ...registry.entityPacks.get('default-entities')!,
      name: 'test-entities',
      currencyRules: [{ id: 'gb-bills-eu-in-eur', description: 'GB entity bills EU customers in EUR', when: { entityCountries: ['GB'] }, currency: 'EUR' }],
    };
    const withPack = { ...registry, entityPacks: new Map([['test-entities', pack]]) };
    const choice = chooseLegalEntityWithPacks(withPack, entities, { country: 'GB' }, { entityPack: 'test-entities' });

    assert.equal(choice.invoiceCurrency, 'EUR');
    assert.equal(choice.trail.rules.at(-1), 'test-entities@1.1.0/currency/gb-bills-eu-in-eur');
  });

  it('invoices a euro-area customer in EUR', () => {
    const gbHubOnly = entities.filter((entity) => entity.code === 'GB01').map((entity) => ({ ...entity, regionalHub: true }));
    const choice = chooseLegalEntity(gbHubOnly, { country: 'FR' });

    assert.equal(choice.entity.code, 'GB01');
    assert.equal(choice.invoiceCurrency, 'EUR');
  });

  it('keeps the entity currency outside the euro area', () => {
    const choice = chooseLegalEntity(entities, { country: 'GB' });

    assert.equal(choice.invoiceCurrency, 'GBP');
    assert.equal(choice.trail.rules.at(-1), 'default-entities@1.1.0/currency/billing-entity-currency');
  });

  it('switches Bulgaria to EUR in 2026', () => {
    const usHub = [entities[0]!];

    assert.equal(chooseLegalEntity(usHub, { country: 'BG' }, { onDate: '2025-12-31' }).invoiceCurrency, 'USD');
    assert.equal(chooseLegalEntity(usHub, { country: 'BG' }, { onDate: '2026-01-01' }).invoiceCurrency, 'EUR');
  });

  it('switches Croatia to EUR in 2023', () => {
    const usHub = [entities[0]!];

    assert.equal(chooseLegalEntity(usHub, { country: 'HR' }, { onDate: '2022-12-31' }).invoiceCurrency, 'USD');
    assert.equal(chooseLegalEntity(usHub, { country: 'HR' }, { onDate: '2023-01-01' }).invoiceCurrency, 'EUR');
  });

  it('needs a date for a dated currency rule', () => expectFieldError(() => chooseLegalEntity([entities[0]!], { country: 'HR' }), 'options.onDate'));
  it('rejects an invalid date', () => expectFieldError(() => chooseLegalEntity(entities, { country: 'DE' }, { onDate: '2025-13-01' }), 'options.onDate'));
  it('rejects an empty entity list', () => expectFieldError(() => chooseLegalEntity([], { country: 'DE' }), 'entities'));
  it('rejects an unknown customer country', () => expectFieldError(() => chooseLegalEntity(entities, { country: 'XX' }), 'customer.country'));
  it('rejects an unknown delivery country', () => expectFieldError(() => chooseLegalEntity(entities, { country: 'DE' }, { deliveryCountry: 'QQ' }), 'options.deliveryCountry'));
  it('rejects an entity currency', () => expectFieldError(() => chooseLegalEntity([{ ...entities[0]!, currency: 'DOLLAR' }], { country: 'US' }), 'entities[0].currency'));
  it('rejects an entity country', () => expectFieldError(() => chooseLegalEntity([{ ...entities[0]!, country: 'USA' }], { country: 'US' }), 'entities[0].country'));
  it('rejects duplicate entity codes', () => expectFieldError(() => chooseLegalEntity([entities[0]!, entities[0]!], { country: 'US' }), 'entities[1].code'));
  it('rejects a list without a usable entity', () => expectFieldError(() => chooseLegalEntity([entities[1]!], { country: 'JP' }), 'entities'));
});
