import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { ContractExecutedData } from '../../../core/events.ts';
import { EVENT_SOURCE } from '../../../core/events.ts';
import { regionModels } from '../../../core/models/region.ts';
import { enqueueEvent } from '../../../core/outbox.ts';
import { problems } from '../../../core/problem.ts';
import type { ApiRequest } from '../route-table.ts';
import { recordWrite } from './audit.ts';
import type { ContractInput } from './contract-schemas.ts';
import type { ContractParts } from './contract-resource.ts';
import { API_SOURCE } from '../../../core/canonical.ts';

async function requireCustomer(request: ApiRequest, customerId: string, transaction: Transaction): Promise<void> {
  const { tenantId, region } = request.principal;
  const customer = await regionModels(region).Customer.findOne({ where: { id: customerId, tenantId }, attributes: ['id'], transaction });
  if (!customer) throw problems.validation([{ field: 'customerId', message: 'does not name a customer of this tenant' }]);
}

// Inserts the rate card, lines and milestones and returns the rows as stored (amounts in the
// column's scale), in the order a read of the contract lists them.
async function insertParts(request: ApiRequest, contractId: string, input: ContractInput, transaction: Transaction): Promise<Omit<ContractParts, 'contract'>> {
  const { tenantId, region } = request.principal;
  const models = regionModels(region);
  const owned = { tenantId, contractId };
  const stored = { transaction, returning: true };

  const rateCard = await models.RateCardEntry.bulkCreate(input.rateCard.map((entry) => ({ id: randomUUID(), ...owned, ...entry })), stored);
  const lines = await models.ContractLine.bulkCreate(input.lines.map((line, index) => ({
    id: randomUUID(),
    ...owned,
    lineNo: index + 1,
    description: line.description,
    billingType: line.billingType,
    role: line.role ?? null,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    amount: line.amount,
  })), stored);
  const milestones = await models.Milestone.bulkCreate(input.milestones.map((entry) => ({ id: randomUUID(), ...owned, ...entry, status: 'planned' as const })), stored);

  return {
    rateCard: rateCard.map((row) => row.get({ plain: true })).sort((a, b) => compareText(a.role, b.role)),
    lines: lines.map((row) => row.get({ plain: true })).sort((a, b) => a.lineNo - b.lineNo),
    milestones: milestones.map((row) => row.get({ plain: true })).sort((a, b) => compareText(a.dueDate, b.dueDate) || compareText(a.name, b.name)),
  };
}

// Orders text by code unit, as PostgreSQL's C and C.UTF-8 collations do below U+FFFF.
// NOTE: a database created with a language collation would list a later read in its own order.
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// The event that starts contract-to-project activation, written in the contract's transaction so
// it exists exactly when the executed contract does.
async function enqueueContractExecuted(request: ApiRequest, contractId: string, transaction: Transaction): Promise<string> {
  const { tenantId, region } = request.principal;
  const event = await enqueueEvent<ContractExecutedData>(transaction, {
    type: 'contract.executed',
    source: EVENT_SOURCE.gateway,
    subject: contractId,
    tenant: tenantId,
    region,
    ...(request.traceparent ? { traceparent: request.traceparent } : {}),
    data: { origin: 'api', contractId },
  });
  return event.id;
}

// Writes a contract with its rate card, lines and milestones, its audit record and, for an
// executed contract, its contract.executed event. Call inside withTenant; returns the rows as
// stored, so the response needs no second read.
export async function writeContract(request: ApiRequest, input: ContractInput, transaction: Transaction): Promise<ContractParts> {
  const { tenantId, region } = request.principal;
  await requireCustomer(request, input.customerId, transaction);

  const contractId = randomUUID();
  const executed = input.status === 'executed';
  const contract = await regionModels(region).Contract.create({
    id: contractId,
    tenantId,
    customerId: input.customerId,
    title: input.title,
    status: input.status,
    currency: input.currency,
    totalValue: input.totalValue,
    serviceCategory: input.serviceCategory,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    executedAt: executed ? new Date() : null,
    source: API_SOURCE,
    sourceRef: input.externalRef ?? null,
  }, { transaction, returning: true });
  const parts = await insertParts(request, contractId, input, transaction);
  await recordWrite(transaction, request, { operation: 'create', objectType: 'contract', objectId: contractId });

  if (executed) {
    const eventId = await enqueueContractExecuted(request, contractId, transaction);
    request.log.info({ tenantId, contractId, eventId }, 'contract.executed event written to the outbox');
  }
  return { contract: contract.get({ plain: true }), ...parts };
}
