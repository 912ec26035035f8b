import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import { config } from '../core/config.ts';
import { systemDatabase } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { requestReconciliation } from '../core/reconciliation-requests.ts';

// The scheduled reconciliation: every interval, each tenant of the region with active contracts
// gets a reconciliation row and a `reconciliation.requested` event, which the orchestrator runs.
// The interval is RECONCILIATION_INTERVAL_MINUTES, and 0 turns the schedule off.
function reconciliationIntervalMs(): number {
  return config().worker.reconciliationIntervalMinutes * 60_000;
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
