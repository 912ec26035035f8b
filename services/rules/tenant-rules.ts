import { DEFAULT_ENTITY_PACK } from './legal-entity.ts';
import { getPackRegistry, type PackRegistry } from './pack-registry.ts';
import type { TenantOverride } from './pack-types.ts';
import { applyTenantOverride } from './tenant-override.ts';

/** The packs one tenant's quotes and entity choices use, and the entity pack to name when choosing. */
export interface TenantRules {
  registry: PackRegistry;
  entityPack: string;
}

/**
 * Returns the shipped packs with the tenant's active override applied, or the shipped packs alone.
 * The override must be one that checkTenantOverride accepted when it was saved.
 */
export function rulesForTenant(active: { pack: unknown } | undefined): TenantRules {
  const base = getPackRegistry();
  if (active === undefined) return { registry: base, entityPack: DEFAULT_ENTITY_PACK };

  const override = active.pack as TenantOverride;
  return { registry: applyTenantOverride(base, override), entityPack: override.name };
}
