import { QueryTypes } from 'sequelize';
import { controlDatabase } from '../../../core/database.ts';
import { arraySchema, dateSchema, dateTimeSchema, inputTextSchema, objectSchema, textSchema } from '../../openapi/schema-parts.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';

// API usage per client and version, so a tenant admin sees which partners still call a version
// before its sunset. Counts reach the table within a few seconds of each call.

const MAX_ROWS = 1000;

const usageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'string', pattern: '^v[0-9]{1,3}$', maxLength: 4 },
    clientId: inputTextSchema(200),
    days: { type: 'integer', format: 'int32', minimum: 1, maximum: 90, default: 30 },
  },
} as const;

const usageRow = objectSchema({
  clientId: textSchema(200),
  version: textSchema(4),
  calls: { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  errors: { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  lastSeenAt: dateTimeSchema,
});

const usageResponseSchema = objectSchema({ from: dateSchema, to: dateSchema, data: arraySchema(usageRow, MAX_ROWS) });

interface UsageRow {
  clientId: string;
  version: string;
  calls: string;
  errors: string;
  lastSeenAt: Date;
}

async function getUsage(request: ApiRequest): Promise<ApiResponse> {
  const { version, clientId, days } = request.query as { version?: string; clientId?: string; days: number };
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  const conditions = ['tenant_id = :tenantId', 'day >= CAST(:from AS date)'];
  if (version) conditions.push('version = :version');
  if (clientId) conditions.push('client_id = :clientId');

  const rows = await controlDatabase().query<UsageRow>(`
    SELECT client_id AS "clientId", version, sum(calls) AS calls, sum(errors) AS errors, max(last_seen_at) AS "lastSeenAt"
    FROM api_usage WHERE ${conditions.join(' AND ')}
    GROUP BY client_id, version ORDER BY max(last_seen_at) DESC LIMIT ${MAX_ROWS}`, {
    replacements: { tenantId: request.principal.tenantId, from: from.toISOString().slice(0, 10), version: version ?? null, clientId: clientId ?? null },
    type: QueryTypes.SELECT,
  });

  const data = rows.map((row) => ({ ...row, calls: Number(row.calls), errors: Number(row.errors) }));
  return { status: 200, body: { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), data } };
}

export const USAGE_ROUTES: RouteDefinition[] = [
  {
    operationId: 'getUsage',
    summary: 'Count calls and errors per API client and version',
    description: 'Sums the tenant\'s calls per client and version over the last `days` UTC days (30 by default), with the time each was last seen. Filter by version to find the partners that still call a version before its sunset.',
    method: 'get', path: '/usage', scope: 'usage:read', querySchema: usageQuerySchema, responseSchema: usageResponseSchema, handler: getUsage,
  },
];
