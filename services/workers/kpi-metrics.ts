import { QueryTypes } from 'sequelize';
import { Gauge } from 'prom-client';
import { config } from '../core/config.ts';
import { systemDatabase } from '../core/database.ts';
import { computeKpis, type Kpis } from '../core/kpis.ts';
import { logger } from '../core/logger.ts';
import { PeriodicValue } from './periodic-value.ts';

// The KPIs as Prometheus gauges on the worker's /metrics, one series per tenant and region, over
// the last 30 days, from the same queries as the API. They are computed in the background,
// because computing them for every tenant of a region can take seconds.
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

interface KpiSample {
  tenant: string;
  region: string;
  kpis: Kpis;
}

// Computes the KPIs of every tenant with runs in the window, in each of the worker's regions. A
// region that fails is logged and left out, so the others still report. An aborted computation
// stops after the tenant in hand, because a region with many tenants takes seconds.
async function computeSamples(regions: string[], signal: AbortSignal): Promise<KpiSample[]> {
  const samples: KpiSample[] = [];
  for (const region of regions) {
    try {
      const tenants = await systemDatabase(region).query<{ tenantId: string }>(
        `SELECT DISTINCT tenant_id AS "tenantId" FROM workflow_runs WHERE started_at > now() - make_interval(days => :days)`,
        { replacements: { days: WINDOW.days }, type: QueryTypes.SELECT });
      for (const { tenantId } of tenants) {
        if (signal.aborted) return samples;
        samples.push({ tenant: tenantId, region, kpis: await computeKpis(systemDatabase(region), tenantId, WINDOW) });
      }
    } catch (error) {
      log.error({ err: error, region }, 'failed to compute KPI metrics; the scrape shows the region without them');
    }
  }
  return samples;
}

let backgroundKpis: PeriodicValue<KpiSample[]> | undefined;

// Registers the gauges once per process and starts computing the KPIs in the background, every
// KPI_METRICS_INTERVAL_SECONDS. A scrape copies the latest results into the gauges, so it
// returns at once. Only a scrape before the first computation has finished waits for it.
export function registerKpiMetrics(regions: string[], intervalMs = config().worker.kpiMetricsIntervalSeconds * 1000): void {
  if (backgroundKpis) return;
  const computed = new PeriodicValue((signal) => computeSamples(regions, signal), intervalMs, log);
  backgroundKpis = computed;
  for (const definition of GAUGES) {
    const gauge: Gauge = new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: ['tenant', 'region'],
      collect: async () => {
        const latest = await computed.current();
        gauge.reset();
        for (const { tenant, region, kpis } of latest) {
          const value = definition.read(kpis);
          if (value !== null) gauge.set({ tenant, region }, value);
        }
      },
    });
  }
  computed.start();
}

// Stops computing the KPIs and waits for a computation in flight, before the databases close.
export async function stopKpiMetrics(): Promise<void> {
  await backgroundKpis?.stop();
}
