import type { BillingType, ServiceCategory } from '../../../core/canonical.ts';
import { PAGE_QUERY_PROPERTIES } from './pagination.ts';

// JSON Schemas of the contract operations. Money fields are decimal strings in the contract's
// currency; line amounts may be negative (a discount line), the other amounts may not.

export interface ContractInput {
  customerId: string;
  title: string;
  currency: string;
  totalValue: string;
  serviceCategory: ServiceCategory;
  startDate: string;
  endDate?: string;
  status: 'draft' | 'executed';
  rateCard: { role: string; unit: 'hour' | 'day'; rate: string }[];
  lines: { description: string; billingType: BillingType; role?: string; quantity: string; unitPrice: string; amount: string }[];
  milestones: { name: string; dueDate: string; amount: string }[];
}

const rateCardEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'unit', 'rate'],
  properties: {
    role: { type: 'string', minLength: 1, maxLength: 100 },
    unit: { type: 'string', enum: ['hour', 'day'] },
    rate: { type: 'string', format: 'non-negative-amount' },
  },
} as const;

const contractLine = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'billingType', 'quantity', 'unitPrice', 'amount'],
  properties: {
    description: { type: 'string', minLength: 1, maxLength: 1000 },
    billingType: { type: 'string', enum: ['fixed-fee', 'time-and-materials', 'subscription'] },
    role: { type: 'string', minLength: 1, maxLength: 100 },
    quantity: { type: 'string', format: 'quantity' },
    unitPrice: { type: 'string', format: 'non-negative-amount' },
    amount: { type: 'string', format: 'amount' },
  },
} as const;

const milestone = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'dueDate', 'amount'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    dueDate: { type: 'string', format: 'date' },
    amount: { type: 'string', format: 'non-negative-amount' },
  },
} as const;

export const createContractSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'title', 'currency', 'totalValue', 'serviceCategory', 'startDate', 'rateCard', 'lines', 'milestones'],
  properties: {
    customerId: { type: 'string', format: 'uuid' },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    currency: { type: 'string', format: 'currency' },
    totalValue: { type: 'string', format: 'non-negative-amount' },
    serviceCategory: { type: 'string', enum: ['consulting', 'legal', 'accounting', 'it-services'] },
    startDate: { type: 'string', format: 'date' },
    endDate: { type: 'string', format: 'date' },
    status: { type: 'string', enum: ['draft', 'executed'], default: 'draft' },
    rateCard: { type: 'array', maxItems: 100, items: rateCardEntry },
    lines: { type: 'array', maxItems: 500, items: contractLine },
    milestones: { type: 'array', maxItems: 200, items: milestone },
  },
} as const;

export const listContractsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY_PROPERTIES,
    status: { type: 'string', enum: ['draft', 'executed', 'active', 'terminated'] },
    customerId: { type: 'string', format: 'uuid' },
  },
} as const;
