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
import { API_SOURCE } from './external-ref.ts';

async function requireCustomer(request: ApiRequest, customerId: string, transaction: Transaction): Promise<void> {
  const { tenantId, region } = request.principal;
  const customer = await regionModels(region).Customer.findOne({ where: { id: customerId, tenantId }, attributes: ['id'], transaction });
  if (!customer) throw problems.validation([{ field: 'customerId', message: 'does not name a customer of this tenant' }]);
}

async function insertParts(request: ApiRequest, contractId: string, input: ContractInput, transaction: Transaction): Promise<void> {
  const { tenantId, region } = request.principal;
  const models = regionModels(region);
  const owned = { tenantId, contractId };

  await models.RateCardEntry.bulkCreate(input.rateCard.map((entry) => ({ id: randomUUID(), ...owned, ...entry })), { transaction });
  await models.ContractLine.bulkCreate(input.lines.map((line, index) => ({
    id: randomUUID(),
    ...owned,
    lineNo: index + 1,
    description: line.description,
    billingType: line.billingType,
    role: line.role ?? null,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    amount: line.amount,
  })), { transaction });
  await models.Milestone.bulkCreate(input.milestones.map((entry) => ({ id: randomUUID(), ...owned, ...entry, status: 'planned' as const })), { transaction });
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
// executed contract, its contract.executed event. Call inside withTenant; returns the new id.
export async function writeContract(request: ApiRequest, input: ContractInput, transaction: Transaction): Promise<string> {
  const { tenantId, region } = request.principal;
  await requireCustomer(request, input.customerId, transaction);

  const contractId = randomUUID();
  const executed = input.status === 'executed';
  await regionModels(region).Contract.create({
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
  }, { transaction });
  await insertParts(request, contractId, input, transaction);
  await recordWrite(transaction, request, { operation: 'create', objectType: 'contract', objectId: contractId });

  if (executed) {
    const eventId = await enqueueContractExecuted(request, contractId, transaction);
    request.log.info({ tenantId, contractId, eventId }, 'contract.executed event written to the outbox');
  }
  return contractId;
}
