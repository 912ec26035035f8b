// A counting semaphore for the handlers of one consumer, so no more of them run at once than the
// database pool can serve. Messages past the limit stay unacknowledged in this process (the channel
// prefetch bounds how many) instead of queueing for a pool connection until acquire times out.
// Waiters on the work lane are served before those on the overflow lane, so a quiet tenant's message
// does not wait behind a flooding tenant's overflow backlog for the next free slot.
export type Lane = 'work' | 'overflow';

export class HandlerSlots {
  private running = 0;
  private readonly waiting: Record<Lane, (() => void)[]> = { work: [], overflow: [] };

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Handler concurrency must be a positive integer, got ${limit}.`);
  }

  get inUse(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.work.length + this.waiting.overflow.length;
  }

  // Resolves once a slot is free; the caller must call release() exactly once afterwards.
  acquire(lane: Lane): Promise<void> {
    if (this.running < this.limit) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  // Hands the slot straight to the next waiter, work lane first, or frees it.
  release(): void {
    const next = this.waiting.work.shift() ?? this.waiting.overflow.shift();
    if (next) next();
    else this.running -= 1;
  }
}
