import type { PackRegistry } from './pack-registry.ts';
import type { EffectivePeriod } from './pack-types.ts';

/** One shipped pack as the portal lists it. */
export interface PackSummary {
  name: string;
  version: string;
  kind: 'tax' | 'legal-entity';
  /** ISO 3166-1 country of a tax pack. */
  jurisdiction?: string;
  /** Earliest date any of its rules or rates applies. */
  effectiveFrom?: string;
  /** Latest end date of its rules and rates, or undefined while any of them is open-ended. */
  effectiveTo?: string;
}

function span(periods: EffectivePeriod[]): Pick<PackSummary, 'effectiveFrom' | 'effectiveTo'> {
  if (periods.length === 0) return {};
  const effectiveFrom = periods.map((period) => period.effectiveFrom).sort()[0];
  const open = periods.some((period) => period.effectiveTo === undefined);
  const effectiveTo = open ? undefined : periods.map((period) => period.effectiveTo!).sort().at(-1);
  return { effectiveFrom, effectiveTo };
}

/** Lists the tax and legal-entity packs of a registry with their versions and the dates they cover, sorted by name. */
export function listPacks(registry: PackRegistry): PackSummary[] {
  const tax: PackSummary[] = [...registry.taxPacks.values()].map(({ pack, rules }) => ({
    name: pack.name,
    version: pack.version,
    kind: 'tax',
    jurisdiction: pack.jurisdiction,
    ...span([...pack.rates, ...rules.map(({ rule }) => rule)]),
  }));
  const entities: PackSummary[] = [...registry.entityPacks.values()].map((pack) => ({ name: pack.name, version: pack.version, kind: 'legal-entity' }));
  return [...tax, ...entities].sort((a, b) => a.name.localeCompare(b.name));
}
