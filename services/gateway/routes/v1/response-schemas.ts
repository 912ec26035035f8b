import { arraySchema, dateSchema, dateTimeSchema, enumSchema, nullable, objectSchema, pageSchema, textSchema, uuidSchema } from '../../openapi/schema-parts.ts';

// Response bodies of version 1, as published in its OpenAPI document and checked on every
// response. Money is a decimal string in the contract's currency.

const amount = textSchema(20, { format: 'amount' });
const quantity = textSchema(20, { format: 'quantity' });

export const customerSchema = objectSchema({
  id: uuidSchema,
  name: textSchema(200),
  country: textSchema(2, { format: 'country' }),
  subdivision: nullable(textSchema(3)),
  type: enumSchema(['business', 'consumer']),
  taxId: nullable(textSchema(50)),
  taxIdValidated: { type: 'boolean' },
  email: nullable(textSchema(254, { format: 'email' })),
  source: textSchema(50),
  createdAt: dateTimeSchema,
  updatedAt: dateTimeSchema,
});

export const customerPageSchema = pageSchema(customerSchema);

// The contract fields both versions share, with no money in them.
export const contractHeaderProperties = {
  id: uuidSchema,
  customerId: uuidSchema,
  title: textSchema(300),
  status: enumSchema(['draft', 'executed', 'active', 'terminated']),
  serviceCategory: textSchema(50),
  startDate: dateSchema,
  endDate: nullable(dateSchema),
  executedAt: nullable(dateTimeSchema),
  source: textSchema(50),
  externalRef: nullable(textSchema(200, { description: 'The externalRef the client sent when it created the contract, or null.' })),
  createdAt: dateTimeSchema,
  updatedAt: dateTimeSchema,
};

export const contractSummarySchema = objectSchema({
  ...contractHeaderProperties,
  currency: textSchema(3, { format: 'currency' }),
  totalValue: amount,
});

export const contractSchema = objectSchema({
  ...contractSummarySchema.properties as Record<string, Record<string, unknown>>,
  rateCard: arraySchema(objectSchema({ role: textSchema(100), unit: enumSchema(['hour', 'day']), rate: amount }), 100),
  lines: arraySchema(objectSchema({
    lineNo: { type: 'integer', format: 'int32', minimum: 1, maximum: 500 },
    description: textSchema(1000),
    billingType: enumSchema(['fixed-fee', 'time-and-materials', 'subscription']),
    role: nullable(textSchema(100)),
    quantity,
    unitPrice: amount,
    amount,
  }), 500),
  milestones: arraySchema(objectSchema({ name: textSchema(200), dueDate: dateSchema, amount, status: enumSchema(['planned', 'completed', 'invoiced']) }), 200),
});

export const contractPageSchema = pageSchema(contractSummarySchema);

const runProperties = {
  id: uuidSchema,
  flow: textSchema(100),
  flowVersion: { type: 'integer', format: 'int32', minimum: 1, maximum: 10_000 },
  status: enumSchema(['running', 'completed', 'failed']),
  contractId: nullable(uuidSchema),
  error: nullable(textSchema(10_000)),
  startedAt: dateTimeSchema,
  finishedAt: nullable(dateTimeSchema),
};

export const runSummarySchema = objectSchema(runProperties);

export const runSchema = objectSchema({
  ...runProperties,
  steps: arraySchema(objectSchema({
    position: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000 },
    name: textSchema(100),
    status: enumSchema(['pending', 'running', 'done', 'failed', 'compensated']),
    attempts: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
    lastError: nullable(textSchema(10_000)),
    startedAt: nullable(dateTimeSchema),
    finishedAt: nullable(dateTimeSchema),
  }), 1000),
});

export const runPageSchema = pageSchema(runSummarySchema);
