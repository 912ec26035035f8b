import express, { type Response } from 'express';
import type { LegalEntityRow } from '../../services/core/models/region.ts';
import { actorOf } from '../actions/actor.ts';
import { changeLegalEntity } from '../actions/change-legal-entity.ts';
import { createLegalEntity } from '../actions/create-legal-entity.ts';
import { legalEntityOf, loadLegalEntity } from '../access/load-legal-entity.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { setFlash } from '../flash.ts';
import type { FormResult } from '../forms/fields.ts';
import { readLegalEntityForm } from '../forms/legal-entity-form.ts';
import { requestLog } from '../request-context.ts';

type Form = Pick<FormResult<unknown>, 'values' | 'errors'>;

function renderNewEntity(res: Response, form: Form, status = 200): void {
  res.status(status).render('entities/new', { title: 'New legal entity', section: 'entities', values: form.values, errors: form.errors });
}

function renderEditEntity(res: Response, entity: LegalEntityRow, form: Form, status = 200): void {
  res.status(status).render('entities/edit', { title: `Edit ${entity.code}`, section: 'entities', entity, values: form.values, errors: form.errors });
}

function formValues(entity: LegalEntityRow): Record<string, string> {
  return {
    code: entity.code,
    name: entity.name,
    country: entity.country,
    currency: entity.currency,
    taxId: entity.taxId ?? '',
    regionalHub: entity.regionalHub ? 'yes' : '',
    invoiceSeries: entity.invoiceSeries,
  };
}

// Creating and editing a tenant's legal entities, the firm's companies that activation runs choose
// to contract and bill each customer. Only tenant admins change them.
export function legalEntityRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });
  const entitiesPage = (res: Response) => `/tenants/${tenantContext(res).tenant.slug}/entities`;

  router.get('/legal-entities/new', requireTenantAdmin, (_req, res) => {
    renderNewEntity(res, { values: {}, errors: {} });
  });

  router.post('/legal-entities', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readLegalEntityForm(req.body);
    if (!form.input) return renderNewEntity(res, form, 400);

    const created = await createLegalEntity(tenant, form.input, actorOf(req, res));
    if (!created) {
      return renderNewEntity(res, { values: form.values, errors: { code: `This tenant already has a legal entity "${form.input.code}". Choose another code, or edit that entity.` } }, 409);
    }
    requestLog(res).info({ legalEntityId: created.id, code: created.code }, 'legal entity created');
    setFlash(req, `Legal entity ${created.code} created. Activation runs can now choose it.`);
    res.redirect(303, entitiesPage(res));
  });

  router.get('/legal-entities/:entityCode/edit', requireTenantAdmin, loadLegalEntity, (_req, res) => {
    const entity = legalEntityOf(res);
    renderEditEntity(res, entity, { values: formValues(entity), errors: {} });
  });

  router.post('/legal-entities/:entityCode', requireTenantAdmin, loadLegalEntity, async (req, res) => {
    const { tenant } = tenantContext(res);
    const entity = legalEntityOf(res);
    const form = readLegalEntityForm(req.body, entity.code);
    if (!form.input) return renderEditEntity(res, entity, form, 400);

    const { code, ...changes } = form.input;
    if (!(await changeLegalEntity(tenant, code, changes, actorOf(req, res)))) {
      res.status(404).render('error', { title: 'Legal entity not found', message: `Legal entity "${code}" no longer exists. Pick one on the Entities and rules tab.` });
      return;
    }
    requestLog(res).info({ legalEntityId: entity.id, code }, 'legal entity updated');
    setFlash(req, `Legal entity ${code} saved.`);
    res.redirect(303, entitiesPage(res));
  });

  return router;
}
