import type { RequestHandler, Response } from 'express';
import { regionModels, type LegalEntityRow } from '../../services/core/models/region.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { ENTITY_CODE_PATTERN } from '../forms/legal-entity-form.ts';
import { tenantContext } from './tenant-access.ts';

// Loads the tenant's legal entity named by :entityCode into res.locals.legalEntity, or responds 404.
export const loadLegalEntity: RequestHandler = async (req, res, next) => {
  const { tenant } = tenantContext(res);
  const code = String(req.params.entityCode);
  const row = ENTITY_CODE_PATTERN.test(code)
    ? await withTenant(scopeOf(tenant), (transaction) => regionModels(tenant.region).LegalEntity.findOne({ where: { tenantId: tenant.id, code }, transaction }))
    : null;
  if (!row) {
    res.status(404).render('error', { title: 'Legal entity not found', message: `Tenant ${tenant.name} has no legal entity "${code}". Pick one on the Entities and rules tab.` });
    return;
  }
  res.locals.legalEntity = row.get({ plain: true });
  next();
};

export const legalEntityOf = (res: Response) => res.locals.legalEntity as LegalEntityRow;
