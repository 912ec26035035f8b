import type { BillingType, ServiceCategory } from '../../../core/canonical.ts';
import { inputTextSchema } from '../../openapi/schema-parts.ts';
import { externalRefSchema } from '../v1/contract-schemas.ts';
import { moneySchema, type Money } from './money.ts';

// Request schemas of the version 2 contract operations. Unlike version 1, every amount is a money
// object, and a line names the rate card role it bills by (rateCardRole) instead of a free-text
// role, so a time-and-materials line always has a rate behind it.

export interface ContractInputV2 {
  customerId: string;
  title: string;
  total: Money;
  serviceCategory: ServiceCategory;
  startDate: string;
  endDate?: string;
  status: 'draft' | 'executed';
  rateCard: { role: string; unit: 'hour' | 'day'; rate: Money }[];
  lines: { description: string; billingType: BillingType; rateCardRole?: string; quantity: string; unitPrice: Money; amount: Money }[];
  milestones: { name: string; dueDate: string; amount: Money }[];
  externalRef?: string;
}

export const createContractSchemaV2 = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'title', 'total', 'serviceCategory', 'startDate', 'rateCard', 'lines', 'milestones'],
  properties: {
    customerId: { type: 'string', format: 'uuid', maxLength: 36 },
    title: inputTextSchema(300),
    total: moneySchema('non-negative-amount'),
    serviceCategory: { type: 'string', enum: ['consulting', 'legal', 'accounting', 'it-services'], maxLength: 11 },
    startDate: { type: 'string', format: 'date', maxLength: 10 },
    endDate: { type: 'string', format: 'date', maxLength: 10 },
    status: { type: 'string', enum: ['draft', 'executed'], maxLength: 8, default: 'draft' },
    rateCard: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'unit', 'rate'],
        properties: { role: inputTextSchema(100), unit: { type: 'string', enum: ['hour', 'day'], maxLength: 4 }, rate: moneySchema('non-negative-amount') },
      },
    },
    lines: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'billingType', 'quantity', 'unitPrice', 'amount'],
        properties: {
          description: inputTextSchema(1000),
          billingType: { type: 'string', enum: ['fixed-fee', 'time-and-materials', 'subscription'], maxLength: 18 },
          rateCardRole: { ...inputTextSchema(100), description: 'The role of a rate card entry of this contract; required on time-and-materials lines.' },
          quantity: { type: 'string', format: 'quantity', maxLength: 20 },
          unitPrice: moneySchema('non-negative-amount'),
          amount: moneySchema('amount'),
        },
      },
    },
    milestones: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'dueDate', 'amount'],
        properties: { name: inputTextSchema(200), dueDate: { type: 'string', format: 'date', maxLength: 10 }, amount: moneySchema('non-negative-amount') },
      },
    },
    externalRef: externalRefSchema,
  },
} as const;
