import { checkPackConsistency } from './pack-consistency.ts';
import { DEFAULT_PACK_DIR, readPackFiles, type PackFile, type PackProblem } from './pack-files.ts';
import type { EntityPack, ReferencePack, TaxPack, TaxRule, TaxRuleSet } from './pack-types.ts';
import { RulePackError } from './rule-pack-error.ts';

/** A rule with the pack or rule set it came from, written `name@version`, for the trail. */
export interface TracedRule {
  rule: TaxRule;
  origin: string;
}

export interface LoadedTaxPack {
  file: string;
  pack: TaxPack;
  /** The pack's own rules first, then its rule set's, in file order: the first match wins. */
  rules: TracedRule[];
  inboundRules: TracedRule[];
}

export interface PackRegistry {
  reference: ReferencePack;
  /** Tax packs by jurisdiction (ISO 3166-1 alpha-2). */
  taxPacks: Map<string, LoadedTaxPack>;
  /** Legal-entity packs by name. */
  entityPacks: Map<string, EntityPack>;
}

function trace(rules: TaxRule[] | undefined, origin: { name: string; version: string }): TracedRule[] {
  return (rules ?? []).map((rule) => ({ rule, origin: `${origin.name}@${origin.version}` }));
}

function loadTaxPack(file: string, pack: TaxPack, ruleSets: Map<string, TaxRuleSet>): LoadedTaxPack {
  const ruleSet = pack.ruleSet === undefined ? undefined : ruleSets.get(pack.ruleSet);
  return {
    file,
    pack,
    rules: [...trace(pack.rules, pack), ...(ruleSet ? trace(ruleSet.rules, ruleSet) : [])],
    inboundRules: [...trace(pack.inboundRules, pack), ...(ruleSet ? trace(ruleSet.inboundRules, ruleSet) : [])],
  };
}

function buildRegistry(files: PackFile[]): PackRegistry {
  const ruleSets = new Map<string, TaxRuleSet>();
  const taxPacks = new Map<string, LoadedTaxPack>();
  const entityPacks = new Map<string, EntityPack>();
  let reference: ReferencePack | undefined;

  for (const { pack } of files) {
    if (pack.kind === 'tax-rule-set') ruleSets.set(pack.name, pack);
    if (pack.kind === 'reference') reference = pack;
    if (pack.kind === 'legal-entity') entityPacks.set(pack.name, pack);
  }
  for (const { file, pack } of files) {
    if (pack.kind === 'tax') taxPacks.set(pack.jurisdiction, loadTaxPack(file, pack, ruleSets));
  }

  // checkPackConsistency has already required exactly one reference pack.
  return { reference: reference!, taxPacks, entityPacks };
}

/** Reads, checks and indexes every pack under `dir`, returning all problems instead of throwing. */
export function loadPacks(dir: string = DEFAULT_PACK_DIR): { registry?: PackRegistry; problems: PackProblem[] } {
  const { packs, problems } = readPackFiles(dir);
  if (problems.length > 0) return { problems };

  const consistencyProblems = checkPackConsistency(packs);
  if (consistencyProblems.length > 0) return { problems: consistencyProblems };
  return { registry: buildRegistry(packs), problems: [] };
}

let defaultRegistry: PackRegistry | undefined;

/**
 * Returns the registry of the packs shipped in services/rules/packs, loading them on first use.
 * Throws RulePackError for the first problem, because quoting from a broken pack set is unsafe;
 * `npm run rules:check` lists all of them.
 */
export function getPackRegistry(): PackRegistry {
  if (defaultRegistry !== undefined) return defaultRegistry;

  const { registry, problems } = loadPacks();
  const first = problems[0];
  if (first !== undefined) {
    throw new RulePackError(first.file, first.path, `${first.message} (${problems.length} problem(s) in all; run npm run rules:check)`);
  }
  defaultRegistry = registry!;
  return defaultRegistry;
}
