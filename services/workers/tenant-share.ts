// Per-tenant concurrency limit of one consumer. A tenant may have `limit` messages of the work
// queue in flight at once; its next ones go to the overflow queue, and while any of them wait
// there its later messages follow them, so one tenant's messages keep their order between the two
// queues. Messages from the overflow queue are always admitted: that lane has its own prefetch, so
// a flooding tenant's backlog uses only that lane's share of the worker.
//
// NOTE: the counts live in this process. With several worker copies each applies the limit on its
// own, and after a restart a tenant's overflow backlog is not known until its messages come back.
export class TenantShare {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, number>();

  constructor(readonly limit: number) {}

  // Decides where a message from the work queue goes: handled now, or moved to the overflow queue.
  admit(tenant: string): 'handle' | 'overflow' {
    const busy = (this.inFlight.get(tenant) ?? 0) >= this.limit;
    if (busy || (this.waiting.get(tenant) ?? 0) > 0) return 'overflow';
    return 'handle';
  }

  started(tenant: string): void {
    this.inFlight.set(tenant, (this.inFlight.get(tenant) ?? 0) + 1);
  }

  finished(tenant: string): void {
    decrement(this.inFlight, tenant);
  }

  movedToOverflow(tenant: string): void {
    this.waiting.set(tenant, (this.waiting.get(tenant) ?? 0) + 1);
  }

  takenFromOverflow(tenant: string): void {
    decrement(this.waiting, tenant);
  }

  // True while this tenant has messages waiting in the overflow queue that this process moved there.
  overflowing(tenant: string): boolean {
    return (this.waiting.get(tenant) ?? 0) > 0;
  }
}

function decrement(counts: Map<string, number>, tenant: string): void {
  const next = (counts.get(tenant) ?? 0) - 1;
  if (next > 0) counts.set(tenant, next);
  else counts.delete(tenant);
}
