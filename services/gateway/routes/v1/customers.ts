import { randomUUID } from 'node:crypto';
import { regionModels, type CustomerRow } from '../../../core/models/region.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { recordWrite } from './audit.ts';
import { createCustomerSchema, listCustomersSchema, type CustomerInput } from './customer-schemas.ts';
import { pathId } from './ids.ts';
import { pageQuery, toPage } from './pagination.ts';
import { customerPageSchema, customerSchema } from './response-schemas.ts';

export function customerResource(row: CustomerRow) {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    subdivision: row.subdivision,
    type: row.customerType,
    taxId: row.taxId,
    taxIdValidated: row.taxIdValidated,
    email: row.email,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function createCustomer(request: ApiRequest): Promise<ApiResponse> {
  const input = request.body as CustomerInput;
  const { tenantId, region } = request.principal;

  const customerId = randomUUID();
  const customer = await withTenant({ tenantId, region }, async (transaction) => {
    const row = await regionModels(region).Customer.create({
      id: customerId,
      tenantId,
      name: input.name,
      country: input.country,
      subdivision: input.subdivision ?? null,
      customerType: input.type,
      taxId: input.taxId ?? null,
      taxIdValidated: false,
      email: input.email ?? null,
      source: 'api',
    }, { transaction });
    await recordWrite(transaction, request, { operation: 'create', objectType: 'customer', objectId: customerId });
    return row.get({ plain: true });
  });

  request.log.info({ tenantId, customerId: customer.id }, 'customer created');
  return { status: 201, body: customerResource(customer), location: `/${request.apiVersion}/customers/${customer.id}` };
}

async function getCustomer(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Customer');
  const { tenantId, region } = request.principal;

  // Row-level security already hides other tenants' rows; the explicit tenant filter keeps that
  // true even if a policy were dropped.
  const row = await withTenant({ tenantId, region }, (transaction) =>
    regionModels(region).Customer.findOne({ where: { id, tenantId }, transaction }));
  if (!row) throw problems.notFound('Customer');
  return { status: 200, body: customerResource(row.get({ plain: true })) };
}

async function listCustomers(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const limit = request.query.limit as number;
  const page = pageQuery('ASC', limit, request.query.cursor as string | undefined);

  const rows = await withTenant({ tenantId, region }, (transaction) =>
    regionModels(region).Customer.findAll({ ...page, where: { ...page.where, tenantId }, transaction }));
  const plain = rows.map((row) => row.get({ plain: true }) as CustomerRow & { cursorTime: string });
  return { status: 200, body: toPage(plain, limit, customerResource) };
}

export const CUSTOMER_ROUTES: RouteDefinition[] = [
  { operationId: 'createCustomer', summary: 'Create a customer', method: 'post', path: '/customers', scope: 'customers:write', requestSchema: createCustomerSchema, responseSchema: customerSchema, handler: createCustomer },
  { operationId: 'getCustomer', summary: 'Get a customer by id', method: 'get', path: '/customers/:id', scope: 'customers:read', responseSchema: customerSchema, handler: getCustomer },
  { operationId: 'listCustomers', summary: 'List customers, oldest first', method: 'get', path: '/customers', scope: 'customers:read', querySchema: listCustomersSchema, responseSchema: customerPageSchema, handler: listCustomers },
];
