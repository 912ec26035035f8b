import { SCOPES } from '../../services/gateway/auth/scopes.ts';
import { checkTier } from './api-tiers.ts';
import { checkName, hasErrors, list, text, type FieldErrors, type FormResult } from './fields.ts';

// The scopes a partner API client may hold are the ones the gateway enforces.
export const API_SCOPES = SCOPES;

export interface NewApiClient {
  name: string;
  scopes: string[];
  tier: string;
}

export function readApiClientForm(body: unknown): FormResult<NewApiClient> {
  const name = text(body, 'name');
  const scopes = [...new Set(list(body, 'scopes'))];
  const tier = text(body, 'tier');
  const errors: FieldErrors = {};

  checkName(errors, 'name', name, 100);
  const unknown = scopes.filter((scope) => !(API_SCOPES as readonly string[]).includes(scope));
  if (scopes.length === 0) errors.scopes = 'Choose at least one scope.';
  else if (unknown.length > 0) errors.scopes = `Unknown scope ${unknown.join(', ')}. Choose from the list.`;
  checkTier(errors, 'tier', tier);

  const values = { name, scopes, tier };
  return { values, errors, input: hasErrors(errors) ? undefined : values };
}
