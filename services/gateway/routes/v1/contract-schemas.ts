import type { BillingType, ServiceCategory } from '../../../core/canonical.ts';
import { inputTextSchema } from '../../openapi/schema-parts.ts';
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
  externalRef?: string;
}

// The client's own reference for the contract, unique per tenant. Shared by both versions.
export const externalRefSchema = inputTextSchema(200, {
  description: 'Your own reference for the contract, such as its number in your system; unique per tenant. A second POST with the same externalRef is rejected with 409 and the existing contract\'s id in contractId, so a retried request cannot create the contract twice.',
});

const rateCardEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'unit', 'rate'],
  properties: {
    role: inputTextSchema(100),
    unit: { type: 'string', enum: ['hour', 'day'], maxLength: 4 },
    rate: { type: 'string', format: 'non-negative-amount', maxLength: 20 },
  },
} as const;

const contractLine = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'billingType', 'quantity', 'unitPrice', 'amount'],
  properties: {
    description: inputTextSchema(1000),
    billingType: { type: 'string', enum: ['fixed-fee', 'time-and-materials', 'subscription'], maxLength: 18 },
    role: inputTextSchema(100),
    quantity: { type: 'string', format: 'quantity', maxLength: 20 },
    unitPrice: { type: 'string', format: 'non-negative-amount', maxLength: 20 },
    amount: { type: 'string', format: 'amount', maxLength: 20 },
  },
} as const;

const milestone = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'dueDate', 'amount'],
  properties: {
    name: inputTextSchema(200),
    dueDate: { type: 'string', format: 'date', maxLength: 10 },
    amount: { type: 'string', format: 'non-negative-amount', maxLength: 20 },
  },
} as const;

export const createContractSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'title', 'currency', 'totalValue', 'serviceCategory', 'startDate', 'rateCard', 'lines', 'milestones'],
  properties: {
    customerId: { type: 'string', format: 'uuid', maxLength: 36 },
    title: inputTextSchema(300),
    currency: { type: 'string', format: 'currency', maxLength: 3 },
    totalValue: { type: 'string', format: 'non-negative-amount', maxLength: 20 },
    serviceCategory: { type: 'string', enum: ['consulting', 'legal', 'accounting', 'it-services'], maxLength: 11 },
    startDate: { type: 'string', format: 'date', maxLength: 10 },
    endDate: { type: 'string', format: 'date', maxLength: 10 },
    status: { type: 'string', enum: ['draft', 'executed'], maxLength: 8, default: 'draft' },
    rateCard: { type: 'array', maxItems: 100, items: rateCardEntry },
    lines: { type: 'array', maxItems: 500, items: contractLine },
    milestones: { type: 'array', maxItems: 200, items: milestone },
    externalRef: externalRefSchema,
  },
} as const;

export const listContractsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY_PROPERTIES,
    status: { type: 'string', enum: ['draft', 'executed', 'active', 'terminated'], maxLength: 10 },
    customerId: { type: 'string', format: 'uuid', maxLength: 36 },
  },
} as const;
