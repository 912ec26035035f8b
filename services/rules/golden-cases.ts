import type { FirmLegalEntity } from './entity-types.ts';
import { chooseLegalEntityWithPacks } from './legal-entity.ts';
import type { PackRegistry } from './pack-registry.ts';
import type { TenantOverride } from './pack-types.ts';
import { quoteTaxWithPacks } from './tax-quote.ts';
import type { TaxQuoteInput, TaxTreatment } from './tax-types.ts';
import { applyTenantOverride } from './tenant-override.ts';

/** A tax quote the tenant's finance team has checked by hand; only the fields given are compared. */
export interface TaxGoldenCase {
  name: string;
  kind: 'tax';
  input: TaxQuoteInput;
  expected: { treatment: TaxTreatment; rate?: string; taxAmount?: string; taxCountry?: string };
}

/** An entity choice the tenant expects; only the fields given are compared. */
export interface EntityGoldenCase {
  name: string;
  kind: 'legal-entity';
  customer: { country: string };
  deliveryCountry?: string;
  onDate?: string;
  expected: { entity: string; invoiceCurrency?: string; intercompany?: boolean };
}

export type GoldenCase = TaxGoldenCase | EntityGoldenCase;

export interface GoldenCaseResult {
  name: string;
  passed: boolean;
  /** One line per field that differs, or the error the engine raised. */
  failures: string[];
}

function compare(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.entries(expected)
    .filter(([, value]) => value !== undefined)
    .filter(([field, value]) => actual[field] !== value)
    .map(([field, value]) => `${field}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual[field])}`);
}

function runCase(registry: PackRegistry, entityPack: string, entities: FirmLegalEntity[], golden: GoldenCase): string[] {
  if (golden.kind === 'tax') {
    const quote = quoteTaxWithPacks(registry, golden.input);
    return compare(golden.expected, { ...quote, taxAmount: quote.taxAmount.amount });
  }
  const options = { entityPack, deliveryCountry: golden.deliveryCountry, onDate: golden.onDate };
  const choice = chooseLegalEntityWithPacks(registry, entities, golden.customer, options);
  return compare(golden.expected, { entity: choice.entity.code, invoiceCurrency: choice.invoiceCurrency, intercompany: choice.intercompany });
}

/**
 * Runs a candidate override's golden cases against the shipped packs plus that override. Engine
 * errors count as failures, so a case that no longer quotes blocks promotion like a wrong figure.
 */
export function evaluateGoldenCases(base: PackRegistry, override: TenantOverride, entities: FirmLegalEntity[], cases: GoldenCase[]): GoldenCaseResult[] {
  const registry = applyTenantOverride(base, override);
  return cases.map((golden) => {
    try {
      const failures = runCase(registry, override.name, entities, golden);
      return { name: golden.name, passed: failures.length === 0, failures };
    } catch (error) {
      return { name: golden.name, passed: false, failures: [(error as Error).message] };
    }
  });
}

/** Rejects a case list that cannot be run, naming the entry and field; an override needs at least one case. */
export function checkGoldenCases(cases: unknown): { path: string; message: string }[] {
  if (!Array.isArray(cases) || cases.length === 0) {
    return [{ path: 'goldenCases', message: 'missing or empty; give the override at least one golden case' }];
  }
  const problems: { path: string; message: string }[] = [];
  const names = new Set<string>();
  cases.forEach((entry: Partial<GoldenCase> | null, index) => {
    const path = `goldenCases[${index}]`;
    if (typeof entry?.name !== 'string' || entry.name.trim() === '') problems.push({ path: `${path}.name`, message: 'missing; name each case' });
    else if (names.has(entry.name)) problems.push({ path: `${path}.name`, message: `duplicate name "${entry.name}"` });
    else names.add(entry.name);
    if (entry?.kind !== 'tax' && entry?.kind !== 'legal-entity') problems.push({ path: `${path}.kind`, message: 'must be "tax" or "legal-entity"' });
    if (typeof entry?.expected !== 'object' || entry.expected === null) problems.push({ path: `${path}.expected`, message: 'missing; give the fields the result must have' });
  });
  return problems;
}
