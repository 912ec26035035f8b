import type { Ajv } from 'ajv';
import { COUNTRY_CODES } from './countries.ts';
import { isStorableText } from './storable-text.ts';

// String formats of the API's money, quantity, currency and country fields. Money columns are
// numeric(18, 2) and quantities numeric(18, 4), so the digit limits keep values inside the columns.
const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/;
const NON_NEGATIVE_AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,14}(\.\d{1,4})?$/;

// Only the plain 8-4-4-4-12 form. ajv-formats also accepts a "urn:uuid:" prefix, which the
// database's uuid type rejects.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Calendar dates between these years. PostgreSQL rejects year 0, and no contract or supply date
// outside this range is genuine, so such a value is a client's mistake.
// NOTE: responses are checked with the same format, so a date outside the range that reached the
// database another way (a CLM webhook) would make reading that contract fail with 500.
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// The ISO 4217 codes in the runtime's ICU data (Node.js 20 ships full ICU), which covers
// the currencies in use and leaves out made-up three-letter strings.
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const FORMAT_MESSAGES: Record<string, string> = {
  amount: 'must be a decimal string with at most 2 decimal places, such as "1250.00" or "-40.5"',
  'non-negative-amount': 'must be a decimal string of zero or more with at most 2 decimal places, such as "1250.00"',
  quantity: 'must be a decimal string greater than zero with at most 4 decimal places, such as "12.5"',
  currency: 'must be an ISO 4217 currency code in upper case, such as "EUR"',
  country: 'must be an ISO 3166-1 alpha-2 country code in upper case, such as "DE"',
  date: `must be a calendar date in the form YYYY-MM-DD, from ${MIN_YEAR}-01-01 to ${MAX_YEAR}-12-31`,
  email: 'must be an email address',
  uuid: 'must be a UUID in the form 8-4-4-4-12 hexadecimal digits, without a "urn:uuid:" prefix',
  text: 'must contain a character other than whitespace, and no NUL (U+0000) or unpaired surrogate (U+D800 to U+DFFF) characters',
};

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Free text such as a name or a description: something to read, and storable unchanged.
function isText(value: string): boolean {
  return value.trim() !== '' && isStorableText(value);
}

// Adds the API's own formats, and replaces ajv-formats' date and uuid with the stricter checks
// above, so call it after ajv-formats.
export function addApiFormats(ajv: Ajv): void {
  ajv.addFormat('amount', { type: 'string', validate: (value: string) => AMOUNT.test(value) });
  ajv.addFormat('non-negative-amount', { type: 'string', validate: (value: string) => NON_NEGATIVE_AMOUNT.test(value) });
  ajv.addFormat('quantity', { type: 'string', validate: (value: string) => QUANTITY.test(value) && /[1-9]/.test(value) });
  ajv.addFormat('currency', { type: 'string', validate: (value: string) => /^[A-Z]{3}$/.test(value) && CURRENCY_CODES.has(value) });
  ajv.addFormat('country', { type: 'string', validate: (value: string) => COUNTRY_CODES.has(value) });
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('uuid', { type: 'string', validate: (value: string) => UUID.test(value) });
  ajv.addFormat('text', { type: 'string', validate: isText });
}
