// Public surface of the rule engine. Packs load once from services/rules/packs on first use;
// after that every call is pure computation with no I/O.
export { quoteTax, quoteTaxWithPacks } from './tax-quote.ts';
export { checkInvoiceableAmount } from './tax-input-checks.ts';
export { chooseLegalEntity, chooseLegalEntityWithPacks } from './legal-entity.ts';
export { RuleInputError } from './rule-input-error.ts';
export { RulePackError } from './rule-pack-error.ts';
export { getPackRegistry, loadPacks, type PackRegistry } from './pack-registry.ts';
export type { TaxQuote, TaxQuoteInput, TaxTreatment, RuleTrail } from './tax-types.ts';
export type { FirmLegalEntity, LegalEntityChoice } from './entity-types.ts';
export { listPacks, type PackSummary } from './pack-catalog.ts';
export { applyTenantOverride, checkTenantOverride, overrideLabel } from './tenant-override.ts';
export { checkGoldenCases, evaluateGoldenCases, type GoldenCase, type GoldenCaseResult } from './golden-cases.ts';
export type { TenantOverride } from './pack-types.ts';
export type { TaxComponent } from './tax-types.ts';
export { rulesForTenant, type TenantRules } from './tenant-rules.ts';
