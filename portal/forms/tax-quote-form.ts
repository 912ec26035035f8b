import type { LegalEntityRow } from '../../services/core/models/region.ts';
import type { ServiceCategory } from '../../services/core/canonical.ts';
import type { TaxQuoteInput } from '../../services/rules/index.ts';
import { hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';

export const SERVICE_CATEGORIES: Record<ServiceCategory, string> = {
  consulting: 'Consulting',
  legal: 'Legal',
  accounting: 'Accounting',
  'it-services': 'IT services',
};

// The rule engine names the input field it rejects; this maps its names to the form's fields.
export const ENGINE_FIELDS: Record<string, string> = {
  'supplier.country': 'entity',
  'supplier.subdivision': 'entity',
  'customer.country': 'customerCountry',
  'customer.subdivision': 'customerSubdivision',
  'customer.type': 'customerType',
  'customer.taxId': 'customerTaxId',
  serviceCategory: 'serviceCategory',
  'net.amount': 'amount',
  'net.currency': 'currency',
  supplyDate: 'supplyDate',
};

const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;

// Reads the quote tryout form. The shape is checked here; the rule engine checks the meaning
// (known country, currency, date in a pack's range) and names any field it rejects.
export function readTaxQuoteForm(body: unknown, entities: LegalEntityRow[]): FormResult<TaxQuoteInput> {
  const values = {
    entity: text(body, 'entity'),
    customerCountry: text(body, 'customerCountry'),
    customerSubdivision: text(body, 'customerSubdivision'),
    customerType: text(body, 'customerType'),
    customerTaxId: text(body, 'customerTaxId'),
    taxIdValidated: text(body, 'taxIdValidated') === 'yes' ? 'yes' : '',
    serviceCategory: text(body, 'serviceCategory'),
    amount: text(body, 'amount'),
    currency: text(body, 'currency'),
    supplyDate: text(body, 'supplyDate'),
  };
  const errors: FieldErrors = {};
  const entity = entities.find((candidate) => candidate.code === values.entity);
  // Codes are compared in upper case, and the form shows them again as typed.
  const country = values.customerCountry.toUpperCase();
  const subdivision = values.customerSubdivision.toUpperCase();
  const currency = values.currency.toUpperCase();

  if (!entity) errors.entity = 'Choose the legal entity that supplies the service.';
  if (!/^[A-Z]{2}$/.test(country)) errors.customerCountry = 'Enter the customer\'s country as two letters, such as FR.';
  if (values.customerType !== 'business' && values.customerType !== 'consumer') errors.customerType = 'Choose business or consumer.';
  if (!Object.hasOwn(SERVICE_CATEGORIES, values.serviceCategory)) errors.serviceCategory = 'Choose a service category.';
  if (!DECIMAL.test(values.amount)) errors.amount = 'Enter the net amount as a decimal number with a dot, such as 1200.00.';
  if (!/^[A-Z]{3}$/.test(currency)) errors.currency = 'Enter a three-letter ISO 4217 currency code, such as EUR.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.supplyDate)) errors.supplyDate = 'Enter the supply date as YYYY-MM-DD.';
  if (hasErrors(errors) || !entity) return { values, errors };

  const input: TaxQuoteInput = {
    supplier: { country: entity.country },
    customer: {
      country,
      ...(subdivision ? { subdivision } : {}),
      type: values.customerType as 'business' | 'consumer',
      ...(values.customerTaxId ? { taxId: values.customerTaxId } : {}),
      taxIdValidated: values.taxIdValidated === 'yes',
    },
    serviceCategory: values.serviceCategory as ServiceCategory,
    net: { amount: values.amount, currency },
    supplyDate: values.supplyDate,
  };
  return { values, errors, input };
}
