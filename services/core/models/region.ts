import { DataTypes, Model, type ModelAttributes, type ModelStatic, type Optional } from 'sequelize';
import { regionDatabase } from '../database.ts';

// Models of a region database: all tenant business data. Each region is its own database, so the
// model classes are defined once per region's Sequelize instance. Money columns are numeric and
// come back as decimal strings; never turn them into floats.

export interface ConnectorRow {
  id: string;
  tenantId: string;
  slug: string;
  kind: 'clm' | 'erp' | 'crm' | 'psa' | 'other';
  driver: string;
  name: string;
  baseUrl: string;
  authKind: 'api-token' | 'basic' | 'oauth-client-credentials';
  credentialsEncrypted: string;
  webhookKeyEncrypted: string | null;
  /** Driver settings that are not secret, such as generic REST operations. Credentials never go here. */
  settings: Record<string, unknown>;
  status: 'active' | 'disabled';
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerRow {
  id: string;
  tenantId: string;
  name: string;
  country: string;
  subdivision: string | null;
  customerType: 'business' | 'consumer';
  taxId: string | null;
  taxIdValidated: boolean;
  email: string | null;
  source: string;
  sourceRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LegalEntityRow {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  country: string;
  currency: string;
  taxId: string | null;
  regionalHub: boolean;
  invoiceSeries: string;
  createdAt: Date;
}

export interface ContractRow {
  id: string;
  tenantId: string;
  customerId: string;
  title: string;
  status: 'draft' | 'executed' | 'active' | 'terminated';
  currency: string;
  totalValue: string;
  serviceCategory: string;
  startDate: string;
  endDate: string | null;
  executedAt: Date | null;
  source: string;
  sourceRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RateCardEntryRow {
  id: string;
  tenantId: string;
  contractId: string;
  role: string;
  unit: 'hour' | 'day';
  rate: string;
}

export interface ContractLineRow {
  id: string;
  tenantId: string;
  contractId: string;
  lineNo: number;
  description: string;
  billingType: 'fixed-fee' | 'time-and-materials' | 'subscription';
  role: string | null;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface MilestoneRow {
  id: string;
  tenantId: string;
  contractId: string;
  name: string;
  dueDate: string;
  amount: string;
  status: 'planned' | 'completed' | 'invoiced';
}

export interface ProjectRow {
  id: string;
  tenantId: string;
  contractId: string;
  name: string;
  legalEntityCode: string;
  status: string;
  createdAt: Date;
}

export interface BillingScheduleRow {
  id: string;
  tenantId: string;
  contractId: string;
  projectId: string;
  version: number;
  currency: string;
  status: 'current' | 'superseded';
  createdAt: Date;
}

export interface BillingScheduleLineRow {
  id: string;
  tenantId: string;
  billingScheduleId: string;
  milestoneId: string | null;
  description: string;
  dueDate: string;
  netAmount: string;
  taxTreatment: string;
  taxRate: string;
  taxAmount: string;
  taxCountry: string;
  invoiceNotes: string[];
  decidedBy: unknown;
}

export interface ExternalRefRow {
  id: string;
  tenantId: string;
  contractId: string | null;
  objectType: string;
  objectId: string;
  system: 'clm' | 'erp' | 'crm' | 'psa';
  connectorId: string;
  externalId: string;
  externalUrl: string | null;
  runId: string | null;
  stepName: string | null;
  createdAt: Date;
}

export interface InboundEventRow {
  id: string;
  tenantId: string;
  connectorId: string;
  externalEventId: string;
  eventType: string;
  payload: unknown;
  receivedAt: Date;
}

export interface WorkflowRunRow {
  id: string;
  tenantId: string;
  flow: string;
  flowVersion: number;
  triggerKey: string;
  triggerEventId: string;
  contractId: string | null;
  status: 'running' | 'completed' | 'failed';
  input: unknown;
  state: Record<string, unknown>;
  error: string | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  // Count of takeovers of an expired lease, that is, of workers that stopped while holding the run.
  leaseTakeovers: number;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface WorkflowStepRow {
  id: string;
  tenantId: string;
  runId: string;
  position: number;
  name: string;
  status: 'pending' | 'running' | 'done' | 'failed' | 'compensated';
  attempts: number;
  lastError: string | null;
  output: unknown;
  startedAt: Date | null;
  finishedAt: Date | null;
  // When the step was first marked running, the last write before any outside call. Never cleared.
  calledAt?: Date | null;
}

export interface WorkflowExceptionRow {
  id: string;
  tenantId: string;
  runId: string;
  stepName: string;
  error: string;
  payloadRef: string;
  suggestedAction: string;
  status: 'open' | 'resolved';
  resolutionNote: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface AuditRecordRow {
  id: number;
  tenantId: string;
  actor: string;
  operation: string;
  objectType: string;
  objectId: string;
  requestId: string | null;
  at: Date;
}

export interface TenantRuleOverrideRow {
  id: string;
  tenantId: string;
  name: string;
  version: string;
  status: 'draft' | 'active' | 'superseded';
  pack: unknown;
  goldenCases: unknown;
  goldenResults: unknown;
  createdBy: string | null;
  createdAt: Date;
  evaluatedAt: Date | null;
  promotedAt: Date | null;
  supersededAt: Date | null;
}

// Columns with a database default may be left out on create.
type Defaulted =
  | 'id' | 'createdAt' | 'updatedAt' | 'receivedAt' | 'startedAt' | 'at'
  | 'status' | 'attempts' | 'state' | 'version' | 'source' | 'customerType' | 'taxIdValidated'
  | 'serviceCategory' | 'regionalHub' | 'invoiceNotes' | 'unit' | 'quantity' | 'settings' | 'leaseTakeovers';
export type RegionModel<Row extends object> = ModelStatic<Model<Row, Optional<Row, Extract<keyof Row, Defaulted> | NullableKeys<Row>>>>;
type NullableKeys<Row> = { [K in keyof Row]: null extends Row[K] ? K : never }[keyof Row];

const uuid = { type: DataTypes.UUID, primaryKey: true };
// A function, not a shared object: Sequelize writes each attribute's column name into its
// definition, so one object shared by several attributes would map them all to one column.
const now = () => ({ type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW });
const money = DataTypes.DECIMAL(18, 2);

const TABLES = {
  Connector: ['connectors', {
    id: uuid, tenantId: DataTypes.UUID, slug: DataTypes.TEXT, kind: DataTypes.TEXT, driver: DataTypes.TEXT,
    name: DataTypes.TEXT, baseUrl: DataTypes.TEXT, authKind: DataTypes.TEXT, credentialsEncrypted: DataTypes.TEXT,
    webhookKeyEncrypted: DataTypes.TEXT, settings: { type: DataTypes.JSONB, defaultValue: {} },
    status: { type: DataTypes.TEXT, defaultValue: 'active' }, createdAt: now(), updatedAt: now(),
  }],
  Customer: ['customers', {
    id: uuid, tenantId: DataTypes.UUID, name: DataTypes.TEXT, country: DataTypes.CHAR(2), subdivision: DataTypes.TEXT,
    customerType: { type: DataTypes.TEXT, defaultValue: 'business' }, taxId: DataTypes.TEXT,
    taxIdValidated: { type: DataTypes.BOOLEAN, defaultValue: false }, email: DataTypes.TEXT,
    source: { type: DataTypes.TEXT, defaultValue: 'api' }, sourceRef: DataTypes.TEXT, createdAt: now(), updatedAt: now(),
  }],
  LegalEntity: ['legal_entities', {
    id: uuid, tenantId: DataTypes.UUID, code: DataTypes.TEXT, name: DataTypes.TEXT, country: DataTypes.CHAR(2),
    currency: DataTypes.CHAR(3), taxId: DataTypes.TEXT, regionalHub: DataTypes.BOOLEAN, invoiceSeries: DataTypes.TEXT, createdAt: now(),
  }],
  Contract: ['contracts', {
    id: uuid, tenantId: DataTypes.UUID, customerId: DataTypes.UUID, title: DataTypes.TEXT,
    status: { type: DataTypes.TEXT, defaultValue: 'draft' }, currency: DataTypes.CHAR(3), totalValue: money,
    serviceCategory: { type: DataTypes.TEXT, defaultValue: 'consulting' }, startDate: DataTypes.DATEONLY, endDate: DataTypes.DATEONLY,
    executedAt: DataTypes.DATE, source: { type: DataTypes.TEXT, defaultValue: 'api' }, sourceRef: DataTypes.TEXT, createdAt: now(), updatedAt: now(),
  }],
  RateCardEntry: ['rate_card_entries', {
    id: uuid, tenantId: DataTypes.UUID, contractId: DataTypes.UUID, role: DataTypes.TEXT, unit: DataTypes.TEXT, rate: money,
  }],
  ContractLine: ['contract_lines', {
    id: uuid, tenantId: DataTypes.UUID, contractId: DataTypes.UUID, lineNo: DataTypes.INTEGER, description: DataTypes.TEXT,
    billingType: DataTypes.TEXT, role: DataTypes.TEXT, quantity: DataTypes.DECIMAL(18, 4), unitPrice: money, amount: money,
  }],
  Milestone: ['milestones', {
    id: uuid, tenantId: DataTypes.UUID, contractId: DataTypes.UUID, name: DataTypes.TEXT, dueDate: DataTypes.DATEONLY,
    amount: money, status: { type: DataTypes.TEXT, defaultValue: 'planned' },
  }],
  Project: ['projects', {
    id: uuid, tenantId: DataTypes.UUID, contractId: DataTypes.UUID, name: DataTypes.TEXT, legalEntityCode: DataTypes.TEXT,
    status: { type: DataTypes.TEXT, defaultValue: 'active' }, createdAt: now(),
  }],
  BillingSchedule: ['billing_schedules', {
    id: uuid, tenantId: DataTypes.UUID, contractId: DataTypes.UUID, projectId: DataTypes.UUID,
    version: { type: DataTypes.INTEGER, defaultValue: 1 }, currency: DataTypes.CHAR(3),
    status: { type: DataTypes.TEXT, defaultValue: 'current' }, createdAt: now(),
  }],
  BillingScheduleLine: ['billing_schedule_lines', {
    id: uuid, tenantId: DataTypes.UUID, billingScheduleId: DataTypes.UUID, milestoneId: DataTypes.UUID, description: DataTypes.TEXT,
    dueDate: DataTypes.DATEONLY, netAmount: money, taxTreatment: DataTypes.TEXT, taxRate: DataTypes.DECIMAL(7, 4), taxAmount: money,
    taxCountry: DataTypes.TEXT, invoiceNotes: DataTypes.ARRAY(DataTypes.TEXT), decidedBy: DataTypes.JSONB,
  }],
  ExternalRef: ['external_refs', {
    id: uuid, tenantId: DataTypes.UUID, contractId: DataTypes.UUID, objectType: DataTypes.TEXT, objectId: DataTypes.UUID,
    system: DataTypes.TEXT, connectorId: DataTypes.UUID, externalId: DataTypes.TEXT, externalUrl: DataTypes.TEXT,
    runId: DataTypes.UUID, stepName: DataTypes.TEXT, createdAt: now(),
  }],
  InboundEvent: ['inbound_events', {
    id: uuid, tenantId: DataTypes.UUID, connectorId: DataTypes.UUID, externalEventId: DataTypes.TEXT, eventType: DataTypes.TEXT,
    payload: DataTypes.JSONB, receivedAt: now(),
  }],
  WorkflowRun: ['workflow_runs', {
    id: uuid, tenantId: DataTypes.UUID, flow: DataTypes.TEXT, flowVersion: DataTypes.INTEGER, triggerKey: DataTypes.TEXT,
    triggerEventId: DataTypes.UUID, contractId: DataTypes.UUID, status: { type: DataTypes.TEXT, defaultValue: 'running' },
    input: DataTypes.JSONB, state: { type: DataTypes.JSONB, defaultValue: {} }, error: DataTypes.TEXT,
    leaseOwner: DataTypes.TEXT, leaseUntil: DataTypes.DATE, leaseTakeovers: { type: DataTypes.INTEGER, defaultValue: 0 },
    startedAt: now(), finishedAt: DataTypes.DATE,
  }],
  WorkflowStep: ['workflow_steps', {
    id: uuid, tenantId: DataTypes.UUID, runId: DataTypes.UUID, position: DataTypes.INTEGER, name: DataTypes.TEXT,
    status: { type: DataTypes.TEXT, defaultValue: 'pending' }, attempts: { type: DataTypes.INTEGER, defaultValue: 0 },
    lastError: DataTypes.TEXT, output: DataTypes.JSONB, startedAt: DataTypes.DATE, finishedAt: DataTypes.DATE, calledAt: DataTypes.DATE,
  }],
  WorkflowException: ['workflow_exceptions', {
    id: uuid, tenantId: DataTypes.UUID, runId: DataTypes.UUID, stepName: DataTypes.TEXT, error: DataTypes.TEXT,
    payloadRef: DataTypes.TEXT, suggestedAction: DataTypes.TEXT, status: { type: DataTypes.TEXT, defaultValue: 'open' },
    resolutionNote: DataTypes.TEXT, createdAt: now(), resolvedAt: DataTypes.DATE,
  }],
  TenantRuleOverride: ['tenant_rule_overrides', {
    id: uuid, tenantId: DataTypes.UUID, name: DataTypes.TEXT, version: DataTypes.TEXT, status: { type: DataTypes.TEXT, defaultValue: 'draft' },
    pack: DataTypes.JSONB, goldenCases: DataTypes.JSONB, goldenResults: DataTypes.JSONB, createdBy: DataTypes.TEXT, createdAt: now(),
    evaluatedAt: DataTypes.DATE, promotedAt: DataTypes.DATE, supersededAt: DataTypes.DATE,
  }],
  AuditRecord: ['audit_log', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true }, tenantId: DataTypes.UUID, actor: DataTypes.TEXT,
    operation: DataTypes.TEXT, objectType: DataTypes.TEXT, objectId: DataTypes.TEXT, requestId: DataTypes.TEXT, at: now(),
  }],
} satisfies Record<string, [string, ModelAttributes]>;

export interface RegionModels {
  Connector: RegionModel<ConnectorRow>;
  Customer: RegionModel<CustomerRow>;
  LegalEntity: RegionModel<LegalEntityRow>;
  Contract: RegionModel<ContractRow>;
  RateCardEntry: RegionModel<RateCardEntryRow>;
  ContractLine: RegionModel<ContractLineRow>;
  Milestone: RegionModel<MilestoneRow>;
  Project: RegionModel<ProjectRow>;
  BillingSchedule: RegionModel<BillingScheduleRow>;
  BillingScheduleLine: RegionModel<BillingScheduleLineRow>;
  ExternalRef: RegionModel<ExternalRefRow>;
  InboundEvent: RegionModel<InboundEventRow>;
  WorkflowRun: RegionModel<WorkflowRunRow>;
  WorkflowStep: RegionModel<WorkflowStepRow>;
  WorkflowException: RegionModel<WorkflowExceptionRow>;
  AuditRecord: RegionModel<AuditRecordRow>;
  TenantRuleOverride: RegionModel<TenantRuleOverrideRow>;
}

const byRegion = new Map<string, RegionModels>();

// Returns the models bound to one region's database (app role, so row-level security applies).
// Use them inside withTenant() so the tenant setting is in force.
export function regionModels(region: string): RegionModels {
  let models = byRegion.get(region);
  if (!models) {
    const sequelize = regionDatabase(region);
    const entries = Object.entries(TABLES).map(([name, [tableName, attributes]]) => [
      name,
      sequelize.define(name, attributes as ModelAttributes, { tableName, underscored: true, timestamps: false }),
    ]);
    models = Object.fromEntries(entries) as unknown as RegionModels;
    byRegion.set(region, models);
  }
  return models;
}
