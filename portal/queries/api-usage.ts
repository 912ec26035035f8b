import { QueryTypes } from 'sequelize';
import { controlDatabase } from '../../services/core/database.ts';

export interface ClientVersionUsage {
  clientId: string;
  version: string;
  calls: number;
  errors: number;
  lastSeenAt: Date;
}

// Calls per API client and version over the last `days` UTC days, as the gateways recorded them.
// Tenant admins read it before a sunset to see which partners still call the old version.
export async function clientVersionUsage(tenantId: string, days = 30): Promise<ClientVersionUsage[]> {
  return controlDatabase().query<ClientVersionUsage>(
    `SELECT client_id AS "clientId", version, sum(calls)::int AS calls, sum(errors)::int AS errors, max(last_seen_at) AS "lastSeenAt"
     FROM api_usage WHERE tenant_id = :tenantId AND day > (now() AT TIME ZONE 'UTC')::date - :days
     GROUP BY client_id, version ORDER BY version, calls DESC LIMIT 200`,
    { replacements: { tenantId, days }, type: QueryTypes.SELECT },
  );
}
