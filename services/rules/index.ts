// Public surface of the rule engine. Packs load once from services/rules/packs on first use;
// after that every call is pure computation with no I/O.
export { quoteTax, quoteTaxWithPacks } from './tax-quote.ts';
export { chooseLegalEntity, chooseLegalEntityWithPacks } from './legal-entity.ts';
export { RuleInputError } from './rule-input-error.ts';
export { RulePackError } from './rule-pack-error.ts';
export { getPackRegistry, loadPacks, type PackRegistry } from './pack-registry.ts';
export type { TaxQuote, TaxQuoteInput, TaxTreatment, RuleTrail } from './tax-types.ts';
export type { FirmLegalEntity, LegalEntityChoice } from './entity-types.ts';
