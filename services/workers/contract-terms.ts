import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { CanonicalContract } from '../core/canonical.ts';
import { withDates, type Stamped } from '../core/json-rows.ts';
import { regionModels, type ContractLineRow, type ContractRow, type CustomerRow, type MilestoneRow, type RateCardEntryRow } from '../core/models/region.ts';
import { queryPrepared } from '../core/prepared.ts';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import { rememberRead, type DeliveryReads } from './flow.ts';

export interface ContractTerms {
  contract: ContractRow;
  customer: CustomerRow;
  lines: ContractLineRow[];
  rateCard: RateCardEntryRow[];
  milestones: MilestoneRow[];
}

export interface SourceRef {
  source: string;
  sourceRef: string;
}

// Stores a contract that arrived from a source system (the CLM) in canonical form, with its
// customer, lines, rate card and milestones. A second call for the same source reference returns
// the stored contract unchanged: amendments are a flow of their own, not an overwrite.
export async function saveSourceContract(scope: TenantScope, transaction: Transaction, canonical: CanonicalContract, ref: SourceRef): Promise<{ contractId: string; customerId: string }> {
  const { Customer, Contract } = regionModels(scope.region);
  const existing = await Contract.findOne({ where: { source: ref.source, sourceRef: ref.sourceRef }, transaction });
  if (existing) {
    const stored = existing.get({ plain: true });
    return { contractId: stored.id, customerId: stored.customerId };
  }

  const customerRef = canonical.customer.taxId ?? canonical.customer.name;
  const [customerModel] = await Customer.findOrCreate({
    where: { tenantId: scope.tenantId, source: ref.source, sourceRef: customerRef },
    defaults: {
      id: randomUUID(),
      tenantId: scope.tenantId,
      name: canonical.customer.name,
      country: canonical.customer.country,
      subdivision: canonical.customer.subdivision ?? null,
      customerType: canonical.customer.type,
      taxId: canonical.customer.taxId ?? null,
      taxIdValidated: canonical.customer.taxIdValidated,
      email: canonical.customer.email ?? null,
      source: ref.source,
      sourceRef: customerRef,
    },
    transaction,
  });
  const customer = customerModel.get({ plain: true });

  const contractId = randomUUID();
  await Contract.create({
    id: contractId,
    tenantId: scope.tenantId,
    customerId: customer.id,
    title: canonical.title,
    status: 'executed',
    currency: canonical.currency,
    totalValue: canonical.totalValue,
    serviceCategory: canonical.serviceCategory,
    startDate: canonical.startDate,
    endDate: canonical.endDate ?? null,
    executedAt: new Date(),
    source: ref.source,
    sourceRef: ref.sourceRef,
  }, { transaction });
  await saveTermsChildren(scope, transaction, contractId, canonical);
  return { contractId, customerId: customer.id };
}

async function saveTermsChildren(scope: TenantScope, transaction: Transaction, contractId: string, canonical: CanonicalContract): Promise<void> {
  const { RateCardEntry, ContractLine, Milestone } = regionModels(scope.region);
  const owner = { tenantId: scope.tenantId, contractId };
  await RateCardEntry.bulkCreate(canonical.rateCard.map((entry) => ({ id: randomUUID(), ...owner, ...entry })), { transaction });
  await ContractLine.bulkCreate(canonical.lines.map((line) => ({ id: randomUUID(), ...owner, ...line, role: line.role ?? null })), { transaction });
  await Milestone.bulkCreate(canonical.milestones.map((milestone) => ({ id: randomUUID(), ...owner, ...milestone })), { transaction });
}

export async function loadContractTerms(scope: TenantScope, contractId: string): Promise<ContractTerms | null> {
  return withTenant(scope, (transaction) => readContractTerms(transaction, contractId));
}

// A contract's terms as one JSON value: the contract's columns and its customer, lines, rate card
// and milestones, in the shape and order a model read gives them. Amounts go as text to keep the
// column's scale, as every other read returns them. One named statement takes the place of five
// reads, and the activation's set-up read carries the same subquery (activation-reads.ts).
const CONTRACT_JSON = `json_build_object('id', c.id, 'tenantId', c.tenant_id, 'customerId', c.customer_id, 'title', c.title,
  'status', c.status, 'currency', c.currency, 'totalValue', c.total_value::text, 'serviceCategory', c.service_category,
  'startDate', c.start_date, 'endDate', c.end_date, 'executedAt', c.executed_at, 'source', c.source, 'sourceRef', c.source_ref,
  'createdAt', c.created_at, 'updatedAt', c.updated_at)`;

const PARTS_JSON = `json_build_object(
  'customer', (SELECT json_build_object('id', id, 'tenantId', tenant_id, 'name', name, 'country', country, 'subdivision', subdivision,
     'customerType', customer_type, 'taxId', tax_id, 'taxIdValidated', tax_id_validated, 'email', email, 'source', source,
     'sourceRef', source_ref, 'createdAt', created_at, 'updatedAt', updated_at) FROM customers WHERE id = c.customer_id),
  'lines', (SELECT COALESCE(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'contractId', contract_id, 'lineNo', line_no,
     'description', description, 'billingType', billing_type, 'role', role, 'quantity', quantity::text, 'unitPrice', unit_price::text,
     'amount', amount::text) ORDER BY line_no), '[]') FROM contract_lines WHERE contract_id = c.id),
  'rateCard', (SELECT COALESCE(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'contractId', contract_id, 'role', role,
     'unit', unit, 'rate', rate::text) ORDER BY role), '[]') FROM rate_card_entries WHERE contract_id = c.id),
  'milestones', (SELECT COALESCE(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'contractId', contract_id, 'name', name,
     'dueDate', due_date, 'amount', amount::text, 'status', status) ORDER BY due_date, name), '[]') FROM milestones WHERE contract_id = c.id))`;

// The subquery that reads the terms of the contract whose id is in `placeholder` ($1, $2 and so on).
export function termsSubquery(placeholder: string): string {
  return `(SELECT json_build_object('contract', ${CONTRACT_JSON}, 'parts', ${PARTS_JSON}) FROM contracts AS c WHERE c.id = ${placeholder}::uuid)`;
}

type Parts = Omit<ContractTerms, 'contract' | 'customer'> & { customer: Stamped<CustomerRow, 'createdAt' | 'updatedAt'> | null };

export interface TermsJson {
  contract: Stamped<ContractRow, 'executedAt' | 'createdAt' | 'updatedAt'>;
  parts: Parts;
}

// Builds the terms from the subquery's JSON: null for a contract not found or without its customer.
export function termsFromJson(json: TermsJson | null): ContractTerms | null {
  if (!json?.parts.customer) return null;
  const { customer, lines, rateCard, milestones } = json.parts;
  return {
    contract: withDates<ContractRow, 'executedAt' | 'createdAt' | 'updatedAt'>(json.contract, ['executedAt', 'createdAt', 'updatedAt']),
    customer: withDates<CustomerRow, 'createdAt' | 'updatedAt'>(customer, ['createdAt', 'updatedAt']),
    lines,
    rateCard,
    milestones,
  };
}

const READ_TERMS = `SELECT ${termsSubquery('$1')} AS terms`;

async function readContractTerms(transaction: Transaction, contractId: string): Promise<ContractTerms | null> {
  const [row] = await queryPrepared<{ terms: TermsJson | null }>(transaction, READ_TERMS, [contractId]);
  return termsFromJson(row?.terms ?? null);
}

// The memo key of a contract's terms.
export function termsKey(contractId: string): string {
  return `terms:${contractId}`;
}

// The contract's terms, read once per delivery however many steps ask for them.
export function termsFor(reads: DeliveryReads, contractId: string, transaction?: Transaction): Promise<ContractTerms | null> {
  return rememberRead(reads, termsKey(contractId), (own) => readContractTerms(own, contractId), transaction);
}
