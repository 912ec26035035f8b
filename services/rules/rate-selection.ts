import { isInEffect } from './calendar-dates.ts';
import type { RatePeriod } from './pack-types.ts';
import type { LoadedTaxPack } from './pack-registry.ts';
import { RuleInputError } from './rule-input-error.ts';

/** Picks the rate period in force on the supply date, so a line dated the day before a change gets the old rate. */
export function selectRate(loaded: LoadedTaxPack, rateId: string, supplyDate: string): RatePeriod {
  const periods = loaded.pack.rates.filter((rate) => rate.id === rateId);
  const period = periods.find((rate) => isInEffect(rate, supplyDate));
  if (period !== undefined) return period;

  const earliest = periods.map((rate) => rate.effectiveFrom).sort()[0] ?? 'no date';
  throw new RuleInputError(
    'supplyDate',
    `${supplyDate} is outside every period of the "${rateId}" rate in ${loaded.file} (earliest ${earliest}); check the date or extend the pack`,
  );
}
