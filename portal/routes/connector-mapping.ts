import { readFileSync } from 'node:fs';
import express, { type Response } from 'express';
import type { ConnectorSummary } from '../../services/core/connector-registry.ts';
import { evaluateMapping, listMappingVersions, MappingExpressionError, saveMappingVersion } from '../../services/core/connector-mappings.ts';
import { actorOf } from '../actions/actor.ts';
import { connectorOf, loadConnector } from '../access/load-connector.ts';
import { canManageTenant } from '../access/roles.ts';
import { tenantContext } from '../access/tenant-access.ts';
import { recordChange } from '../audit/record-change.ts';
import type { FormResult } from '../forms/fields.ts';
import { readMappingForm } from '../forms/mapping-form.ts';
import { setFlash } from '../flash.ts';
import { requestLog } from '../request-context.ts';

// A starting point per driver, so an empty editor shows what a mapping looks like.
const STARTERS: Record<string, { expression: string; sample: () => string }> = {
  ironclad: {
    expression: '{\n  "customerName": attributes.counterpartyName,\n  "country": attributes.counterpartyCountry,\n  "amount": attributes.contractValue.amount,\n  "currency": attributes.contractValue.currency\n}',
    sample: () => readFileSync(new URL('../../deploy/local/examples/contract-workflow.json', import.meta.url), 'utf8').trim(),
  },
};

type Form = Pick<FormResult<unknown>, 'values' | 'errors'>;

async function renderMapping(res: Response, connector: ConnectorSummary, form?: Form, preview?: string, status = 200): Promise<void> {
  const { tenant } = tenantContext(res);
  const versions = await listMappingVersions(tenant.id, connector.id);
  const starter = STARTERS[connector.driver];
  const values = form?.values ?? {
    expression: versions[0]?.expression ?? starter?.expression ?? '',
    sample: versions[0]?.sample ?? starter?.sample() ?? '{}',
  };
  res.status(status).render('connectors/mapping', {
    title: `Mapping · ${connector.name}`,
    section: 'overview',
    connector,
    values,
    errors: form?.errors ?? {},
    preview,
    versions,
    current: versions[0]?.version,
  });
}

// The mapping editor of a connector: members read it and preview it on a sample payload; tenant
// admins save a new version.
export function connectorMappingRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/connectors/:connectorSlug/mapping', loadConnector, (_req, res) => renderMapping(res, connectorOf(res)));

  router.post('/connectors/:connectorSlug/mapping', loadConnector, async (req, res) => {
    const { tenant, role } = tenantContext(res);
    const connector = connectorOf(res);
    const save = (req.body as Record<string, unknown>).mode === 'save';
    if (save && !canManageTenant(role)) {
      res.status(403).render('error', { title: 'Read-only access', message: 'Your role in this tenant is viewer, so you can preview a mapping but not save it. Ask a tenant admin.' });
      return;
    }
    const form = readMappingForm(req.body);
    if (!form.input) return renderMapping(res, connector, form, undefined, 400);

    let preview: string;
    try {
      preview = JSON.stringify(await evaluateMapping(form.input.expression, form.input.payload ?? {}), null, 2) ?? 'undefined (the expression matched nothing in the sample)';
    } catch (error) {
      if (!(error instanceof MappingExpressionError)) throw error;
      return renderMapping(res, connector, { values: form.values, errors: { expression: error.message } }, undefined, 400);
    }
    if (!save) return renderMapping(res, connector, form, preview);

    const actor = actorOf(req, res);
    const version = await saveMappingVersion(tenant.id, connector.id, form.input.expression, form.input.sample || null, actor.email);
    await recordChange(actor, { action: 'connector.mapping', objectType: 'connector', objectId: connector.id, tenantId: tenant.id, before: { version: version - 1 }, after: { version, expression: form.input.expression } });
    requestLog(res).info({ connectorId: connector.id, version }, 'connector mapping saved');
    setFlash(req, `Mapping version ${version} saved.`);
    res.redirect(303, `/tenants/${tenant.slug}/connectors/${connector.slug}/mapping`);
  });

  return router;
}
