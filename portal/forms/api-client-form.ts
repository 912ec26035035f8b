import { checkName, hasErrors, list, text, type FieldErrors, type FormResult } from './fields.ts';

// The scopes a partner API client may hold, in the order the form lists them.
export const API_SCOPES = ['customers:read', 'customers:write', 'contracts:read', 'contracts:write', 'runs:read'] as const;

export interface NewApiClient {
  name: string;
  scopes: string[];
}

export function readApiClientForm(body: unknown): FormResult<NewApiClient> {
  const name = text(body, 'name');
  const scopes = [...new Set(list(body, 'scopes'))];
  const errors: FieldErrors = {};

  checkName(errors, 'name', name, 100);
  const unknown = scopes.filter((scope) => !(API_SCOPES as readonly string[]).includes(scope));
  if (scopes.length === 0) errors.scopes = 'Choose at least one scope.';
  else if (unknown.length > 0) errors.scopes = `Unknown scope ${unknown.join(', ')}. Choose from the list.`;

  const values = { name, scopes };
  return { values, errors, input: hasErrors(errors) ? undefined : values };
}
