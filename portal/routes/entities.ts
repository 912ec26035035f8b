import express, { type Response } from 'express';
import { regionModels, type LegalEntityRow } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { loadActiveRuleOverride } from '../../services/core/active-rule-override.ts';
import { listPacks, overrideLabel, quoteTaxWithPacks, RuleInputError, rulesForTenant, type TaxQuote } from '../../services/rules/index.ts';
import { listTenantOverrides } from '../../services/workers/tenant-rule-overrides.ts';
import { tenantContext } from '../access/tenant-access.ts';
import type { FormResult } from '../forms/fields.ts';
import { selectOptions } from '../forms/select-options.ts';
import { ENGINE_FIELDS, readTaxQuoteForm, SERVICE_CATEGORIES } from '../forms/tax-quote-form.ts';
import { pageRequest, paginate } from '../pagination.ts';
import { requestLog } from '../request-context.ts';

type Form = Pick<FormResult<unknown>, 'values' | 'errors'>;

async function legalEntities(res: Response): Promise<LegalEntityRow[]> {
  const { tenant } = tenantContext(res);
  const rows = await withTenant(scopeOf(tenant), (transaction) =>
    regionModels(tenant.region).LegalEntity.findAll({ order: [['code', 'ASC']], transaction }));
  return rows.map((row) => row.get({ plain: true }));
}

async function renderEntities(res: Response, query: unknown, form: Form, quote?: TaxQuote, status = 200): Promise<void> {
  const { tenant } = tenantContext(res);
  const entities = await legalEntities(res);
  const page = pageRequest(query);
  const packs = listPacks(rulesForTenant(await loadActiveRuleOverride(scopeOf(tenant))).registry);
  const { rows, pages } = paginate(packs.slice(page.offset, page.offset + page.limit), page, `/tenants/${tenant.slug}/entities`);
  const overrides = (await listTenantOverrides(scopeOf(tenant))).slice(0, 10).map((override) => ({
    label: overrideLabel(override), status: override.status, createdBy: override.createdBy, createdAt: override.createdAt, promotedAt: override.promotedAt,
  }));
  const chosen = (field: string) => form.values[field] as string | undefined;

  res.status(status).render('entities/show', {
    title: `Entities and rules · ${tenant.name}`,
    section: 'entities',
    entities,
    packs: rows,
    pages,
    overrides,
    form,
    quote,
    entityOptions: selectOptions(Object.fromEntries(entities.map((entity) => [entity.code, `${entity.code}: ${entity.name} (${entity.country})`])), chosen('entity')),
    customerTypes: selectOptions({ business: 'Business', consumer: 'Consumer' }, chosen('customerType')),
    categories: selectOptions(SERVICE_CATEGORIES, chosen('serviceCategory')),
  });
}

// The tenant's legal entities, its rule overrides, the pack versions it quotes with and a tax
// quote tryout. The
// tryout only computes; it changes nothing, so viewers may use it too.
export function entityRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });
  const blankQuote = () => ({
    values: { customerType: 'business', serviceCategory: 'consulting', currency: 'EUR', supplyDate: new Date().toISOString().slice(0, 10) },
    errors: {},
  });

  router.get('/entities', async (req, res) => renderEntities(res, req.query, blankQuote()));

  router.post('/entities/quote', async (req, res) => {
    const form = readTaxQuoteForm(req.body, await legalEntities(res));
    if (!form.input) return renderEntities(res, {}, form, undefined, 400);
    try {
      // The tenant's active override applies, as it does in activation runs and the tax API.
      const { registry } = rulesForTenant(await loadActiveRuleOverride(scopeOf(tenantContext(res).tenant)));
      const quote = quoteTaxWithPacks(registry, form.input);
      requestLog(res).info({ treatment: quote.treatment, pack: quote.trail.pack }, 'tax quote tried');
      await renderEntities(res, {}, form, quote);
    } catch (error) {
      if (!(error instanceof RuleInputError)) throw error;
      const field = ENGINE_FIELDS[error.field] ?? 'customerCountry';
      await renderEntities(res, {}, { values: form.values, errors: { [field]: error.message } }, undefined, 400);
    }
  });

  return router;
}
