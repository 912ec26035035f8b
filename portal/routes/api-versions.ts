import express, { type Response } from 'express';
import { apiPolicyModels } from '../../services/core/models/api-policy.ts';
import { actorOf } from '../actions/actor.ts';
import { changeVersionLifecycle, changeVersionPolicy } from '../actions/change-api-versions.ts';
import { requirePlatformAdmin, requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import type { FormResult } from '../forms/fields.ts';
import { selectOptions } from '../forms/select-options.ts';
import { readVersionLifecycleForm, readVersionPolicyForm, VERSION_STATUSES } from '../forms/version-policy-form.ts';
import { setFlash } from '../flash.ts';
import { clientVersionUsage } from '../queries/api-usage.ts';
import { requestLog } from '../request-context.ts';

async function versions() {
  const rows = await apiPolicyModels().ApiVersionRecord.findAll({ order: [['version', 'DESC']] });
  return rows.map((row) => row.get({ plain: true }));
}

async function renderTenantVersions(res: Response, form?: Pick<FormResult<unknown>, 'values' | 'errors'>, status = 200): Promise<void> {
  const { tenant } = tenantContext(res);
  const all = await versions();
  const policy = await apiPolicyModels().TenantApiPolicy.findByPk(tenant.id);
  const values = form?.values ?? { pinnedVersion: policy?.pinnedVersion ?? '', forbiddenVersions: policy?.forbiddenVersions ?? [] };
  const forbidden = new Set(values.forbiddenVersions as string[]);
  res.status(status).render('api-versions/tenant', {
    title: `API versions · ${tenant.name}`,
    section: 'api-versions',
    versions: all,
    errors: form?.errors ?? {},
    pinOptions: [{ value: '', label: 'No pin: clients choose', selected: !values.pinnedVersion }, ...selectOptions(all.map((entry) => entry.version), values.pinnedVersion as string)],
    forbidOptions: all.map((entry) => ({ value: entry.version, checked: forbidden.has(entry.version) })),
    usage: await clientVersionUsage(tenant.id),
  });
}

// A tenant's view of the API versions: their lifecycle, its pinning and its clients' usage.
export function tenantApiVersionRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/api-versions', (_req, res) => renderTenantVersions(res));

  router.post('/api-versions', requireTenantAdmin, async (req, res) => {
    const { tenant } = tenantContext(res);
    const form = readVersionPolicyForm(req.body, await versions());
    if (!form.input) return renderTenantVersions(res, form, 400);
    await changeVersionPolicy(tenant, form.input, actorOf(req, res));
    requestLog(res).info({ ...form.input }, 'tenant version policy changed');
    setFlash(req, form.input.pinnedVersion ? `Clients are pinned to ${form.input.pinnedVersion}; the gateway applies it within a minute.` : 'Version policy saved; the gateway applies it within a minute.');
    res.redirect(303, `/tenants/${tenant.slug}/api-versions`);
  });

  return router;
}

// The platform's API versions, whose status and sunset date platform admins change.
export function platformApiVersionRoutes(): express.Router {
  const router = express.Router();

  router.get('/api-versions', async (req, res) => {
    const all = await versions();
    res.render('api-versions/platform', {
      title: 'API versions',
      versions: all.map((entry) => ({ ...entry, statuses: selectOptions([...VERSION_STATUSES], entry.status), sunsetDay: entry.sunsetAt?.toISOString().slice(0, 10) ?? '' })),
      canEdit: req.user!.platformAdmin,
    });
  });

  router.post('/api-versions/:version', requirePlatformAdmin, async (req, res) => {
    const version = String(req.params.version);
    const form = readVersionLifecycleForm(req.body);
    if (!form.input) {
      const all = await versions();
      res.status(400).render('api-versions/platform', {
        title: 'API versions',
        canEdit: true,
        versions: all.map((entry) => entry.version === version
          ? { ...entry, statuses: selectOptions([...VERSION_STATUSES], form.values.status as string), sunsetDay: form.values.sunsetAt, errors: form.errors }
          : { ...entry, statuses: selectOptions([...VERSION_STATUSES], entry.status), sunsetDay: entry.sunsetAt?.toISOString().slice(0, 10) ?? '' }),
      });
      return;
    }
    const changed = await changeVersionLifecycle(version, form.input, actorOf(req, res));
    if (!changed) {
      res.status(404).render('error', { title: 'Version not found', message: `There is no API version ${version}. Pick one from the list.` });
      return;
    }
    requestLog(res).info({ version, status: form.input.status }, 'API version lifecycle changed');
    setFlash(req, `API version ${version} is now ${form.input.status}. Gateways apply the change within a minute.`);
    res.redirect(303, '/api-versions');
  });

  return router;
}
