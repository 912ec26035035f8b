import { ConnectionAcquireTimeoutError } from 'sequelize';

// A failure that says the worker is busier than its database pool, not that the work is wrong:
// no pool connection came free within the acquire timeout. The message is deferred without
// counting an attempt, so a burst of load never walks a message up the retry ladder or fails a
// run for good.
export function isPoolExhausted(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof ConnectionAcquireTimeoutError) return true;
  }
  return false;
}

// Delay before a deferred message comes back: long enough for the pool to drain, with jitter so
// the deferred messages of one burst do not all return at once.
export function backPressureDelayMs(random: () => number = Math.random): number {
  return Math.round(1_000 + random() * 1_000);
}
