import express from 'express';
import { regionDatabase } from '../../services/core/database.ts';
import { computeKpis, type Kpis } from '../../services/core/kpis.ts';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { tenantContext } from '../access/tenant-access.ts';
import { lineChart } from '../charts/line-chart.ts';
import { AMENDMENT_SLA_HOURS, KPI_DEFINITIONS } from '../kpis/kpi-definitions.ts';

const WINDOWS = [7, 30];
const DAY_MS = 86_400_000;

// Ends of the last `days` UTC days, oldest first; today's ends now.
function dayEnds(days: number): { label: string; until: Date }[] {
  const now = new Date();
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, index) => {
    const start = todayStart - (days - 1 - index) * DAY_MS;
    return { label: new Date(start).toISOString().slice(0, 10), until: index === days - 1 ? now : new Date(start + DAY_MS) };
  });
}

// Durations are charted in minutes, which reads better on an axis than seconds.
function chartValue(unit: string, value: number | null): number | null {
  if (value === null || unit !== 'duration') return value;
  return Math.round((value / 60) * 100) / 100;
}

// The tenant's business KPIs for the chosen window, and one chart per KPI of its daily values.
export function dashboardRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/dashboard', async (req, res) => {
    const { tenant } = tenantContext(res);
    const requested = Number(req.query.days);
    const days = WINDOWS.includes(requested) ? requested : 30;
    const database = regionDatabase(tenant.region);

    const { window, daily } = await withTenant(scopeOf(tenant), async (transaction) => {
      const options = { days, amendmentSlaHours: AMENDMENT_SLA_HOURS };
      const totals = await computeKpis(database, tenant.id, options, transaction);
      const perDay: { label: string; kpis: Kpis }[] = [];
      for (const { label, until } of dayEnds(days)) {
        perDay.push({ label, kpis: await computeKpis(database, tenant.id, { ...options, days: 1, until }, transaction) });
      }
      return { window: totals, daily: perDay };
    });

    const kpis = KPI_DEFINITIONS.map((kpi) => ({
      key: kpi.key,
      title: kpi.title,
      unit: kpi.unit,
      explanation: kpi.explanation,
      value: kpi.read(window),
      basis: kpi.basis(window),
      chart: lineChart(kpi.title, kpi.unit === 'duration' ? 'min' : kpi.unit, daily.map((day) => ({ label: day.label, value: chartValue(kpi.unit, kpi.read(day.kpis)) }))),
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
