import { checkTier } from './api-tiers.ts';
import { hasErrors, text, type FieldErrors, type FormResult } from './fields.ts';

// Commercial plans. A plan is a label for billing and support; the API tier sets the limits.
export const PLANS: Record<string, string> = {
  standard: 'Standard',
  professional: 'Professional',
  enterprise: 'Enterprise',
};

export interface TenantPlan {
  plan: string;
  apiTier: string;
}

export function readTenantPlanForm(body: unknown): FormResult<TenantPlan> {
  const values = { plan: text(body, 'plan'), apiTier: text(body, 'apiTier') };
  const errors: FieldErrors = {};
  if (!Object.hasOwn(PLANS, values.plan)) errors.plan = `Choose one of the plans: ${Object.keys(PLANS).join(', ')}.`;
  checkTier(errors, 'apiTier', values.apiTier);
  return { values, errors, input: hasErrors(errors) ? undefined : values };
}

// A suspension stops a tenant's API tokens and webhooks, so the operator states why.
export function readSuspensionForm(body: unknown): FormResult<{ reason: string }> {
  const values = { reason: text(body, 'reason') };
  const errors: FieldErrors = {};
  if (!values.reason) errors.reason = 'Enter why the tenant is suspended, for example "unpaid invoice 2026-11".';
  else if (values.reason.length > 500) errors.reason = `The reason is ${values.reason.length} characters long; the maximum is 500.`;
  return { values, errors, input: hasErrors(errors) ? undefined : values };
}
