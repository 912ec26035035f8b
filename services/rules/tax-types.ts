import type { ServiceCategory } from '../core/canonical.ts';

export type TaxTreatment = 'standard' | 'reduced' | 'zero-rated' | 'exempt' | 'reverse-charge' | 'out-of-scope';

export interface TaxQuoteInput {
  /** The firm's legal entity that supplies the service. */
  supplier: { country: string; subdivision?: string };
  customer: { country: string; subdivision?: string; type: 'business' | 'consumer'; taxId?: string; taxIdValidated: boolean };
  serviceCategory: ServiceCategory;
  /** Net line amount as a decimal string in an ISO 4217 currency. */
  net: { amount: string; currency: string };
  /** Supply date (YYYY-MM-DD), which selects the rules and rates in force. */
  supplyDate: string;
}

/** Pack, version and rule ids that produced a result, so a reviewer can trace it to the pack data. */
export interface RuleTrail {
  pack: string;
  version: string;
  rules: string[];
}

export interface TaxQuote {
  treatment: TaxTreatment;
  /** Rate applied to the net amount, as a decimal string ("0.19"); "0" when no tax is charged. */
  rate: string;
  taxAmount: { amount: string; currency: string };
  /** ISO 3166-1 country, or country and subdivision ("US-NY"), whose tax applies. */
  taxCountry: string;
  /** Invoice wording the law requires for this treatment. */
  notes: string[];
  warnings: string[];
  trail: RuleTrail;
}
