import type { Transaction } from 'sequelize';
import { loadActiveRuleOverride, type StoredRuleOverride } from '../core/active-rule-override.ts';
import { regionModels, type LegalEntityRow } from '../core/models/region.ts';
import { rememberRead, type DeliveryReads } from './flow.ts';

// What the rule packs need from the tenant, read once per delivery: the legal entity and the tax
// steps both apply the active override, and both must see the same version within one delivery.

// The delivery memo's keys for the active rule override and the legal entities.
export const ACTIVE_RULE_OVERRIDE = 'active-rule-override';
export const LEGAL_ENTITIES = 'legal-entities';

export function activeOverrideFor(reads: DeliveryReads, transaction?: Transaction): Promise<StoredRuleOverride | undefined> {
  return rememberRead(reads, ACTIVE_RULE_OVERRIDE, (own) => loadActiveRuleOverride(reads.scope, own), transaction);
}

// The firm's legal entities, by code.
export function legalEntitiesFor(reads: DeliveryReads, transaction?: Transaction): Promise<LegalEntityRow[]> {
  return rememberRead(reads, LEGAL_ENTITIES, async (own) =>
    (await regionModels(reads.scope.region).LegalEntity.findAll({ order: [['code', 'ASC']], transaction: own })).map((row) => row.get({ plain: true })), transaction);
}
