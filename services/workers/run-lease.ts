import type { Logger } from 'pino';
import type { TenantScope } from '../core/tenancy.ts';
import { releaseLease, renewLease, type Lease } from './run-store.ts';

// How long a run's lease lasts without renewal, and how often the worker renews it. A worker that
// dies stops renewing, so another takes the run over within LEASE_MS.
export const LEASE_MS = 10_000;
const HEARTBEAT_MS = 3_000;

// Keeps a run's lease alive while this consumer works on it, and notices when it was lost (this
// process stalled past the lease and another consumer took the run).
export class LeaseHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  lost = false;

  constructor(
    private readonly scope: TenantScope,
    private readonly runId: string,
    private readonly lease: Lease,
    private readonly log: Logger,
  ) {}

  get owner(): string {
    return this.lease.owner;
  }

  start(): void {
    this.timer = setInterval(() => void this.renew(), HEARTBEAT_MS);
    this.timer.unref();
  }

  // Records that a commit which finished the run also cleared its lease, so stop() need not.
  markReleased(): void {
    this.released = true;
  }

  // Stops renewing and gives the lease back, unless the run's last commit already released it.
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.released) return;
    await releaseLease(this.scope, this.runId, this.lease.owner)
      .catch((error: unknown) => this.log.warn({ err: error }, 'failed to release the run lease; it expires by itself'));
  }

  private async renew(): Promise<void> {
    try {
      if (await renewLease(this.scope, this.runId, this.lease)) return;
      this.lost = true;
      this.log.warn('lost the run lease to another consumer; stopping after the current step');
    } catch (error) {
      // The database may be restarting; the lease stays valid until it expires.
      this.log.warn({ err: error }, 'failed to renew the run lease; trying again at the next heartbeat');
    }
  }
}
