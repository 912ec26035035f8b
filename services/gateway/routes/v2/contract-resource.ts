import type { ContractRow } from '../../../core/models/region.ts';
import { arraySchema, enumSchema, nullable, objectSchema, pageSchema, textSchema, uuidSchema } from '../../openapi/schema-parts.ts';
import type { ContractParts } from '../v1/contract-resource.ts';
import { contractHeaderProperties } from '../v1/response-schemas.ts';
import { money, moneyResponseSchema } from './money.ts';
import { externalRefOf } from '../v1/external-ref.ts';

// The version 2 shapes of a contract, read from the same rows as version 1. Rate card entries
// carry their ids, and a line points at the entry it bills by. A version 1 line whose free-text
// role matches no rate card entry shows a null rateCardEntryId here.

export function contractSummaryV2(row: ContractRow) {
  return {
    id: row.id,
    customerId: row.customerId,
    title: row.title,
    status: row.status,
    total: money(row.totalValue, row.currency),
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

export function contractV2(parts: ContractParts) {
  const { currency } = parts.contract;
  const entryIdByRole = new Map(parts.rateCard.map((entry) => [entry.role, entry.id]));
  return {
    ...contractSummaryV2(parts.contract),
    rateCard: parts.rateCard.map((entry) => ({ id: entry.id, role: entry.role, unit: entry.unit, rate: money(entry.rate, currency) })),
    lines: parts.lines.map((line) => ({
      lineNo: line.lineNo,
      description: line.description,
      billingType: line.billingType,
      rateCardRole: line.role,
      rateCardEntryId: line.role === null ? null : (entryIdByRole.get(line.role) ?? null),
      quantity: line.quantity,
      unitPrice: money(line.unitPrice, currency),
      amount: money(line.amount, currency),
    })),
    milestones: parts.milestones.map((entry) => ({ name: entry.name, dueDate: entry.dueDate, amount: money(entry.amount, currency), status: entry.status })),
  };
}

export const contractSummarySchemaV2 = objectSchema({ ...contractHeaderProperties, total: moneyResponseSchema });

export const contractSchemaV2 = objectSchema({
  ...contractHeaderProperties,
  total: moneyResponseSchema,
  rateCard: arraySchema(objectSchema({ id: uuidSchema, role: textSchema(100), unit: enumSchema(['hour', 'day']), rate: moneyResponseSchema }), 100),
  lines: arraySchema(objectSchema({
    lineNo: { type: 'integer', format: 'int32', minimum: 1, maximum: 500 },
    description: textSchema(1000),
    billingType: enumSchema(['fixed-fee', 'time-and-materials', 'subscription']),
    rateCardRole: nullable(textSchema(100)),
    rateCardEntryId: nullable(uuidSchema),
    quantity: textSchema(20, { format: 'quantity' }),
    unitPrice: moneyResponseSchema,
    amount: moneyResponseSchema,
  }), 500),
  milestones: arraySchema(objectSchema({ name: textSchema(200), dueDate: textSchema(10, { format: 'date' }), amount: moneyResponseSchema, status: enumSchema(['planned', 'completed', 'invoiced']) }), 200),
});

export const contractPageSchemaV2 = pageSchema(contractSummarySchemaV2);
