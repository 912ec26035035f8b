import type { LegalEntityRow } from '../../services/core/models/region.ts';
import { getPackRegistry } from '../../services/rules/index.ts';
import { isIsoCurrency } from '../../services/rules/currencies.ts';
import { checkName, hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';

// The columns of a legal entity, one of the firm's companies, that the portal forms edit.
export type LegalEntityInput = Pick<LegalEntityRow, 'code' | 'name' | 'country' | 'currency' | 'taxId' | 'regionalHub' | 'invoiceSeries'>;

// Codes appear in page addresses and in the projects that name their billing entity.
export const ENTITY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function checkCode(errors: FieldErrors, code: string): void {
  if (!code) errors.code = 'Enter a code, such as ACME-DE.';
  else if (!ENTITY_CODE_PATTERN.test(code)) {
    errors.code = `"${code}" is not a valid code. Use 1 to 40 letters, digits, dots, hyphens or underscores, starting with a letter or digit.`;
  }
}

// Countries are the ones the rule packs know (ISO 3166-1 alpha-2), so every stored entity is one
// the legal-entity rules can choose.
function checkCountry(errors: FieldErrors, country: string): void {
  if (!country) errors.country = 'Enter the country where the entity is registered, as two letters such as DE.';
  else if (!Object.hasOwn(getPackRegistry().reference.countries, country)) {
    errors.country = `"${country}" is not an ISO 3166-1 alpha-2 country code. Enter two letters, such as DE or GB.`;
  }
}

function checkCurrency(errors: FieldErrors, currency: string): void {
  if (!currency) errors.currency = 'Enter the currency the entity invoices in, such as EUR.';
  else if (!isIsoCurrency(currency)) errors.currency = `"${currency}" is not an ISO 4217 currency code. Enter three letters, such as EUR or USD.`;
}

function checkInvoiceSeries(errors: FieldErrors, series: string): void {
  if (!series) errors.invoiceSeries = 'Enter the invoice number series, such as DE-INV-.';
  else if (series.length > 40) errors.invoiceSeries = `The series is ${series.length} characters long; the maximum is 40.`;
}

// Reads the create or edit form of a legal entity. Country and currency codes are checked and
// stored in upper case, and the form shows every field again as typed when a check fails. On the edit form
// the code is fixed, so the caller passes the stored one.
export function readLegalEntityForm(body: unknown, fixedCode?: string): FormResult<LegalEntityInput> {
  const values = {
    code: fixedCode ?? text(body, 'code'),
    name: text(body, 'name'),
    country: text(body, 'country'),
    currency: text(body, 'currency'),
    taxId: text(body, 'taxId'),
    regionalHub: text(body, 'regionalHub') === 'yes' ? 'yes' : '',
    invoiceSeries: text(body, 'invoiceSeries'),
  };
  const country = values.country.toUpperCase();
  const currency = values.currency.toUpperCase();
  const errors: FieldErrors = {};

  checkCode(errors, values.code);
  checkName(errors, 'name', values.name, 200);
  checkCountry(errors, country);
  checkCurrency(errors, currency);
  if (values.taxId.length > 50) errors.taxId = `The tax id is ${values.taxId.length} characters long; the maximum is 50.`;
  checkInvoiceSeries(errors, values.invoiceSeries);

  if (hasErrors(errors)) return { values, errors };
  const input: LegalEntityInput = {
    code: values.code,
    name: values.name,
    country,
    currency,
    taxId: values.taxId || null,
    regionalHub: values.regionalHub === 'yes',
    invoiceSeries: values.invoiceSeries,
  };
  return { values, errors, input };
}
