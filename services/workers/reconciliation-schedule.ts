import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import { systemDatabase } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { requestReconciliation } from '../core/reconciliation-requests.ts';

// The scheduled reconciliation: every interval, each tenant of the region with active contracts
// gets a reconciliation row and a `reconciliation.requested` event, which the orchestrator runs.
// NOTE: RECONCILIATION_INTERVAL_MINUTES is read here because services/core/config.ts has no
// setting for it yet. 0 turns the schedule off; the default is one pass an hour.
const DEFAULT_INTERVAL_MINUTES = 60;

export function reconciliationIntervalMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.RECONCILIATION_INTERVAL_MINUTES;
  const minutes = raw === undefined ? DEFAULT_INTERVAL_MINUTES : Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`Invalid configuration: RECONCILIATION_INTERVAL_MINUTES must be a number of minutes, 0 or more, but got "${raw}".`);
  }
  return minutes * 60_000;
}

export class ReconciliationSchedule {
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(private readonly region: string, private readonly intervalMs: number = reconciliationIntervalMs()) {
    this.log = logger('reconciliation-schedule', { region });
  }

  start(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => void this.requestAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  // Requests a pass for every tenant with active contracts. The system role reads across tenants.
  async requestAll(): Promise<number> {
    try {
      const tenants = await systemDatabase(this.region).query<{ tenantId: string }>(
        `SELECT DISTINCT tenant_id AS "tenantId" FROM contracts WHERE status = 'active'`, { type: QueryTypes.SELECT });
      for (const { tenantId } of tenants) await requestReconciliation({ tenantId, region: this.region }, 'schedule');
      this.log.info({ tenants: tenants.length }, 'requested scheduled reconciliations');
      return tenants.length;
    } catch (error) {
      this.log.error({ err: error }, 'failed to request scheduled reconciliations; the next interval tries again');
      return 0;
    }
  }
}
