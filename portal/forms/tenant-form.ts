import { checkName, checkSlug, hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';

export interface NewTenant {
  slug: string;
  name: string;
  region: string;
}

export function readTenantForm(body: unknown, regions: string[]): FormResult<NewTenant> {
  const values = { slug: text(body, 'slug').toLowerCase(), name: text(body, 'name'), region: text(body, 'region') };
  const errors: FieldErrors = {};

  checkSlug(errors, 'slug', values.slug);
  // /tenants/new is the creation form, so a tenant with that slug could never be opened.
  if (values.slug === 'new') errors.slug = 'The slug "new" is reserved. Choose another slug.';
  checkName(errors, 'name', values.name, 200);
  if (!values.region) errors.region = 'Choose the region that will store this tenant\'s data.';
  else if (!regions.includes(values.region)) errors.region = `Region "${values.region}" is not configured. Choose one of ${regions.join(', ')}.`;

  return { values, errors, input: hasErrors(errors) ? undefined : values };
}
