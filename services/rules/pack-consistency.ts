import { periodsOverlap } from './calendar-dates.ts';
import { isIsoCurrency } from './currencies.ts';
import type { PackFile, PackProblem } from './pack-files.ts';
import type { EffectivePeriod, ReferencePack, TaxPack, TaxRule, TaxRuleSet } from './pack-types.ts';

// Checks that span fields or files, which JSON Schema cannot express: references between packs,
// overlapping rate periods, and codes that must exist in the reference data.

export type Report = (file: string, path: string, message: string) => void;

function checkPeriod(period: EffectivePeriod, file: string, path: string, report: Report): void {
  if (period.effectiveTo !== undefined && period.effectiveTo < period.effectiveFrom) {
    report(file, `${path}.effectiveTo`, `${period.effectiveTo} is before effectiveFrom ${period.effectiveFrom}`);
  }
}

function checkRates(pack: TaxPack, file: string, report: Report): void {
  pack.rates.forEach((rate, index) => {
    checkPeriod(rate, file, `$.rates[${index}]`, report);
    const clash = pack.rates.findIndex((other, otherIndex) => otherIndex < index && other.id === rate.id && periodsOverlap(other, rate));
    if (clash >= 0) report(file, `$.rates[${index}]`, `rate "${rate.id}" overlaps the period of $.rates[${clash}]; end one before the other starts`);
  });
}

/** Reports rules whose period ends before it starts and ids used twice in one list. */
export function checkRules(rules: TaxRule[], file: string, key: string, report: Report): void {
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const path = `$.${key}[${index}]`;
    checkPeriod(rule, file, path, report);
    if (seen.has(rule.id)) report(file, `${path}.id`, `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
  });
}

/** Reports rate ids and subdivisions that `rules` use but `pack` does not define. */
export function checkRuleReferences(pack: TaxPack, rules: TaxRule[], file: string, origin: string, report: Report): void {
  const rateIds = new Set(pack.rates.map((rate) => rate.id));
  const subdivisions = new Set(pack.subdivisions ?? []);
  for (const rule of rules) {
    const used = [rule.then.rate, ...(rule.then.components ?? []).map((component) => component.rate)];
    for (const rate of used) {
      if (rate !== undefined && !rateIds.has(rate)) report(file, '$.rates', `no rate "${rate}", which rule ${origin}/${rule.id} uses`);
    }
    for (const code of rule.when.customerSubdivisions ?? []) {
      if (!subdivisions.has(code)) report(file, '$.subdivisions', `no subdivision "${code}", which rule ${origin}/${rule.id} names`);
    }
  }
}

function checkTaxPack(pack: TaxPack, file: string, context: ConsistencyContext, report: Report): void {
  if (!(pack.jurisdiction in context.reference.countries)) report(file, '$.jurisdiction', `unknown country "${pack.jurisdiction}"`);
  if (!isIsoCurrency(pack.currency)) report(file, '$.currency', `"${pack.currency}" is not an ISO 4217 currency`);
  checkRates(pack, file, report);
  checkRules(pack.rules ?? [], file, 'rules', report);
  checkRules(pack.inboundRules ?? [], file, 'inboundRules', report);
  checkRuleReferences(pack, [...(pack.rules ?? []), ...(pack.inboundRules ?? [])], file, pack.name, report);

  if (pack.ruleSet === undefined) return;
  const ruleSet = context.ruleSets.get(pack.ruleSet);
  if (ruleSet === undefined) {
    report(file, '$.ruleSet', `no rule set named "${pack.ruleSet}" under packs/`);
    return;
  }
  checkRuleReferences(pack, [...ruleSet.rules, ...(ruleSet.inboundRules ?? [])], file, ruleSet.name, report);
}

function checkReference(reference: ReferencePack, file: string, report: Report): void {
  for (const [union, { members }] of Object.entries(reference.unions)) {
    members.forEach((member, index) => {
      const path = `$.unions.${union}.members[${index}]`;
      if (!(member.country in reference.countries)) report(file, `${path}.country`, `unknown country "${member.country}"`);
      checkPeriod(member, file, path, report);
    });
  }
}

interface ConsistencyContext {
  reference: ReferencePack;
  ruleSets: Map<string, TaxRuleSet>;
}

/** Lists the problems between packs that each passed their own schema check. */
export function checkPackConsistency(files: PackFile[]): PackProblem[] {
  const problems: PackProblem[] = [];
  const report: Report = (file, path, message) => problems.push({ file, path, message });

  const references = files.filter((entry) => entry.pack.kind === 'reference');
  if (references.length !== 1) {
    report('packs/', '$', `expected exactly one reference pack, found ${references.length}`);
    return problems;
  }
  const reference = references[0]!.pack as ReferencePack;
  checkReference(reference, references[0]!.file, report);

  const ruleSets = new Map<string, TaxRuleSet>();
  const jurisdictions = new Map<string, string>();
  for (const { file, pack } of files) {
    if (pack.kind === 'tax-rule-set') {
      checkRules(pack.rules, file, 'rules', report);
      checkRules(pack.inboundRules ?? [], file, 'inboundRules', report);
      ruleSets.set(pack.name, pack);
    }
    if (pack.kind === 'legal-entity') {
      pack.currencyRules.forEach((rule, index) => {
        if (!isIsoCurrency(rule.currency)) report(file, `$.currencyRules[${index}].currency`, `"${rule.currency}" is not an ISO 4217 currency`);
        if (rule.effectiveFrom !== undefined) checkPeriod({ ...rule, effectiveFrom: rule.effectiveFrom }, file, `$.currencyRules[${index}]`, report);
      });
    }
  }

  for (const { file, pack } of files) {
    if (pack.kind !== 'tax') continue;
    const previous = jurisdictions.get(pack.jurisdiction);
    if (previous !== undefined) report(file, '$.jurisdiction', `${pack.jurisdiction} already has a tax pack in ${previous}`);
    jurisdictions.set(pack.jurisdiction, file);
    checkTaxPack(pack, file, { reference, ruleSets }, report);
  }
  return problems;
}
