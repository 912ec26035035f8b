import { objectSchema, textSchema } from '../../openapi/schema-parts.ts';

// Version 2 writes every amount as a money object: a decimal string with its ISO 4217 currency,
// so a value never travels without the currency it is in.

export interface Money {
  amount: string;
  currency: string;
}

const currency = { type: 'string', format: 'currency', maxLength: 3 } as const;

export function moneySchema(amountFormat: 'amount' | 'non-negative-amount') {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['amount', 'currency'],
    properties: { amount: { type: 'string', format: amountFormat, maxLength: 20 }, currency },
  } as const;
}

export const moneyResponseSchema = objectSchema({ amount: textSchema(20, { format: 'amount' }), currency: textSchema(3, { format: 'currency' }) });

export function money(amount: string, currencyCode: string): Money {
  return { amount, currency: currencyCode };
}
