import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

// The business KPIs of contract-to-cash, computed from stored runs, exceptions and
// reconciliations of one tenant over a window of days. Every query names the tenant itself, so
// the same code serves the API (app role, under row-level security) and the worker's Prometheus
// collector (system role, across tenants). It lives in core because both processes use it.

export interface KpiOptions {
  days: number;
  // Hours within which an amendment counts as synchronized, from the CLM's webhook to the run's end.
  amendmentSlaHours: number;
  // End of the window; now when absent. The portal's daily charts compute one-day windows that end in the past.
  until?: Date;
}

export interface Kpis {
  windowDays: number;
  activation: { runs: number; medianSeconds: number | null; p90Seconds: number | null; p95Seconds: number | null };
  amendments: { runs: number; withinSla: number; ratio: number | null; slaHours: number };
  billingExceptionsFromContractMismatch: { exceptions: number; reconciliationGaps: number };
  runsWithoutManualWork: { finished: number; withoutManualWork: number; ratio: number | null };
  reconciliationAccuracy: { contractsChecked: number; contractsMatched: number; ratio: number | null };
  recovery: { recovered: number; meanSeconds: number | null };
}

// Steps whose permanent failure means the contract and the billing disagree.
export const CONTRACT_MISMATCH_STEPS = ['validate', 'check-invoiced-milestones'];

// When the source system announced the trigger: the webhook's arrival, else the run's start. The
// event id is cast to uuid, only when it has a uuid's form, so the look-up uses the primary key:
// comparing as text scanned every inbound event once per run.
const TRIGGERED_AT = `COALESCE((SELECT e.received_at FROM inbound_events e
  WHERE e.id = CASE WHEN r.input->>'inboundEventId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    THEN (r.input->>'inboundEventId')::uuid END), r.started_at)`;

const ratio = (part: number, whole: number) => (whole === 0 ? null : Number((part / whole).toFixed(4)));
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(Number(value).toFixed(1)));

export async function computeKpis(database: Sequelize, tenantId: string, options: KpiOptions, transaction?: Transaction): Promise<Kpis> {
  const selectRow = async (sql: string): Promise<Record<string, unknown>> => {
    const [row] = await database.query<Record<string, unknown>>(sql, {
      replacements: { tenantId, days: options.days, until: options.until ?? null, slaSeconds: options.amendmentSlaHours * 3600, mismatchSteps: CONTRACT_MISMATCH_STEPS },
      type: QueryTypes.SELECT, ...(transaction ? { transaction } : {}),
    });
    return row ?? {};
  };
  const until = 'COALESCE(CAST(:until AS timestamptz), now())';
  const recent = `r.tenant_id = :tenantId AND r.started_at > ${until} - make_interval(days => :days) AND r.started_at <= ${until}`;

  const activation = await selectRow(`SELECT count(*)::int AS runs,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - ${TRIGGERED_AT})) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - ${TRIGGERED_AT})) AS p90,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - ${TRIGGERED_AT})) AS p95
    FROM workflow_runs r WHERE ${recent} AND r.flow = 'contract-activation' AND r.status = 'completed'`);
  const amendments = await selectRow(`SELECT count(*)::int AS runs,
      count(*) FILTER (WHERE r.status = 'completed' AND extract(epoch FROM r.finished_at - ${TRIGGERED_AT}) <= :slaSeconds)::int AS within
    FROM workflow_runs r WHERE ${recent} AND r.flow = 'amendment-billing' AND r.status <> 'running'`);
  const mismatches = await selectRow(`SELECT
      (SELECT count(*) FROM workflow_exceptions x JOIN workflow_runs r ON r.id = x.run_id WHERE ${recent} AND x.step_name IN (:mismatchSteps))::int AS exceptions,
      (SELECT count(*) FROM reconciliation_gaps g WHERE g.tenant_id = :tenantId AND g.created_at > ${until} - make_interval(days => :days) AND g.created_at <= ${until})::int AS gaps`);
  const manual = await selectRow(`SELECT count(*)::int AS finished,
      count(*) FILTER (WHERE r.status = 'completed' AND NOT EXISTS (SELECT 1 FROM workflow_exceptions x WHERE x.run_id = r.id))::int AS automatic
    FROM workflow_runs r WHERE ${recent} AND r.status <> 'running'`);
  const accuracy = await selectRow(`SELECT coalesce(sum(contracts_checked), 0)::int AS checked, coalesce(sum(contracts_matched), 0)::int AS matched
    FROM reconciliations WHERE tenant_id = :tenantId AND status = 'completed' AND started_at > ${until} - make_interval(days => :days) AND started_at <= ${until}`);
  const recovery = await selectRow(`SELECT count(*)::int AS recovered, avg(extract(epoch FROM r.finished_at - x.first_failure)) AS mean
    FROM workflow_runs r JOIN (SELECT run_id, min(created_at) AS first_failure FROM workflow_exceptions GROUP BY run_id) x ON x.run_id = r.id
    WHERE ${recent} AND r.status = 'completed'`);

  return {
    windowDays: options.days,
    activation: { runs: Number(activation.runs ?? 0), medianSeconds: numberOrNull(activation.median), p90Seconds: numberOrNull(activation.p90), p95Seconds: numberOrNull(activation.p95) },
    amendments: { runs: Number(amendments.runs ?? 0), withinSla: Number(amendments.within ?? 0), ratio: ratio(Number(amendments.within ?? 0), Number(amendments.runs ?? 0)), slaHours: options.amendmentSlaHours },
    billingExceptionsFromContractMismatch: { exceptions: Number(mismatches.exceptions ?? 0), reconciliationGaps: Number(mismatches.gaps ?? 0) },
    runsWithoutManualWork: { finished: Number(manual.finished ?? 0), withoutManualWork: Number(manual.automatic ?? 0), ratio: ratio(Number(manual.automatic ?? 0), Number(manual.finished ?? 0)) },
    reconciliationAccuracy: { contractsChecked: Number(accuracy.checked ?? 0), contractsMatched: Number(accuracy.matched ?? 0), ratio: ratio(Number(accuracy.matched ?? 0), Number(accuracy.checked ?? 0)) },
    recovery: { recovered: Number(recovery.recovered ?? 0), meanSeconds: numberOrNull(recovery.mean) },
  };
}
