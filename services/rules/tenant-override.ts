import { isIsoCurrency } from './currencies.ts';
import { DEFAULT_ENTITY_PACK } from './legal-entity.ts';
import { checkRuleReferences, checkRules, type Report } from './pack-consistency.ts';
import type { PackProblem } from './pack-files.ts';
import type { LoadedTaxPack, PackRegistry } from './pack-registry.ts';
import { checkPackSchema } from './pack-schema.ts';
import type { EntityPack, TenantOverride } from './pack-types.ts';

/** Label a tenant override's problems and trail entries carry in place of a file name. */
export function overrideLabel(override: Pick<TenantOverride, 'name' | 'version'>): string {
  return `tenant override ${override.name}@${override.version}`;
}

function checkAgainstPacks(base: PackRegistry, override: TenantOverride, report: Report): void {
  const file = overrideLabel(override);
  if (base.entityPacks.has(override.name)) report(file, '$.name', `"${override.name}" is the name of a shipped pack; give the override a name of its own`);
  for (const [jurisdiction, rules] of Object.entries(override.taxRules ?? {})) {
    const loaded = base.taxPacks.get(jurisdiction);
    if (loaded === undefined) {
      report(file, `$.taxRules.${jurisdiction}`, `no tax pack for ${jurisdiction}; list rules only under a jurisdiction that has one`);
      continue;
    }
    checkRules(rules, file, `taxRules.${jurisdiction}`, report);
    checkRuleReferences(loaded.pack, rules, file, override.name, report);
  }
  (override.entities?.currencyRules ?? []).forEach((rule, index) => {
    if (!isIsoCurrency(rule.currency)) report(file, `$.entities.currencyRules[${index}].currency`, `"${rule.currency}" is not an ISO 4217 currency`);
  });
}

/** Checks an override against its schema and against the shipped packs it refers to, listing every problem. */
export function checkTenantOverride(base: PackRegistry, data: unknown): PackProblem[] {
  const header = data as Partial<TenantOverride> | null;
  const file = overrideLabel({ name: String(header?.name ?? '?'), version: String(header?.version ?? '?') });
  if (header?.kind !== 'tenant-override') return [{ file, path: '$.kind', message: 'must be "tenant-override"' }];

  const schemaProblems = checkPackSchema(data);
  if (schemaProblems.length > 0) return schemaProblems.map((problem) => ({ file, ...problem }));

  const problems: PackProblem[] = [];
  checkAgainstPacks(base, data as TenantOverride, (problemFile, path, message) => problems.push({ file: problemFile, path, message }));
  return problems;
}

function overrideTaxPack(loaded: LoadedTaxPack, override: TenantOverride, jurisdiction: string): LoadedTaxPack {
  const rules = override.taxRules?.[jurisdiction];
  if (rules === undefined) return loaded;
  const origin = `${override.name}@${override.version}`;
  return { ...loaded, rules: [...rules.map((rule) => ({ rule, origin })), ...loaded.rules] };
}

function overrideEntityPack(base: PackRegistry, override: TenantOverride): EntityPack {
  // The shipped packs always include the default entity pack; loadPacks fails without it.
  const defaults = base.entityPacks.get(DEFAULT_ENTITY_PACK)!;
  return {
    kind: 'legal-entity',
    name: override.name,
    version: override.version,
    source: override.source,
    selection: override.entities?.selection ?? defaults.selection,
    currencyRules: [...(override.entities?.currencyRules ?? []), ...defaults.currencyRules],
  };
}

/**
 * Returns a registry in which the override's rules come first. The shipped registry is left as it
 * is, so each tenant's override stays its own. Pass the override's name as `entityPack` when
 * choosing an entity.
 */
export function applyTenantOverride(base: PackRegistry, override: TenantOverride): PackRegistry {
  const taxPacks = new Map([...base.taxPacks].map(([jurisdiction, loaded]) => [jurisdiction, overrideTaxPack(loaded, override, jurisdiction)]));
  const entityPacks = new Map(base.entityPacks);
  entityPacks.set(override.name, overrideEntityPack(base, override));
  return { reference: base.reference, taxPacks, entityPacks };
}
