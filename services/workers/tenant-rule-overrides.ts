import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { rootLogger } from '../core/logger.ts';
import { regionModels, type TenantRuleOverrideRow } from '../core/models/region.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import {
  checkGoldenCases, checkTenantOverride, evaluateGoldenCases, getPackRegistry,
  type FirmLegalEntity, type GoldenCase, type GoldenCaseResult, type TenantOverride,
} from '../rules/index.ts';
import { TenantOverrideError } from './tenant-override-error.ts';

// Saves a tenant's rule overrides as drafts and promotes a draft only when every golden case
// passes against the shipped packs plus that draft. The version it replaces becomes superseded.

const log = rootLogger().child({ component: 'tenant-rule-overrides' });

function versionParts(version: string): number[] {
  return version.split('.').map(Number);
}

function isNewer(candidate: string, than: string): boolean {
  const [a, b] = [versionParts(candidate), versionParts(than)];
  for (let i = 0; i < 3; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

function checkDraft(pack: unknown, goldenCases: unknown): void {
  const packProblems = checkTenantOverride(getPackRegistry(), pack).map((problem) => ({ path: `pack${problem.path.slice(1)}`, message: problem.message }));
  const problems = [...packProblems, ...checkGoldenCases(goldenCases)];
  if (problems.length > 0) throw new TenantOverrideError(problems);
}

/** Checks and stores a new draft version of the tenant's override; its version must be above every stored one. */
export async function saveOverrideDraft(scope: TenantScope, draft: { pack: unknown; goldenCases: unknown; createdBy?: string }): Promise<TenantRuleOverrideRow> {
  checkDraft(draft.pack, draft.goldenCases);
  const pack = draft.pack as TenantOverride;

  const row = await withTenant(scope, async (transaction) => {
    const { TenantRuleOverride } = regionModels(scope.region);
    const stored = await TenantRuleOverride.findAll({ where: { tenantId: scope.tenantId }, attributes: ['version'], transaction });
    const highest = stored.map((entry) => entry.get('version') as string).reduce((max, version) => (isNewer(version, max) ? version : max), '0.0.0');
    if (stored.length > 0 && !isNewer(pack.version, highest)) {
      throw new TenantOverrideError([{ path: 'pack.version', message: `${pack.version} is not above the latest stored version ${highest}; raise it` }]);
    }
    const created = await TenantRuleOverride.create({
      id: randomUUID(), tenantId: scope.tenantId, name: pack.name, version: pack.version, pack, goldenCases: draft.goldenCases, createdBy: draft.createdBy ?? null,
    }, { transaction });
    return created.get({ plain: true });
  });

  log.info({ tenantId: scope.tenantId, overrideId: row.id, version: row.version }, 'rule override draft saved');
  return row;
}

async function tenantEntities(scope: TenantScope, transaction: Transaction): Promise<FirmLegalEntity[]> {
  const rows = await regionModels(scope.region).LegalEntity.findAll({ where: { tenantId: scope.tenantId }, order: [['code', 'ASC']], transaction });
  return rows.map((row) => row.get({ plain: true }));
}

// The shipped packs may have changed since the draft was saved, so it is checked again first.
function runGoldenCases(draft: TenantRuleOverrideRow, entities: FirmLegalEntity[]): GoldenCaseResult[] {
  const problems = checkTenantOverride(getPackRegistry(), draft.pack);
  if (problems.length > 0) return [{ name: '(override check)', passed: false, failures: problems.map((problem) => `${problem.path}: ${problem.message}`) }];
  return evaluateGoldenCases(getPackRegistry(), draft.pack as TenantOverride, entities, draft.goldenCases as GoldenCase[]);
}

export interface PromotionResult {
  promoted: boolean;
  override: TenantRuleOverrideRow;
  results: GoldenCaseResult[];
}

/** Runs a draft's golden cases, stores the results and, only when all pass, makes it the tenant's active override. */
export async function promoteOverride(scope: TenantScope, overrideId: string): Promise<PromotionResult> {
  const result = await withTenant(scope, async (transaction) => {
    const { TenantRuleOverride } = regionModels(scope.region);
    const row = await TenantRuleOverride.findOne({ where: { id: overrideId, tenantId: scope.tenantId }, lock: transaction.LOCK.UPDATE, transaction });
    if (row === null) throw new TenantOverrideError([{ path: 'overrideId', message: `no override ${overrideId} for this tenant` }]);
    const draft = row.get({ plain: true });
    if (draft.status !== 'draft') throw new TenantOverrideError([{ path: 'overrideId', message: `override ${draft.version} is ${draft.status}; only a draft can be promoted` }]);

    const results = runGoldenCases(draft, await tenantEntities(scope, transaction));
    const promoted = results.every((entry) => entry.passed);
    const now = new Date();
    if (promoted) {
      await TenantRuleOverride.update({ status: 'superseded', supersededAt: now }, { where: { tenantId: scope.tenantId, status: 'active' }, transaction });
    }
    await row.update({ goldenResults: results, evaluatedAt: now, ...(promoted ? { status: 'active', promotedAt: now } : {}) }, { transaction });
    return { promoted, override: row.get({ plain: true }), results };
  });

  const failed = result.results.filter((entry) => !entry.passed).map((entry) => entry.name);
  log.info({ tenantId: scope.tenantId, overrideId, version: result.override.version, promoted: result.promoted, failed }, 'rule override golden cases evaluated');
  return result;
}

/** Lists the tenant's overrides, newest version first, with their status and last golden-case results. */
export async function listTenantOverrides(scope: TenantScope): Promise<TenantRuleOverrideRow[]> {
  const rows = await withTenant(scope, (transaction) =>
    regionModels(scope.region).TenantRuleOverride.findAll({ where: { tenantId: scope.tenantId }, order: [['createdAt', 'DESC']], transaction }));
  return rows.map((row) => row.get({ plain: true }));
}
