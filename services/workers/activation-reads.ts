import type { Transaction } from 'sequelize';
import type { StoredRuleOverride } from '../core/active-rule-override.ts';
import { withDates, type Stamped } from '../core/json-rows.ts';
import type { ConnectorRow, ExternalRefRow, LegalEntityRow } from '../core/models/region.ts';
import { queryPrepared } from '../core/prepared.ts';
import { ACTIVE_CONNECTORS } from './connector-clients.ts';
import { rememberValue, type DeliveryReads } from './flow.ts';
import { termsFromJson, termsKey, termsSubquery, type TermsJson } from './contract-terms.ts';
import { externalRefKey } from './lineage.ts';
import { ACTIVE_RULE_OVERRIDE, LEGAL_ENTITIES } from './rule-inputs.ts';

// The tenant's set-up that every activation reads (active connectors, rule override, legal
// entities) and, for a contract given, its terms and its customer's ERP link, in one statement
// instead of five.
// Each value goes into the delivery's memo under the key its own reader uses, in the same shape:
// rows as plain objects with camelCase fields, in the same order. Row-level security limits every
// table to the tenant.

interface SetupRow {
  connectors: Stamped<ConnectorRow, 'createdAt' | 'updatedAt'>[];
  ruleOverride: StoredRuleOverride | null;
  legalEntities: Stamped<LegalEntityRow, 'createdAt'>[];
  customerId: string | null;
  customerErpRef: Stamped<ExternalRefRow, 'createdAt'> | null;
  terms: TermsJson | null;
}

const READ_SETUP = `
  WITH customer AS (SELECT customer_id AS id FROM contracts WHERE id = $2::uuid)
  SELECT
    (SELECT coalesce(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'slug', slug, 'kind', kind, 'driver', driver,
       'name', name, 'baseUrl', base_url, 'authKind', auth_kind, 'credentialsEncrypted', credentials_encrypted,
       'webhookKeyEncrypted', webhook_key_encrypted, 'settings', settings, 'status', status, 'createdAt', created_at,
       'updatedAt', updated_at) ORDER BY created_at, id), '[]')
     FROM connectors WHERE status = 'active') AS connectors,
    (SELECT json_build_object('id', id, 'name', name, 'version', version, 'pack', pack)
     FROM tenant_rule_overrides WHERE tenant_id = $1::uuid AND status = 'active' LIMIT 1) AS "ruleOverride",
    (SELECT coalesce(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'code', code, 'name', name, 'country', country,
       'currency', currency, 'taxId', tax_id, 'regionalHub', regional_hub, 'invoiceSeries', invoice_series,
       'createdAt', created_at) ORDER BY code), '[]')
     FROM legal_entities) AS "legalEntities",
    (SELECT id FROM customer) AS "customerId",
    (SELECT json_build_object('id', ref.id, 'tenantId', ref.tenant_id, 'contractId', ref.contract_id, 'objectType', ref.object_type,
       'objectId', ref.object_id, 'system', ref.system, 'connectorId', ref.connector_id, 'externalId', ref.external_id,
       'externalUrl', ref.external_url, 'runId', ref.run_id, 'stepName', ref.step_name, 'createdAt', ref.created_at)
     FROM external_refs AS ref JOIN customer ON ref.object_id = customer.id
     WHERE ref.object_type = 'customer' AND ref.system = 'erp' LIMIT 1) AS "customerErpRef",
    ${termsSubquery('$2')} AS terms`;

// Reads the set-up in the caller's transaction (the one that claims the run) and remembers it for
// the delivery. contractId, when given, also names whose terms and customer's ERP link to read.
export async function prefetchTenantSetup(reads: DeliveryReads, transaction: Transaction, contractId?: string): Promise<void> {
  const [row] = await queryPrepared<SetupRow>(transaction, READ_SETUP, [reads.scope.tenantId, contractId ?? null]);
  if (!row) throw new Error(`The set-up read of tenant ${reads.scope.tenantId} returned no row.`);

  rememberValue(reads, ACTIVE_CONNECTORS, row.connectors.map((connector) => withDates<ConnectorRow, 'createdAt' | 'updatedAt'>(connector, ['createdAt', 'updatedAt'])));
  rememberValue(reads, ACTIVE_RULE_OVERRIDE, row.ruleOverride ?? undefined);
  rememberValue(reads, LEGAL_ENTITIES, row.legalEntities.map((entity) => withDates<LegalEntityRow, 'createdAt'>(entity, ['createdAt'])));
  if (contractId) rememberValue(reads, termsKey(contractId), termsFromJson(row.terms));
  if (row.customerId) {
    const link = row.customerErpRef ? withDates<ExternalRefRow, 'createdAt'>(row.customerErpRef, ['createdAt']) : null;
    rememberValue(reads, externalRefKey('customer', row.customerId, 'erp'), link);
  }
}
