import { randomBytes, randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { regionDatabase } from '../../../core/database.ts';
import { activeDataKey, sealWithDataKey } from '../../../core/envelope-crypto.ts';
import { EVENT_SOURCE, PARTNER_EVENT_TYPES, type PartnerDeliveryResendData } from '../../../core/events.ts';
import { enqueueEvent } from '../../../core/outbox.ts';
import { problems } from '../../../core/problem.ts';
import { withTenant } from '../../../core/tenancy.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';

// Partner endpoints: a tenant subscribes a URL to platform events and receives them signed per
// Standard Webhooks with a secret shown once, at creation. Each endpoint has a delivery log, and
// any delivery can be sent again.

export const createEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'eventTypes'],
  properties: {
    url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
    eventTypes: { type: 'array', minItems: 1, maxItems: PARTNER_EVENT_TYPES.length, uniqueItems: true, items: { type: 'string', enum: [...PARTNER_EVENT_TYPES] } },
  },
} as const;

const ENDPOINT_COLUMNS = `id, url, event_types AS "eventTypes", status, created_at AS "createdAt"`;
const DELIVERY_COLUMNS = `id, event_id AS "eventId", event_type AS "eventType", status, attempts, last_status AS "lastStatus",
  last_error AS "lastError", created_at AS "createdAt", last_attempt_at AS "lastAttemptAt", delivered_at AS "deliveredAt"`;

async function createEndpoint(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const { url, eventTypes } = request.body as { url: string; eventTypes: string[] };
  const id = randomUUID();
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const endpoint = await withTenant({ tenantId, region }, async (transaction) => {
    const sealed = sealWithDataKey(await activeDataKey({ tenantId, region }, transaction), secret, id);
    const [row] = await regionDatabase(region).query(
      `INSERT INTO partner_endpoints (id, tenant_id, url, event_types, secret_encrypted) VALUES (:id, :tenantId, :url, ARRAY[:eventTypes]::text[], :sealed)
       RETURNING ${ENDPOINT_COLUMNS}`,
      { replacements: { id, tenantId, url, eventTypes, sealed }, type: QueryTypes.SELECT, transaction });
    return row;
  });
  request.log.info({ endpointId: id, eventTypes }, 'partner endpoint created');
  // The secret is returned here only; it is stored sealed and never shown again.
  return { status: 201, body: { ...(endpoint as object), secret }, location: `/v1/partner-endpoints/${id}` };
}

async function listEndpoints(request: ApiRequest): Promise<ApiResponse> {
  const { tenantId, region } = request.principal;
  const data = await withTenant({ tenantId, region }, (transaction) => regionDatabase(region).query(
    `SELECT ${ENDPOINT_COLUMNS} FROM partner_endpoints WHERE tenant_id = :tenantId ORDER BY created_at`, { replacements: { tenantId }, type: QueryTypes.SELECT, transaction }));
  return { status: 200, body: { data } };
}

async function listDeliveries(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Partner endpoint');
  const { tenantId, region } = request.principal;
  const found = await withTenant({ tenantId, region }, async (transaction) => {
    const select = (sql: string) => regionDatabase(region).query(sql, { replacements: { id, tenantId }, type: QueryTypes.SELECT, transaction });
    const [endpoint] = await select(`SELECT ${ENDPOINT_COLUMNS} FROM partner_endpoints WHERE id = :id AND tenant_id = :tenantId`);
    if (!endpoint) return null;
    // NOTE: the log lists the latest 100 deliveries; a cursor would be needed for more.
    const deliveries = await select(`SELECT ${DELIVERY_COLUMNS} FROM partner_deliveries WHERE endpoint_id = :id AND tenant_id = :tenantId ORDER BY created_at DESC LIMIT 100`);
    return { endpoint, deliveries };
  });
  if (!found) throw problems.notFound('Partner endpoint');
  return { status: 200, body: found };
}

async function resendDelivery(request: ApiRequest): Promise<ApiResponse> {
  const id = pathId(request.params.id, 'Partner delivery');
  const { tenantId, region } = request.principal;
  const queued = await withTenant({ tenantId, region }, async (transaction) => {
    const [delivery] = await regionDatabase(region).query('SELECT id FROM partner_deliveries WHERE id = :id AND tenant_id = :tenantId',
      { replacements: { id, tenantId }, type: QueryTypes.SELECT, transaction });
    if (!delivery) return false;
    await enqueueEvent<PartnerDeliveryResendData>(transaction, {
      type: 'partner-delivery.resend-requested', source: EVENT_SOURCE.gateway, subject: id, tenant: tenantId, region, data: { deliveryId: id },
    });
    return true;
  });
  if (!queued) throw problems.notFound('Partner delivery');
  request.log.info({ deliveryId: id }, 'partner delivery resend requested');
  return { status: 202, body: { id, status: 'resend-requested' } };
}

export const PARTNER_ENDPOINT_ROUTES: RouteDefinition[] = [
  { operationId: 'createPartnerEndpoint', summary: 'Subscribe a partner endpoint to platform events; the signing secret is shown once', method: 'post', path: '/partner-endpoints', scope: 'contracts:write', requestSchema: createEndpointSchema, handler: createEndpoint },
  { operationId: 'listPartnerEndpoints', summary: 'List the partner endpoints and the events each receives', method: 'get', path: '/partner-endpoints', scope: 'contracts:read', handler: listEndpoints },
  { operationId: 'listPartnerDeliveries', summary: 'Get an endpoint with its latest deliveries, newest first', method: 'get', path: '/partner-endpoints/:id/deliveries', scope: 'contracts:read', handler: listDeliveries },
  { operationId: 'resendPartnerDelivery', summary: 'Send one partner delivery again', method: 'post', path: '/partner-deliveries/:id/resend', scope: 'contracts:write', successStatus: 202, handler: resendDelivery },
];
