import { isInEffect } from './calendar-dates.ts';
import type { ReferencePack, RelativeLocation } from './pack-types.ts';

/** Returns the VAT union (such as "EU") that `country` belongs to on `date`, if any. */
export function unionOf(reference: ReferencePack, country: string, date: string): string | undefined {
  for (const [union, { members }] of Object.entries(reference.unions)) {
    if (members.some((member) => member.country === country && isInEffect(member, date))) return union;
  }
  return undefined;
}

// NOTE: membership is by ISO country code, so territories outside the EU VAT area but inside a
// member state (Canary Islands, Aland, Mount Athos, the French overseas departments) count as EU.

/** Places `other` relative to `home`: the same country, another member of home's VAT union on `date`, or foreign. */
export function relativeLocation(reference: ReferencePack, home: string, other: string, date: string): RelativeLocation {
  if (home === other) return 'domestic';
  const homeUnion = unionOf(reference, home, date);
  if (homeUnion !== undefined && homeUnion === unionOf(reference, other, date)) return 'same-union';
  return 'foreign';
}
