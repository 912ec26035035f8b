// The canonical model: the platform's own shape of a contract and its customer, between the CLM's
// fields and the ERP's. Amounts are decimal strings in the contract currency (ISO 4217), never
// floats; dates are ISO 8601 calendar dates (YYYY-MM-DD).

// The source of a contract stored through the partner API; a contract from the CLM names its
// connector instead.
export const API_SOURCE = 'api';

export type CustomerType = 'business' | 'consumer';
export type BillingType = 'fixed-fee' | 'time-and-materials' | 'subscription';
export type ServiceCategory = 'consulting' | 'legal' | 'accounting' | 'it-services';

export interface Money {
  amount: string;
  currency: string;
}

export interface CanonicalCustomer {
  name: string;
  country: string;
  subdivision?: string;
  type: CustomerType;
  taxId?: string;
  taxIdValidated: boolean;
  email?: string;
}

export interface CanonicalRateCardEntry {
  role: string;
  unit: 'hour' | 'day';
  rate: string;
}

export interface CanonicalContractLine {
  lineNo: number;
  description: string;
  billingType: BillingType;
  role?: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface CanonicalMilestone {
  name: string;
  dueDate: string;
  amount: string;
}

export interface CanonicalContract {
  title: string;
  currency: string;
  totalValue: string;
  serviceCategory: ServiceCategory;
  startDate: string;
  endDate?: string;
  customer: CanonicalCustomer;
  rateCard: CanonicalRateCardEntry[];
  lines: CanonicalContractLine[];
  milestones: CanonicalMilestone[];
}
