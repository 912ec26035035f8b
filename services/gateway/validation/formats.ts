import type { Ajv } from 'ajv';
import { COUNTRY_CODES } from './countries.ts';

// String formats of the API's money, quantity, currency and country fields. Money columns are
// numeric(18, 2) and quantities numeric(18, 4), so the digit limits keep values inside the columns.
const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/;
const NON_NEGATIVE_AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,14}(\.\d{1,4})?$/;

// The ISO 4217 codes in the runtime's ICU data (Node.js 20 ships full ICU), which covers
// the currencies in use and leaves out made-up three-letter strings.
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const FORMAT_MESSAGES: Record<string, string> = {
  amount: 'must be a decimal string with at most 2 decimal places, such as "1250.00" or "-40.5"',
  'non-negative-amount': 'must be a decimal string of zero or more with at most 2 decimal places, such as "1250.00"',
  quantity: 'must be a decimal string greater than zero with at most 4 decimal places, such as "12.5"',
  currency: 'must be an ISO 4217 currency code in upper case, such as "EUR"',
  country: 'must be an ISO 3166-1 alpha-2 country code in upper case, such as "DE"',
  date: 'must be a calendar date in the form YYYY-MM-DD',
  email: 'must be an email address',
  uuid: 'must be a UUID',
};

export function addApiFormats(ajv: Ajv): void {
  ajv.addFormat('amount', { type: 'string', validate: (value: string) => AMOUNT.test(value) });
  ajv.addFormat('non-negative-amount', { type: 'string', validate: (value: string) => NON_NEGATIVE_AMOUNT.test(value) });
  ajv.addFormat('quantity', { type: 'string', validate: (value: string) => QUANTITY.test(value) && /[1-9]/.test(value) });
  ajv.addFormat('currency', { type: 'string', validate: (value: string) => /^[A-Z]{3}$/.test(value) && CURRENCY_CODES.has(value) });
  ajv.addFormat('country', { type: 'string', validate: (value: string) => COUNTRY_CODES.has(value) });
}
