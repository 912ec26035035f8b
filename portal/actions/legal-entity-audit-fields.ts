import type { LegalEntityRow } from '../../services/core/models/region.ts';
import { pickFields } from '../audit/record-change.ts';

// The columns of a legal entity that its audit records show before and after a change.
const AUDITED_FIELDS = ['code', 'name', 'country', 'currency', 'taxId', 'regionalHub', 'invoiceSeries'] as const;

export function auditedLegalEntityFields(entity: LegalEntityRow): Record<string, unknown> {
  return pickFields(entity, AUDITED_FIELDS);
}
