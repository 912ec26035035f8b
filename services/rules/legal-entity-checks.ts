import { isIsoCurrency } from './currencies.ts';
import type { FirmLegalEntity } from './entity-types.ts';
import type { PackRegistry } from './pack-registry.ts';
import { RuleInputError } from './rule-input-error.ts';
import { checkCountry } from './tax-input-checks.ts';

function checkEntity(registry: PackRegistry, entity: FirmLegalEntity, index: number, codes: Set<string>): void {
  const field = `entities[${index}]`;
  if (typeof entity?.code !== 'string' || entity.code.trim() === '') {
    throw new RuleInputError(`${field}.code`, 'missing; give each legal entity its code');
  }
  if (codes.has(entity.code)) {
    throw new RuleInputError(`${field}.code`, `duplicate code "${entity.code}"; entity codes must be unique`);
  }
  codes.add(entity.code);

  checkCountry(registry, `${field}.country`, entity.country);
  if (typeof entity.currency !== 'string' || !isIsoCurrency(entity.currency)) {
    throw new RuleInputError(`${field}.currency`, `unsupported currency ${JSON.stringify(entity.currency)}; use an ISO 4217 code such as "EUR"`);
  }
  if (typeof entity.regionalHub !== 'boolean') {
    throw new RuleInputError(`${field}.regionalHub`, 'missing or not a boolean');
  }
}

/** Rejects an entity list the choice cannot rely on, naming the entry and field to fix. */
export function checkEntities(registry: PackRegistry, entities: FirmLegalEntity[]): void {
  if (!Array.isArray(entities) || entities.length === 0) {
    throw new RuleInputError('entities', 'empty; the tenant must define at least one legal entity');
  }
  const codes = new Set<string>();
  entities.forEach((entity, index) => checkEntity(registry, entity, index, codes));
}
