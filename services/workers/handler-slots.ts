// A counting semaphore for the handlers of one consumer, so no more of them run at once than the
// database pool can serve. Messages past the limit stay unacknowledged in this process (the channel
// prefetch bounds how many) instead of queueing for a pool connection until acquire times out.
// Waiters on the work lane are served before those on the overflow lane, so a quiet tenant's message
// does not wait behind a flooding tenant's overflow backlog for the next free slot.
export type Lane = 'work' | 'overflow';

export class HandlerSlots {
  private running = 0;
  private closed = false;
  private readonly waiting: Record<Lane, ((acquired: boolean) => void)[]> = { work: [], overflow: [] };

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Handler concurrency must be a positive integer, got ${limit}.`);
  }

  get inUse(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.work.length + this.waiting.overflow.length;
  }

  // Resolves true with a slot taken, which the caller gives back with one call to release().
  // Resolves false, with no slot taken, once the slots are closed.
  acquire(lane: Lane): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.running < this.limit) {
      this.running += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  // Hands the slot straight to the next waiter, work lane first, or frees it.
  release(): void {
    const next = this.waiting.work.shift() ?? this.waiting.overflow.shift();
    if (next) next(true);
    else this.running -= 1;
  }

  // Turns away every waiter and every later caller, so a stopping consumer returns their messages
  // to the queue at once instead of after the handlers still running.
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiting.work.splice(0), ...this.waiting.overflow.splice(0)]) waiter(false);
  }
}
