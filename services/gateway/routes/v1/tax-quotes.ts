import { Decimal } from 'decimal.js';
import { loadActiveRuleOverride } from '../../../core/active-rule-override.ts';
import { regionModels } from '../../../core/models/region.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant, type TenantScope } from '../../../core/tenancy.ts';
import { checkInvoiceableAmount, quoteTaxWithPacks, RuleInputError, rulesForTenant, type TaxQuote, type TaxQuoteInput } from '../../../rules/index.ts';
import { inputTextSchema } from '../../openapi/schema-parts.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';

// Quotes the tax on a set of service lines with the same rule packs, and the same tenant
// override, that the activation flow applies to contract lines. It stores nothing.

interface QuoteRequest {
  supplier: { legalEntity?: string; country?: string; subdivision?: string };
  customer: TaxQuoteInput['customer'];
  serviceCategory: TaxQuoteInput['serviceCategory'];
  supplyDate: string;
  lines: { description: string; net: { amount: string; currency: string } }[];
}

const subdivision = { type: 'string', pattern: '^[A-Z0-9]{1,3}$', maxLength: 3 };
const country = { type: 'string', format: 'country', maxLength: 2 };

export const taxQuoteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['supplier', 'customer', 'serviceCategory', 'supplyDate', 'lines'],
  properties: {
    // The supplier is one of the tenant's legal entities by code, or a country for a what-if quote.
    supplier: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { legalEntity: inputTextSchema(50), country, subdivision },
    },
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['country', 'type', 'taxIdValidated'],
      properties: {
        country,
        subdivision,
        type: { type: 'string', enum: ['business', 'consumer'] },
        taxId: inputTextSchema(50),
        taxIdValidated: { type: 'boolean' },
      },
    },
    serviceCategory: { type: 'string', enum: ['consulting', 'legal', 'accounting', 'it-services'] },
    supplyDate: { type: 'string', format: 'date', maxLength: 10 },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'net'],
        properties: {
          description: inputTextSchema(500),
          // Checked by the rule engine, whose message explains negative and malformed amounts.
          net: {
            type: 'object',
            additionalProperties: false,
            required: ['amount', 'currency'],
            properties: { amount: { type: 'string', maxLength: 40 }, currency: { type: 'string', format: 'currency', maxLength: 3 } },
          },
        },
      },
    },
  },
} as const;

function fieldProblem(field: string, message: string) {
  return problems.validation([{ field, message }]);
}

async function resolveSupplier(scope: TenantScope, supplier: QuoteRequest['supplier']): Promise<TaxQuoteInput['supplier']> {
  if (supplier.legalEntity === undefined) {
    if (supplier.country === undefined) throw fieldProblem('supplier', 'needs legalEntity (one of your entity codes) or country');
    return { country: supplier.country, ...(supplier.subdivision ? { subdivision: supplier.subdivision } : {}) };
  }
  if (supplier.country !== undefined) throw fieldProblem('supplier.country', 'must be left out when legalEntity is given, because the entity fixes the country');

  const code = supplier.legalEntity;
  const row = await withTenant(scope, (transaction) => regionModels(scope.region).LegalEntity.findOne({ where: { tenantId: scope.tenantId, code }, transaction }));
  if (row === null) throw fieldProblem('supplier.legalEntity', `no legal entity with code "${code}"; use one of the codes listed in the portal`);
  return { country: row.get('country') as string, ...(supplier.subdivision ? { subdivision: supplier.subdivision } : {}) };
}

// Engine errors on a line's amount or currency name the line, such as lines[2].net.amount.
function lineField(index: number, field: string): string {
  return field.startsWith('net.') ? `lines[${index}].${field}` : field;
}

// Keeps as many decimals as the most precise amount as written, so "1000.00" + "10.10" reads "1010.10".
function sumAmounts(amounts: string[]): string {
  const places = Math.max(0, ...amounts.map((amount) => amount.split('.')[1]?.length ?? 0));
  return amounts.reduce((sum, amount) => sum.plus(amount), new Decimal(0)).toFixed(places);
}

function totalsByCurrency(lines: { net: { amount: string; currency: string }; quote: TaxQuote }[]) {
  const currencies = [...new Set(lines.map((line) => line.net.currency))].sort();
  return currencies.map((currency) => {
    const inCurrency = lines.filter((line) => line.net.currency === currency);
    const net = sumAmounts(inCurrency.map((line) => line.net.amount));
    const tax = sumAmounts(inCurrency.map((line) => line.quote.taxAmount.amount));
    return { currency, net, tax, gross: sumAmounts([net, tax]) };
  });
}

function lineResult(description: string, net: { amount: string; currency: string }, quote: TaxQuote) {
  const { treatment, rate, taxAmount, components, taxCountry, notes, warnings, trail } = quote;
  return { description, net, treatment, rate, tax: taxAmount, ...(components ? { components } : {}), taxCountry, notes, warnings, trail };
}

async function createTaxQuote(request: ApiRequest): Promise<ApiResponse> {
  const body = request.body as QuoteRequest;
  const scope = { tenantId: request.principal.tenantId, region: request.principal.region };
  const supplier = await resolveSupplier(scope, body.supplier);
  const { registry } = rulesForTenant(await loadActiveRuleOverride(scope));

  const quoted = body.lines.map((line, index) => {
    try {
      const input = { supplier, customer: body.customer, serviceCategory: body.serviceCategory, net: line.net, supplyDate: body.supplyDate };
      const quote = quoteTaxWithPacks(registry, input);
      checkInvoiceableAmount(line.net);
      return { ...line, quote };
    } catch (error) {
      if (error instanceof RuleInputError) throw fieldProblem(lineField(index, error.field), error.message.slice(error.field.length + 2));
      throw error;
    }
  });

  request.log.info({ tenantId: scope.tenantId, lines: quoted.length }, 'tax quoted');
  return {
    status: 200,
    body: {
      supplier,
      lines: quoted.map(({ description, net, quote }) => lineResult(description, net, quote)),
      totals: totalsByCurrency(quoted),
    },
  };
}

export const TAX_QUOTE_ROUTES: RouteDefinition[] = [
  {
    operationId: 'createTaxQuote',
    summary: 'Quote the tax on service lines',
    description: 'Returns, per line, the tax treatment, rate, amount, invoice notes, warnings and the pack rules that decided it, and totals per currency. Nothing is stored.',
    method: 'post',
    path: '/tax/quotes',
    scope: 'tax:quote',
    successStatus: 200,
    requestSchema: taxQuoteSchema,
    handler: createTaxQuote,
  },
];
