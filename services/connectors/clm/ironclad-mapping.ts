import { Decimal } from 'decimal.js';
import type {
  BillingType,
  CanonicalContract,
  CanonicalContractLine,
  CanonicalCustomer,
  CanonicalMilestone,
  CanonicalRateCardEntry,
  CustomerType,
  ServiceCategory,
} from '../../core/canonical.ts';
import { MappingError, type MappingIssue } from '../errors.ts';
import type { IroncladWorkflow } from './ironclad.ts';

// Maps an Ironclad workflow's attributes to the canonical contract. The attribute contract is
// described in services/connectors/CONTEXT.md. Every problem found is reported at once.

const CUSTOMER_TYPES: readonly CustomerType[] = ['business', 'consumer'];
const SERVICE_CATEGORIES: readonly ServiceCategory[] = ['consulting', 'legal', 'accounting', 'it-services'];
const BILLING_TYPES: readonly BillingType[] = ['fixed-fee', 'time-and-materials', 'subscription'];
const DECIMAL_PATTERN = /^\d+(\.\d+)?$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function toCanonicalContract(workflow: IroncladWorkflow): CanonicalContract {
  const read = new AttributeReader(workflow.attributes);
  const customer = readCustomer(read);
  const value = read.object('contractValue');
  const currency = value ? read.currency('contractValue.currency', value.currency) : '';
  const totalValue = value ? read.amount('contractValue.amount', value.amount) : '';
  const startDate = read.date('agreementDate', workflow.attributes.agreementDate);
  const endDate = read.optionalDate('expirationDate', workflow.attributes.expirationDate);
  if (startDate && endDate && endDate < startDate) read.fail('expirationDate', `(${endDate}) is before agreementDate (${startDate})`);

  const serviceCategory = read.oneOf('serviceCategory', SERVICE_CATEGORIES);
  const rateCard = readRateCard(read);
  const contract = {
    title: workflow.title,
    currency,
    totalValue,
    serviceCategory,
    startDate,
    ...(endDate ? { endDate } : {}),
    customer,
    rateCard,
    lines: readLines(read, rateCard),
    milestones: readMilestones(read),
  };
  checkTotals(read, contract.totalValue, contract.lines, contract.milestones);

  if (read.issues.length > 0) throw new MappingError('ironclad', `workflow ${workflow.id}`, read.issues);
  return contract as CanonicalContract;
}

function readCustomer(read: AttributeReader): CanonicalCustomer {
  const name = read.text('counterpartyName');
  const country = read.text('counterpartyCountry');
  const countryValid = /^[A-Z]{2}$/.test(country);
  if (country && !countryValid) read.fail('counterpartyCountry', `must be an ISO 3166-1 alpha-2 code such as DE, got "${country}"`);
  const subdivision = read.optionalText('counterpartySubdivision');
  // A subdivision is only checked against a valid country, so one bad country is one issue.
  if (subdivision && countryValid && !(/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(subdivision) && subdivision.startsWith(`${country}-`))) {
    read.fail('counterpartySubdivision', `must be an ISO 3166-2 code within ${country}, such as US-NY, got "${subdivision}"`);
  }
  const email = read.optionalText('counterpartyEmail');
  if (email && !EMAIL_PATTERN.test(email)) read.fail('counterpartyEmail', `is not an email address: "${email}"`);
  const taxIdValidated = read.attributes.counterpartyTaxIdValidated ?? false;
  if (typeof taxIdValidated !== 'boolean') read.fail('counterpartyTaxIdValidated', 'must be true or false');
  const taxId = read.optionalText('counterpartyTaxId');

  return {
    name,
    country,
    ...(subdivision ? { subdivision } : {}),
    type: read.oneOf('counterpartyType', CUSTOMER_TYPES),
    ...(taxId ? { taxId } : {}),
    taxIdValidated: taxIdValidated === true,
    ...(email ? { email } : {}),
  };
}

function readRateCard(read: AttributeReader): CanonicalRateCardEntry[] {
  return read.list('rateCard', false).map((entry, index) => {
    const at = `rateCard[${index}]`;
    const unit = entry.unit;
    if (unit !== 'hour' && unit !== 'day') read.fail(`${at}.unit`, `must be "hour" or "day", got ${JSON.stringify(unit)}`);
    return { role: read.textIn(`${at}.role`, entry.role), unit: unit as 'hour' | 'day', rate: read.amount(`${at}.rate`, entry.rate) };
  });
}

function readLines(read: AttributeReader, rateCard: CanonicalRateCardEntry[]): CanonicalContractLine[] {
  const roles = new Set(rateCard.map((entry) => entry.role));
  return read.list('lineItems', true).map((item, index) => {
    const at = `lineItems[${index}]`;
    const billingType = item.billingType as BillingType;
    if (!BILLING_TYPES.includes(billingType)) read.fail(`${at}.billingType`, `must be one of ${BILLING_TYPES.join(', ')}, got ${JSON.stringify(item.billingType)}`);
    const role = item.role === undefined ? undefined : read.textIn(`${at}.role`, item.role);
    if (billingType === 'time-and-materials' && role !== undefined && !roles.has(role)) read.fail(`${at}.role`, `"${role}" has no rate in rateCard`);

    const quantity = read.amount(`${at}.quantity`, item.quantity);
    const unitPrice = read.amount(`${at}.unitPrice`, item.unitPrice);
    const amount = read.amount(`${at}.amount`, item.amount);
    if (quantity && unitPrice && amount && !new Decimal(quantity).times(unitPrice).toDecimalPlaces(2).equals(amount)) {
      read.fail(`${at}.amount`, `(${amount}) does not equal quantity x unitPrice (${quantity} x ${unitPrice})`);
    }
    return { lineNo: index + 1, description: read.textIn(`${at}.description`, item.description), billingType, ...(role ? { role } : {}), quantity, unitPrice, amount };
  });
}

function readMilestones(read: AttributeReader): CanonicalMilestone[] {
  return read.list('milestones', false).map((milestone, index) => {
    const at = `milestones[${index}]`;
    return { name: read.textIn(`${at}.name`, milestone.name), dueDate: read.date(`${at}.dueDate`, milestone.dueDate), amount: read.amount(`${at}.amount`, milestone.amount) };
  });
}

// The line amounts make up the contract value, and milestones bill part of it, never more.
function checkTotals(read: AttributeReader, totalValue: string, lines: CanonicalContractLine[], milestones: CanonicalMilestone[]): void {
  if (!totalValue || lines.some((line) => !line.amount) || milestones.some((milestone) => !milestone.amount)) return;
  const lineTotal = lines.reduce((sum, line) => sum.plus(line.amount), new Decimal(0));
  if (!lineTotal.equals(totalValue)) read.fail('contractValue.amount', `(${totalValue}) does not equal the sum of lineItems amounts (${lineTotal.toFixed()})`);
  const milestoneTotal = milestones.reduce((sum, milestone) => sum.plus(milestone.amount), new Decimal(0));
  if (milestoneTotal.greaterThan(totalValue)) read.fail('milestones', `total ${milestoneTotal.toFixed()} exceeds contractValue.amount ${totalValue}`);
}

type Row = Record<string, unknown>;

// Reads attributes and records each problem instead of stopping at the first. Failed reads
// return an empty value, so mapping continues and the caller throws once at the end.
class AttributeReader {
  readonly issues: MappingIssue[] = [];

  constructor(readonly attributes: Record<string, unknown>) {}

  fail(attribute: string, problem: string): void {
    this.issues.push({ attribute, problem });
  }

  text(name: string): string {
    return this.textIn(name, this.attributes[name]);
  }

  textIn(name: string, value: unknown): string {
    if (value === undefined || value === null || value === '') this.fail(name, 'is missing');
    else if (typeof value !== 'string' || value.trim() === '') this.fail(name, `must be text, got ${JSON.stringify(value)}`);
    else return value.trim();
    return '';
  }

  optionalText(name: string): string | undefined {
    const value = this.attributes[name];
    if (value === undefined || value === null || value === '') return undefined;
    return this.textIn(name, value) || undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.text(name);
    if (value && !allowed.includes(value as T)) this.fail(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  }

  object(name: string): Row | undefined {
    const value = this.attributes[name];
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
    this.fail(name, value === undefined || value === null ? 'is missing' : 'must be an object');
    return undefined;
  }

  list(name: string, required: boolean): Row[] {
    const value = this.attributes[name];
    if (value === undefined || value === null) {
      if (required) this.fail(name, 'is missing');
      return [];
    }
    if (!Array.isArray(value) || !value.every((row) => row && typeof row === 'object' && !Array.isArray(row))) {
      this.fail(name, 'must be a list of objects');
      return [];
    }
    if (required && value.length === 0) this.fail(name, 'must have at least one entry');
    return value as Row[];
  }

  // Decimal strings; plain JSON numbers are accepted because Ironclad's monetary fields are numbers.
  amount(name: string, value: unknown): string {
    const text = typeof value === 'number' && Number.isFinite(value) ? new Decimal(value).toFixed() : value;
    if (text === undefined || text === null || text === '') this.fail(name, 'is missing');
    else if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text)) this.fail(name, `must be a non-negative decimal string such as "1200.00", got ${JSON.stringify(value)}`);
    else return text;
    return '';
  }

  currency(name: string, value: unknown): string {
    if (typeof value === 'string' && /^[A-Z]{3}$/.test(value)) return value;
    this.fail(name, value === undefined ? 'is missing' : `must be an ISO 4217 code such as EUR, got ${JSON.stringify(value)}`);
    return '';
  }

  // Accepts YYYY-MM-DD or a full ISO 8601 timestamp, whose date part is kept as written.
  date(name: string, value: unknown): string {
    if (value === undefined || value === null || value === '') {
      this.fail(name, 'is missing');
      return '';
    }
    const text = typeof value === 'string' ? value.slice(0, 10) : '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
      this.fail(name, `must be a date such as 2026-03-01, got ${JSON.stringify(value)}`);
      return '';
    }
    return text;
  }

  optionalDate(name: string, value: unknown): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    return this.date(name, value) || undefined;
  }
}
