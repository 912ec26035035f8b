import { controlModels } from '../../services/core/models/control.ts';
import { fieldChanges } from '../audit/field-changes.ts';

// Control audit records, newest first, for one tenant or (tenantId null) for the whole platform.
export async function listAuditRecords(tenantId: string | null, page: { limit: number; offset: number }) {
  const { ControlAuditRecord, Tenant } = controlModels();
  const records = await ControlAuditRecord.findAll({
    where: tenantId ? { tenantId } : {},
    order: [['at', 'DESC'], ['id', 'DESC']],
    limit: page.limit,
    offset: page.offset,
  });
  const tenantIds = [...new Set(records.map((record) => record.tenantId).filter((id): id is string => id !== null))];
  const tenants = tenantIds.length > 0 ? await Tenant.findAll({ attributes: ['id', 'slug'], where: { id: tenantIds } }) : [];
  const slugs = new Map(tenants.map((tenant) => [tenant.id, tenant.slug]));

  return records.map((record) => ({
    at: record.at,
    actor: record.actor,
    action: record.action,
    objectType: record.objectType,
    objectId: record.objectId,
    tenantSlug: record.tenantId ? slugs.get(record.tenantId) ?? record.tenantId : null,
    requestId: record.requestId,
    changes: fieldChanges(record.before, record.after),
  }));
}
