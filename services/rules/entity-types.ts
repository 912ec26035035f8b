import type { RuleTrail } from './tax-types.ts';

export interface FirmLegalEntity {
  code: string;
  name: string;
  country: string;
  currency: string;
  /** True when this entity contracts for customers in other countries of its region. */
  regionalHub: boolean;
  taxId?: string | null;
}

export interface LegalEntityChoice {
  entity: FirmLegalEntity;
  /** True when another of the firm's entities delivers the work, so it must recharge the billing entity. */
  intercompany: boolean;
  invoiceCurrency: string;
  trail: RuleTrail;
}
