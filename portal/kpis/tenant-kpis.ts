import { QueryTypes, type Transaction } from 'sequelize';
import { regionDatabase } from '../../services/core/database.ts';

// The business KPIs of a tenant per UTC day, computed from runs and exceptions in its region.
// NOTE: computed here because no shared KPI module exists yet; once the workers offer one (and
// /v1/metrics/kpis), read it instead so the API and the dashboard agree.

/** Hours within which an amendment counts as synchronised. */
export const AMENDMENT_SLA_HOURS = 4;
const ACTIVATION_FLOW = 'contract-activation';
const AMENDMENT_FLOW = 'amendment-to-billing';
// NOTE: until the reconciliation flow reports matched and compared contracts, its accuracy is the
// share of its runs that finished without an exception.
const RECONCILIATION_FLOW = 'reconciliation';
/** Steps whose permanent failure means the contract and the billing disagree. */
const MISMATCH_STEPS = ['validate', 'compare-terms', 'reconcile'];

export interface DailyKpis {
  day: string;
  activationP50Minutes: number | null;
  activationP95Minutes: number | null;
  amendmentsWithinSlaPercent: number | null;
  mismatchExceptions: number;
  runsWithoutManualWorkPercent: number | null;
  reconciliationAccuracyPercent: number | null;
  meanTimeToRecoverMinutes: number | null;
}

// The KPI query. Per day, each measure is limited to rows of that day; for the whole window the
// day condition is always true and the one row is labelled "window".
function kpiSql(perDay: boolean): string {
  const on = (column: string) => (perDay ? `${column} = d.day` : 'true');
  const days = perDay
    ? "SELECT generate_series((now() AT TIME ZONE 'UTC')::date - (:days - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date AS day"
    : 'SELECT NULL::date AS day';
  return `
    WITH days AS (${days}),
    finished AS (
      SELECT r.*, (r.finished_at AT TIME ZONE 'UTC')::date AS day,
        EXISTS (SELECT 1 FROM workflow_exceptions e WHERE e.run_id = r.id) AS needed_manual_work
      FROM workflow_runs r
      WHERE r.tenant_id = :tenantId AND r.finished_at >= (now() AT TIME ZONE 'UTC')::date - (:days - 1)
    ),
    activation AS (
      SELECT f.day, EXTRACT(EPOCH FROM f.finished_at - COALESCE(c.executed_at, f.started_at)) / 60 AS minutes
      FROM finished f LEFT JOIN contracts c ON c.id = f.contract_id
      WHERE f.flow = :activationFlow AND f.status = 'completed'
    ),
    exceptions AS (
      SELECT e.*, (e.created_at AT TIME ZONE 'UTC')::date AS opened_day, (e.resolved_at AT TIME ZONE 'UTC')::date AS resolved_day
      FROM workflow_exceptions e
      WHERE e.tenant_id = :tenantId AND (e.created_at >= (now() AT TIME ZONE 'UTC')::date - (:days - 1) OR e.resolved_at >= (now() AT TIME ZONE 'UTC')::date - (:days - 1))
    )
    SELECT COALESCE(to_char(d.day, 'YYYY-MM-DD'), 'window') AS day,
      (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes)::numeric, 2)::float FROM activation a WHERE ${on('a.day')}) AS "activationP50Minutes",
      (SELECT round(percentile_cont(0.95) WITHIN GROUP (ORDER BY minutes)::numeric, 2)::float FROM activation a WHERE ${on('a.day')}) AS "activationP95Minutes",
      (SELECT round(100.0 * count(*) FILTER (WHERE f.status = 'completed' AND f.finished_at - f.started_at <= (:slaHours || ' hours')::interval) / NULLIF(count(*), 0), 1)::float
         FROM finished f WHERE ${on('f.day')} AND f.flow = :amendmentFlow) AS "amendmentsWithinSlaPercent",
      (SELECT count(*)::int FROM exceptions e WHERE ${on('e.opened_day')} AND e.created_at >= (now() AT TIME ZONE 'UTC')::date - (:days - 1)
         AND e.step_name IN (:mismatchSteps)) AS "mismatchExceptions",
      (SELECT round(100.0 * count(*) FILTER (WHERE f.status = 'completed' AND NOT f.needed_manual_work) / NULLIF(count(*), 0), 1)::float
         FROM finished f WHERE ${on('f.day')}) AS "runsWithoutManualWorkPercent",
      (SELECT round(100.0 * count(*) FILTER (WHERE f.status = 'completed' AND NOT f.needed_manual_work) / NULLIF(count(*), 0), 1)::float
         FROM finished f WHERE ${on('f.day')} AND f.flow = :reconciliationFlow) AS "reconciliationAccuracyPercent",
      (SELECT round((avg(EXTRACT(EPOCH FROM e.resolved_at - e.created_at)) / 60)::numeric, 2)::float FROM exceptions e
         WHERE e.status = 'resolved' AND ${on('e.resolved_day')} AND e.resolved_at >= (now() AT TIME ZONE 'UTC')::date - (:days - 1)) AS "meanTimeToRecoverMinutes"
    FROM days d ORDER BY d.day`;
}

async function runKpiQuery(region: string, tenantId: string, days: number, perDay: boolean, transaction: Transaction): Promise<DailyKpis[]> {
  return regionDatabase(region).query<DailyKpis>(kpiSql(perDay), {
    replacements: {
      tenantId, days, slaHours: AMENDMENT_SLA_HOURS, activationFlow: ACTIVATION_FLOW, amendmentFlow: AMENDMENT_FLOW,
      reconciliationFlow: RECONCILIATION_FLOW, mismatchSteps: MISMATCH_STEPS,
    },
    type: QueryTypes.SELECT,
    transaction,
  });
}

// The KPIs of each UTC day of the last `days` days, oldest first, and of the whole window.
export async function tenantKpis(region: string, tenantId: string, days: number, transaction: Transaction): Promise<{ daily: DailyKpis[]; window: DailyKpis }> {
  const daily = await runKpiQuery(region, tenantId, days, true, transaction);
  const [window] = await runKpiQuery(region, tenantId, days, false, transaction);
  return { daily, window: window! };
}
