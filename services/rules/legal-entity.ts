import { isCalendarDate, isInEffect } from './calendar-dates.ts';
import type { FirmLegalEntity, LegalEntityChoice } from './entity-types.ts';
import { checkEntities } from './legal-entity-checks.ts';
import { getPackRegistry, type PackRegistry } from './pack-registry.ts';
import type { CurrencyRule, EntityPack, EntitySelectionStep, Region } from './pack-types.ts';
import { RuleInputError } from './rule-input-error.ts';
import { checkCountry } from './tax-input-checks.ts';

export const DEFAULT_ENTITY_PACK = 'default-entities';

interface Pick {
  entity: FirmLegalEntity;
  step: EntitySelectionStep;
}

function regionOf(registry: PackRegistry, country: string): Region {
  // Countries were checked against the same reference pack before this is called.
  return registry.reference.countries[country]!.region;
}

/** Applies the pack's selection steps in order; within a step the tenant's list order decides. */
function pickEntity(registry: PackRegistry, pack: EntityPack, entities: FirmLegalEntity[], country: string): Pick | undefined {
  const region = regionOf(registry, country);
  for (const step of pack.selection) {
    const entity = entities.find((candidate) => {
      if (step === 'same-country') return candidate.country === country;
      if (step === 'regional-hub') return candidate.regionalHub && regionOf(registry, candidate.country) === region;
      return candidate.regionalHub;
    });
    if (entity !== undefined) return { entity, step };
  }
  return undefined;
}

interface ChoiceOptions {
  deliveryCountry?: string;
  entityPack?: string;
  /** Contract start date (YYYY-MM-DD); dated currency rules, such as a country adopting the euro, need it. */
  onDate?: string;
}

function currencyRuleInEffect(rule: CurrencyRule, onDate: string | undefined): boolean {
  if (rule.effectiveFrom === undefined && rule.effectiveTo === undefined) return true;
  if (onDate === undefined) {
    throw new RuleInputError('options.onDate', `missing; currency rule "${rule.id}" is dated, so send the contract start date as YYYY-MM-DD`);
  }
  return isInEffect({ effectiveFrom: rule.effectiveFrom ?? '0000-01-01', effectiveTo: rule.effectiveTo }, onDate);
}

function currencyRuleFor(registry: PackRegistry, pack: EntityPack, entity: FirmLegalEntity, customerCountry: string, onDate?: string): CurrencyRule | undefined {
  const region = regionOf(registry, customerCountry);
  return pack.currencyRules.find((rule) => {
    const { when } = rule;
    const matches = (when.entityCountries === undefined || when.entityCountries.includes(entity.country)) &&
      (when.customerCountries === undefined || when.customerCountries.includes(customerCountry)) &&
      (when.customerRegions === undefined || when.customerRegions.includes(region));
    return matches && currencyRuleInEffect(rule, onDate);
  });
}

function entityPackNamed(registry: PackRegistry, name: string): EntityPack {
  const pack = registry.entityPacks.get(name);
  if (pack === undefined) throw new RuleInputError('entityPack', `no legal-entity pack named "${name}" under services/rules/packs/`);
  return pack;
}

/** Chooses the billing entity from the packs in `registry`; tests use this to supply packs of their own. */
export function chooseLegalEntityWithPacks(
  registry: PackRegistry,
  entities: FirmLegalEntity[],
  customer: { country: string },
  options: ChoiceOptions = {},
): LegalEntityChoice {
  checkEntities(registry, entities);
  checkCountry(registry, 'customer.country', customer?.country);
  if (options.deliveryCountry !== undefined) checkCountry(registry, 'options.deliveryCountry', options.deliveryCountry);
  if (options.onDate !== undefined && !isCalendarDate(options.onDate)) {
    throw new RuleInputError('options.onDate', `invalid date ${JSON.stringify(options.onDate)}; use a calendar date as YYYY-MM-DD`);
  }

  const pack = entityPackNamed(registry, options.entityPack ?? DEFAULT_ENTITY_PACK);
  const origin = `${pack.name}@${pack.version}`;
  const billing = pickEntity(registry, pack, entities, customer.country);
  if (billing === undefined) {
    const region = regionOf(registry, customer.country);
    throw new RuleInputError('entities', `no entity in ${customer.country} and no regional hub in ${region} or elsewhere; mark one entity as a regional hub`);
  }
  const rules = [`${origin}/billing/${billing.step}`];

  let intercompany = false;
  if (options.deliveryCountry !== undefined) {
    const delivery = pickEntity(registry, pack, entities, options.deliveryCountry);
    intercompany = delivery !== undefined && delivery.entity.code !== billing.entity.code;
    if (delivery !== undefined) rules.push(`${origin}/delivery/${delivery.step}`);
  }

  const currencyRule = currencyRuleFor(registry, pack, billing.entity, customer.country, options.onDate);
  rules.push(`${origin}/currency/${currencyRule?.id ?? 'billing-entity-currency'}`);

  return {
    entity: billing.entity,
    intercompany,
    invoiceCurrency: currencyRule?.currency ?? billing.entity.currency,
    trail: { pack: pack.name, version: pack.version, rules },
  };
}

/**
 * Chooses which of the firm's legal entities contracts with and bills a customer: an entity in
 * the customer's country, else the hub of its region, else any hub. Marks the deal intercompany
 * when another entity delivers the work, and returns the invoice currency.
 */
export function chooseLegalEntity(
  entities: FirmLegalEntity[],
  customer: { country: string },
  options?: Omit<ChoiceOptions, 'entityPack'>,
): LegalEntityChoice {
  return chooseLegalEntityWithPacks(getPackRegistry(), entities, customer, options);
}
