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

/** One tax of a line taxed by two authorities, such as GST and QST in Quebec, which the invoice must show apart. */
export interface TaxComponent {
  /** Name printed on the invoice, such as "GST" or "QST". */
  name: string;
  rate: string;
  taxAmount: { amount: string; currency: string };
}

export interface TaxQuote {
  treatment: TaxTreatment;
  /** Rate applied to the net amount, as a decimal string ("0.19"); "0" when no tax is charged. */
  rate: string;
  /** Total tax on the line; with components, the sum of their separately rounded amounts. */
  taxAmount: { amount: string; currency: string };
  /** Present only when the line carries more than one tax; each is rounded on its own. */
  components?: TaxComponent[];
  /** ISO 3166-1 country, or country and subdivision ("US-NY"), whose tax applies. */
  taxCountry: string;
  /** Invoice wording the law requires for this treatment. */
  notes: string[];
  warnings: string[];
  trail: RuleTrail;
}
