import express from 'express';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { tenantContext } from '../access/tenant-access.ts';
import { lineChart } from '../charts/line-chart.ts';
import { AMENDMENT_SLA_HOURS, tenantKpis, type DailyKpis } from '../kpis/tenant-kpis.ts';

const WINDOWS = [7, 30, 90];

interface KpiDefinition {
  key: keyof Omit<DailyKpis, 'day'>;
  title: string;
  unit: string;
  explanation: string;
}

const KPIS: KpiDefinition[] = [
  { key: 'activationP50Minutes', title: 'Time to activation, median', unit: 'min', explanation: 'From contract execution to a completed activation run.' },
  { key: 'activationP95Minutes', title: 'Time to activation, 95th percentile', unit: 'min', explanation: 'The slowest 5 % of activations take longer than this.' },
  { key: 'amendmentsWithinSlaPercent', title: 'Amendments synchronised within SLA', unit: '%', explanation: `Amendment runs completed within ${AMENDMENT_SLA_HOURS} hours.` },
  { key: 'mismatchExceptions', title: 'Billing exceptions from contract mismatch', unit: '', explanation: 'Exceptions opened because contract and billing data disagree.' },
  { key: 'runsWithoutManualWorkPercent', title: 'Runs without manual work', unit: '%', explanation: 'Finished runs that completed without any exception.' },
  { key: 'reconciliationAccuracyPercent', title: 'Reconciliation accuracy', unit: '%', explanation: 'Reconciliation runs that found no gap between CLM and ERP.' },
  { key: 'meanTimeToRecoverMinutes', title: 'Mean time to recover', unit: 'min', explanation: 'From an exception opening to its resolution.' },
];

// The tenant's business KPIs as numbers for the chosen window and as daily charts.
export function dashboardRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/dashboard', async (req, res) => {
    const { tenant } = tenantContext(res);
    const requested = Number(req.query.days);
    const days = WINDOWS.includes(requested) ? requested : 30;
    const { daily, window } = await withTenant(scopeOf(tenant), (transaction) => tenantKpis(tenant.region, tenant.id, days, transaction));

    const kpis = KPIS.map((kpi) => ({
      ...kpi,
      value: window[kpi.key],
      chart: lineChart(kpi.title, kpi.unit, daily.map((row) => ({ label: row.day, value: row[kpi.key] }))),
    }));
    res.render('dashboard/show', {
      title: `Dashboard · ${tenant.name}`,
      section: 'dashboard',
      kpis,
      days,
      windows: WINDOWS.map((value) => ({ value, current: value === days })),
    });
  });

  return router;
}
