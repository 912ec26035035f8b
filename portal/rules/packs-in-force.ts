import { getPackRegistry } from '../../services/rules/index.ts';

// The tax packs with the standard rate in force on a given day, for the rule packs page.
export interface PackInForce {
  jurisdiction: string;
  name: string;
  version: string;
  currency: string;
  rate: string | null;
  rateFrom: string | null;
  rules: number;
}

function inForce(period: { effectiveFrom: string; effectiveTo?: string }, day: string): boolean {
  return period.effectiveFrom <= day && (period.effectiveTo === undefined || day <= period.effectiveTo);
}

export function taxPacksInForce(day: string): PackInForce[] {
  const packs = [...getPackRegistry().taxPacks.values()];
  return packs
    .map(({ pack, rules }) => {
      const standard = pack.rates.find((rate) => rate.id === 'standard' && inForce(rate, day)) ?? pack.rates.find((rate) => inForce(rate, day));
      return {
        jurisdiction: pack.jurisdiction,
        name: pack.name,
        version: pack.version,
        currency: pack.currency,
        rate: standard?.rate ?? null,
        rateFrom: standard?.effectiveFrom ?? null,
        rules: rules.filter(({ rule }) => inForce(rule, day)).length,
      };
    })
    .sort((left, right) => left.jurisdiction.localeCompare(right.jurisdiction));
}

export function entityPacks(): { name: string; version: string; steps: number }[] {
  return [...getPackRegistry().entityPacks.values()].map((pack) => ({ name: pack.name, version: pack.version, steps: pack.selection.length }));
}
