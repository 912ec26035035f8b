import type { ServiceCategory } from '../core/canonical.ts';
import type { TaxTreatment } from './tax-types.ts';

// Shapes of the JSON pack files. schema/*.schema.json checks every file against these shapes
// when it loads, so code that receives these types can rely on them.

export type Region = 'EMEA' | 'AMERICAS' | 'APAC';

/** Location of a party relative to a pack's jurisdiction: the same country, another member of its VAT union, or elsewhere. */
export type RelativeLocation = 'domestic' | 'same-union' | 'foreign';

export interface PackSource {
  authority: string;
  title: string;
  url?: string;
}

export interface EffectivePeriod {
  effectiveFrom: string;
  effectiveTo?: string;
}

export interface RatePeriod extends EffectivePeriod {
  id: string;
  rate: string;
  description?: string;
  source: PackSource;
}

export interface RuleCondition {
  customerType?: 'business' | 'consumer';
  taxIdValidated?: boolean;
  customerLocation?: RelativeLocation[];
  supplierLocation?: RelativeLocation[];
  customerSubdivisions?: string[];
  serviceCategories?: ServiceCategory[];
}

/** One of several taxes charged on the same line, each rounded on its own. */
export interface OutcomeComponent {
  name: string;
  /** Rate id in the deciding pack's rate table. */
  rate: string;
  taxableShare?: string;
}

export interface RuleOutcome {
  treatment: TaxTreatment;
  /** Rate id in the deciding pack's rate table; a taxed outcome has either this or `components`. */
  rate?: string;
  components?: OutcomeComponent[];
  /** Share of the net amount that is taxed, as a decimal string ("0.8"); 1 when absent. */
  taxableShare?: string;
  taxCountry: 'supplier' | 'customer' | 'customer-subdivision';
  /** Lets the customer country's inbound rules decide who accounts for the tax, as in an import reverse charge. */
  deferToCustomerPack?: boolean;
  notes?: string[];
  warnings?: string[];
}

export interface TaxRule extends EffectivePeriod {
  id: string;
  description: string;
  when: RuleCondition;
  then: RuleOutcome;
  source: PackSource;
}

export interface Rounding {
  mode: 'half-up' | 'half-even' | 'down';
  decimals: number;
  scope: 'line';
}

interface PackHeader {
  name: string;
  version: string;
  source: PackSource;
}

export interface TaxPack extends PackHeader {
  kind: 'tax';
  jurisdiction: string;
  currency: string;
  rounding: Rounding;
  subdivisions?: string[];
  rates: RatePeriod[];
  ruleSet?: string;
  rules?: TaxRule[];
  inboundRules?: TaxRule[];
}

export interface TaxRuleSet extends PackHeader {
  kind: 'tax-rule-set';
  rules: TaxRule[];
  inboundRules?: TaxRule[];
}

export interface UnionMembership extends EffectivePeriod {
  country: string;
}

export interface ReferencePack extends PackHeader {
  kind: 'reference';
  countries: Record<string, { region: Region }>;
  unions: Record<string, { members: UnionMembership[]; source: PackSource }>;
}

export type EntitySelectionStep = 'same-country' | 'regional-hub' | 'any-hub';

export interface CurrencyRule {
  id: string;
  /** Optional period, for changes such as a country adopting the euro; a dated rule needs the contract date. */
  effectiveFrom?: string;
  effectiveTo?: string;
  description: string;
  when: { entityCountries?: string[]; customerCountries?: string[]; customerRegions?: Region[] };
  currency: string;
}

export interface EntityPack extends PackHeader {
  kind: 'legal-entity';
  selection: EntitySelectionStep[];
  currencyRules: CurrencyRule[];
}

export type RulePack = TaxPack | TaxRuleSet | ReferencePack | EntityPack;

/**
 * One tenant's override, stored in its region database rather than under packs/. Its currency
 * rules come before the default entity pack's, its selection replaces the default's, and its tax
 * rules come before the rules of the jurisdiction they are listed under.
 */
export interface TenantOverride extends PackHeader {
  kind: 'tenant-override';
  entities?: { selection?: EntitySelectionStep[]; currencyRules?: CurrencyRule[] };
  /** Tax rules by jurisdiction (ISO 3166-1 alpha-2); their rate ids refer to that jurisdiction's pack. */
  taxRules?: Record<string, TaxRule[]>;
}
