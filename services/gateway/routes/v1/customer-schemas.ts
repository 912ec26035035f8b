import { inputTextSchema } from '../../openapi/schema-parts.ts';
import { PAGE_QUERY_PROPERTIES } from './pagination.ts';

// JSON Schemas of the customer operations: the request bodies the gateway accepts.

export interface CustomerInput {
  name: string;
  country: string;
  subdivision?: string;
  type: 'business' | 'consumer';
  taxId?: string;
  email?: string;
}

export const createCustomerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'country'],
  properties: {
    name: inputTextSchema(200),
    country: { type: 'string', format: 'country', maxLength: 2 },
    // ISO 3166-2 subdivision code without the country prefix, such as "BY" for Bavaria.
    subdivision: { type: 'string', pattern: '^[A-Z0-9]{1,3}$', maxLength: 3 },
    type: { type: 'string', enum: ['business', 'consumer'], maxLength: 8, default: 'business' },
    taxId: inputTextSchema(50),
    email: { type: 'string', format: 'email', maxLength: 254 },
  },
} as const;

export const listCustomersSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...PAGE_QUERY_PROPERTIES },
} as const;
