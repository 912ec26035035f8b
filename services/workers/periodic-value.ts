import type { Logger } from 'pino';

// A value computed in the background, now and then again every interval, so that readers get
// the latest result at once instead of waiting for a slow computation. Only the first read waits,
// because before the first result there is nothing to return. A failed computation is logged and
// the previous value stays.
export class PeriodicValue<T> {
  private latest: T | undefined;
  private first: Promise<T> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private computing: Promise<void> | undefined;
  private stopped = false;
  // Aborted by stop(), so a long computation can end early instead of delaying a shutdown.
  private abort = new AbortController();

  constructor(
    private readonly compute: (signal: AbortSignal) => Promise<T>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  // Starts the first computation; each later one begins an interval after the previous ended,
  // so two never overlap however slow they are.
  start(): void {
    this.stopped = false;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.first ??= this.schedule().then(() => this.latest as T);
  }

  // Stops the schedule, signals a computation in flight to end early and waits for it, so its
  // connections can close after.
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.computing;
  }

  async current(): Promise<T> {
    if (this.latest !== undefined) return this.latest;
    this.start();
    return this.first as Promise<T>;
  }

  private schedule(): Promise<void> {
    this.computing = this.refresh();
    return this.computing;
  }

  private async refresh(): Promise<void> {
    const started = Date.now();
    try {
      this.latest = await this.compute(this.abort.signal);
      this.log.debug({ durationMs: Date.now() - started }, 'computed a periodic value');
    } catch (error) {
      this.log.error({ err: error, durationMs: Date.now() - started }, 'failed to compute a periodic value; readers keep the previous one');
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.schedule(), this.intervalMs);
    // The schedule alone must not keep a process alive that is otherwise shutting down.
    this.timer.unref();
  }
}
