import type { Transaction } from 'sequelize';
import { controlModels } from '../../services/core/models/control.ts';
import type { Actor } from '../actions/actor.ts';

// One admin change as the control audit log stores it. Region-side changes, such as a connector
// edit, are recorded here as well with their tenant id, so one log answers "who changed what".
export interface AdminChange {
  /** Dotted verb such as "tenant.suspend" or "connector.update". */
  action: string;
  objectType: string;
  objectId: string;
  tenantId: string | null;
  /** The fields the change touched as they were before; null for a creation. */
  before: Record<string, unknown> | null;
  /** The same fields after the change; null for a deletion. */
  after: Record<string, unknown> | null;
}

// Writes the audit record, inside the caller's control-database transaction when one is given,
// so the change and its record commit together. Secrets never belong in before or after.
export async function recordChange(actor: Actor, change: AdminChange, transaction?: Transaction): Promise<void> {
  await controlModels().ControlAuditRecord.create({
    actor: actor.email,
    action: change.action,
    objectType: change.objectType,
    objectId: change.objectId,
    tenantId: change.tenantId,
    before: change.before,
    after: change.after,
    requestId: actor.requestId,
  }, { transaction });
}

// Keeps only the named fields of a row, for the before and after of an audit record.
export function pickFields<T extends object>(row: T, fields: readonly (keyof T)[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) picked[String(field)] = row[field];
  return picked;
}
