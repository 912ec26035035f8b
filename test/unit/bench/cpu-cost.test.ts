import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { cpuAccountingAvailable, cpuSpent, readCpu, type CpuReading } from '../../bench/flows/cpu-cost.ts';

function reading(machineBusyMs: number, workers: [number, number][]): CpuReading {
  return {
    machineBusyMs,
    machineTotalMs: machineBusyMs * 2,
    byPart: { postgres: new Map(), rabbitmq: new Map(), workers: new Map(workers), bench: new Map() },
  };
}

describe('flow benchmark CPU accounting', () => {
  it('counts CPU between two readings', () => {
    const spent = cpuSpent(reading(1_000, [[10, 400], [11, 50]]), reading(3_000, [[10, 900], [12, 70]]));

    // Process 10 used 500 ms. Process 12 started in between, so all its 70 ms count. Process 11
    // exited and drops out.
    assert.equal(spent.byPart.workers, 570);
    assert.equal(spent.machineBusyMs, 2_000);
    assert.equal(spent.machineTotalMs, 4_000);
  });

  // The test command runs on Linux beside a local PostgreSQL, as the benchmark does.
  it('reads own and PostgreSQL CPU', async () => {
    assert.ok(cpuAccountingAvailable());
    const before = await readCpu([]);
    pbkdf2Sync('password', 'salt', 1_000_000, 32, 'sha256');
    const spent = cpuSpent(before, await readCpu([]));

    assert.ok(spent.byPart.bench >= 100, `expected at least 100 ms of CPU in this process, got ${spent.byPart.bench}`);
    // The kernel samples the machine's busy time at each 10 ms tick, so it may fall a few ticks
    // short of the process's exact time over a short span.
    assert.ok(spent.machineBusyMs >= spent.byPart.bench / 2, `the machine was busy ${spent.machineBusyMs} ms, this process ${spent.byPart.bench} ms`);
    assert.ok(before.byPart.postgres.size > 0, 'no postgres process was found');
  });
});
