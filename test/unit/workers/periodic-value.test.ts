import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { PeriodicValue } from '../../../services/workers/periodic-value.ts';

describe('periodic value', () => {
  const log = pino({ level: 'silent' });
  let value: PeriodicValue<number> | undefined;

  afterEach(async () => {
    await value?.stop();
  });

  // A computation that takes `ms` milliseconds and returns how many times it ran.
  function slowCounter(ms: number) {
    const state = { runs: 0 };
    const compute = async () => {
      await sleep(ms);
      state.runs += 1;
      return state.runs;
    };
    return { state, compute };
  }

  it('waits only for the first result', async () => {
    const { state, compute } = slowCounter(100);
    value = new PeriodicValue(compute, 60_000, log);
    value.start();
    assert.equal(await value.current(), 1);

    const started = performance.now();
    for (let read = 0; read < 5; read += 1) assert.equal(await value.current(), 1);
    assert.ok(performance.now() - started < 20, 'later reads return the cached result at once');
    assert.equal(state.runs, 1, 'reads do not compute');
  });

  it('computes again every interval', async () => {
    const { compute } = slowCounter(5);
    value = new PeriodicValue(compute, 30, log);
    value.start();
    await value.current();
    await sleep(150);
    assert.ok((await value.current()) >= 3, 'the background refresh ran several times');
  });

  it('keeps the previous value after a failure', async () => {
    let calls = 0;
    value = new PeriodicValue(async () => {
      calls += 1;
      if (calls > 1) throw new Error('database unavailable');
      return 7;
    }, 10, log);
    value.start();
    assert.equal(await value.current(), 7);
    await sleep(60);
    assert.ok(calls > 1, 'the refresh was attempted again');
    assert.equal(await value.current(), 7);
  });

  it('stops refreshing when stopped', async () => {
    const { state, compute } = slowCounter(1);
    value = new PeriodicValue(compute, 10, log);
    value.start();
    await value.current();
    await value.stop();
    const runs = state.runs;
    await sleep(60);
    assert.equal(state.runs, runs);
  });

  it('waits for a computation in flight when stopped', async () => {
    const { state, compute } = slowCounter(50);
    value = new PeriodicValue(compute, 60_000, log);
    value.start();
    await value.stop();

    assert.equal(state.runs, 1, 'the computation finished before stop returned');
  });

  it('asks a computation in flight to end early', async () => {
    let seen: AbortSignal | undefined;
    value = new PeriodicValue(async (signal) => {
      seen = signal;
      // Ends only when asked, as a long computation checks between its parts.
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      return 1;
    }, 60_000, log);
    value.start();
    await value.stop();

    assert.equal(seen?.aborted, true);
  });
});
