import type { Transaction } from 'sequelize';
import { regionModels, type ContractLineRow, type ContractRow, type MilestoneRow, type RateCardEntryRow } from '../../../core/models/region.ts';
import { externalRefOf } from './external-ref.ts';

// The API's shapes of a contract: a summary for lists, and the full contract with its rate card,
// lines and milestones. Money stays the decimal string the numeric column returns.

export function contractSummary(row: ContractRow) {
  return {
    id: row.id,
    customerId: row.customerId,
    title: row.title,
    status: row.status,
    currency: row.currency,
    totalValue: row.totalValue,
    serviceCategory: row.serviceCategory,
    startDate: row.startDate,
    endDate: row.endDate,
    executedAt: row.executedAt,
    source: row.source,
    externalRef: externalRefOf(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function rateCardResource(row: RateCardEntryRow) {
  return { role: row.role, unit: row.unit, rate: row.rate };
}

function lineResource(row: ContractLineRow) {
  return {
    lineNo: row.lineNo,
    description: row.description,
    billingType: row.billingType,
    role: row.role,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    amount: row.amount,
  };
}

function milestoneResource(row: MilestoneRow) {
  return { name: row.name, dueDate: row.dueDate, amount: row.amount, status: row.status };
}

export interface ContractParts {
  contract: ContractRow;
  rateCard: RateCardEntryRow[];
  lines: ContractLineRow[];
  milestones: MilestoneRow[];
}

// Loads one contract of the tenant with its rows of rate card, lines and milestones, or null.
// Every API version presents these same rows in its own shape. Call inside withTenant.
export async function loadContractParts(region: string, tenantId: string, id: string, transaction: Transaction): Promise<ContractParts | null> {
  const models = regionModels(region);
  const contract = await models.Contract.findOne({ where: { id, tenantId }, transaction });
  if (!contract) return null;

  const byContract = { where: { contractId: id, tenantId }, transaction };
  // One after another: the queries share the transaction's single connection.
  const rateCard = await models.RateCardEntry.findAll({ ...byContract, order: [['role', 'ASC']] });
  const lines = await models.ContractLine.findAll({ ...byContract, order: [['lineNo', 'ASC']] });
  const milestones = await models.Milestone.findAll({ ...byContract, order: [['dueDate', 'ASC'], ['name', 'ASC']] });

  return {
    contract: contract.get({ plain: true }),
    rateCard: rateCard.map((row) => row.get({ plain: true })),
    lines: lines.map((row) => row.get({ plain: true })),
    milestones: milestones.map((row) => row.get({ plain: true })),
  };
}

// Presents a contract's rows in the version 1 shape.
export function presentContract(parts: ContractParts) {
  return {
    ...contractSummary(parts.contract),
    rateCard: parts.rateCard.map(rateCardResource),
    lines: parts.lines.map(lineResource),
    milestones: parts.milestones.map(milestoneResource),
  };
}
