import { loadActiveRuleOverride, type StoredRuleOverride } from '../core/active-rule-override.ts';
import { remember, type DeliveryReads } from './flow.ts';

// The tenant's active rule override, read once per delivery: the legal entity and the tax steps
// both apply it, and both must see the same version within one delivery.
export function activeOverrideFor(reads: DeliveryReads): Promise<StoredRuleOverride | undefined> {
  return remember(reads, 'active-rule-override', () => loadActiveRuleOverride(reads.scope));
}
