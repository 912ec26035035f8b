import { QueryTypes } from 'sequelize';
import { Gauge } from 'prom-client';
import { systemDatabase } from '../core/database.ts';
import { computeKpis, type Kpis } from '../core/kpis.ts';
import { logger } from '../core/logger.ts';

// The KPIs as Prometheus gauges on the worker's /metrics, one series per tenant and region, over
// the last 30 days. They are computed when Prometheus scrapes, from the same queries as the API.
const WINDOW = { days: 30, amendmentSlaHours: 24 };
const log = logger('kpi-metrics');

const GAUGES: { name: string; help: string; read: (kpis: Kpis) => number | null }[] = [
  { name: 'throughline_activation_median_seconds', help: 'Median seconds from contract execution to project activation, last 30 days', read: (kpis) => kpis.activation.medianSeconds },
  { name: 'throughline_amendments_within_sla_ratio', help: 'Share of amendments synchronized within 24 hours, last 30 days', read: (kpis) => kpis.amendments.ratio },
  { name: 'throughline_contract_mismatch_exceptions', help: 'Billing exceptions caused by contract mismatch, last 30 days', read: (kpis) => kpis.billingExceptionsFromContractMismatch.exceptions },
  { name: 'throughline_runs_without_manual_work_ratio', help: 'Share of finished runs that needed no exception handling, last 30 days', read: (kpis) => kpis.runsWithoutManualWork.ratio },
  { name: 'throughline_reconciliation_accuracy_ratio', help: 'Share of reconciled contracts with no gap, last 30 days', read: (kpis) => kpis.reconciliationAccuracy.ratio },
  { name: 'throughline_recovery_mean_seconds', help: 'Mean seconds from a run\'s first exception to its completion, last 30 days', read: (kpis) => kpis.recovery.meanSeconds },
];

let registered = false;

// Registers the gauges once per process. Each scrape computes the KPIs of every tenant with runs
// in the window, in each of the worker's regions.
export function registerKpiMetrics(regions: string[]): void {
  if (registered) return;
  registered = true;
  // prom-client reads the gauges of one scrape concurrently, so every gauge's collect callback
  // waits on one shared computation, which a scrape within a second of the last one reuses.
  let computed: { at: number; done: Promise<void> } | undefined;
  const collect = () => {
    if (!computed || Date.now() - computed.at > 1_000) computed = { at: Date.now(), done: fill() };
    return computed.done;
  };
  const gauges = GAUGES.map((definition) => ({
    definition,
    gauge: new Gauge({ name: definition.name, help: definition.help, labelNames: ['tenant', 'region'], collect }),
  }));
  const fill = async () => {
    for (const { gauge } of gauges) gauge.reset();
    for (const region of regions) {
      try {
        const tenants = await systemDatabase(region).query<{ tenantId: string }>(
          `SELECT DISTINCT tenant_id AS "tenantId" FROM workflow_runs WHERE started_at > now() - make_interval(days => :days)`,
          { replacements: { days: WINDOW.days }, type: QueryTypes.SELECT });
        for (const { tenantId } of tenants) {
          const kpis = await computeKpis(systemDatabase(region), tenantId, WINDOW);
          for (const { definition, gauge } of gauges) {
            const value = definition.read(kpis);
            if (value !== null) gauge.set({ tenant: tenantId, region }, value);
          }
        }
      } catch (error) {
        log.error({ err: error, region }, 'failed to compute KPI metrics; the scrape shows the region without them');
      }
    }
  };
}
