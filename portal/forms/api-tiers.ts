import { config } from '../../services/core/config.ts';

// The API tiers the gateway enforces (GATEWAY_RATE_TIERS), with their limits for the form hints.
export function apiTierNames(): string[] {
  return Object.keys(config().gateway.rateTiers);
}

export function apiTierLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, limits] of Object.entries(config().gateway.rateTiers)) {
    labels[name] = `${name} (${limits.perMinute} requests a minute, ${limits.perDay} a day)`;
  }
  return labels;
}

export function checkTier(errors: Record<string, string>, field: string, value: string): void {
  const names = apiTierNames();
  if (!value) errors[field] = 'Choose an API tier.';
  else if (!names.includes(value)) errors[field] = `API tier "${value}" does not exist. Choose one of ${names.join(', ')}.`;
}
