import type { Logger } from 'pino';
import { systemDatabase } from '../core/database.ts';

const PROBE_INTERVAL_MS = 2_000;
const PROBE_TIMEOUT_MS = 1_500;

// Checks the region database every couple of seconds, so the worker reports not-ready while the
// database is unreachable. Queries in between use the connection pool, which opens new
// connections by itself once the database is back.
export class DatabaseProbe {
  private timer: NodeJS.Timeout | undefined;
  healthy = true;

  constructor(private readonly region: string, private readonly log: Logger) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    const wasHealthy = this.healthy;
    try {
      const timeout = new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`health query timed out after ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref());
      await Promise.race([systemDatabase(this.region).query('SELECT 1'), timeout]);
      this.healthy = true;
      if (!wasHealthy) this.log.info('region database is reachable again');
    } catch (error) {
      this.healthy = false;
      if (wasHealthy) this.log.warn({ err: error }, 'region database is unreachable; the worker reports not-ready until a health query succeeds');
    }
  }
}
