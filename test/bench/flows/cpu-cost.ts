import { readdir, readFile } from 'node:fs/promises';
import pidusage from 'pidusage';

// The CPU a phase of the flow benchmark used, by part of the platform, from Linux's /proc. The
// commits and messages per activation show where the work goes. The CPU time per activation
// bounds how many activations the machine can carry, because PostgreSQL, RabbitMQ, the workers
// and this process (gateway, simulators and load) share its cores.
// PostgreSQL's and RabbitMQ's figures are the whole servers', so on a shared server they are upper
// bounds. A PostgreSQL backend that exits during a phase drops out with the CPU it used; the
// benchmark's pools keep theirs open, so that loss is small.

export interface CpuReading {
  // CPU time of every core, busy and in all.
  machineBusyMs: number;
  machineTotalMs: number;
  // Cumulative CPU time of each process counted, by process id.
  byPart: Record<CpuPart, Map<number, number>>;
}

export type CpuPart = 'postgres' | 'rabbitmq' | 'workers' | 'bench';

export const CPU_PART_NAMES: Record<CpuPart, string> = {
  postgres: 'PostgreSQL',
  workers: 'workers',
  bench: 'gateway, simulators and load',
  rabbitmq: 'RabbitMQ',
};

// Process names as /proc/<pid>/comm gives them.
const SERVER_COMMANDS: Record<string, CpuPart> = { postgres: 'postgres', 'beam.smp': 'rabbitmq' };

export function cpuAccountingAvailable(): boolean {
  return process.platform === 'linux';
}

async function serverProcesses(): Promise<Map<number, CpuPart>> {
  const found = new Map<number, CpuPart>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    const part = SERVER_COMMANDS[command.trim()];
    if (part) found.set(Number(entry), part);
  }
  return found;
}

// The first line of /proc/stat sums every core: user, nice, system, idle, iowait, irq, softirq
// and steal, in clock ticks of 10 ms (Linux's USER_HZ is 100). Node's os.cpus() has no softirq
// field, and softirq is where the kernel does much of the loopback networking, so this file reads
// /proc/stat itself.
const MS_PER_TICK = 10;

async function machineTimes(): Promise<{ busyMs: number; totalMs: number }> {
  const [line] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const ticks = (line ?? '').split(/\s+/).slice(1, 9).map(Number);
  const totalMs = ticks.reduce((sum, tick) => sum + tick, 0) * MS_PER_TICK;
  const idleMs = ((ticks[3] ?? 0) + (ticks[4] ?? 0)) * MS_PER_TICK;
  return { busyMs: totalMs - idleMs, totalMs };
}

// Reads the cumulative CPU time of the servers, the given worker processes and this process.
export async function readCpu(workerPids: number[]): Promise<CpuReading> {
  const parts = await serverProcesses();
  for (const pid of workerPids) parts.set(pid, 'workers');
  parts.set(process.pid, 'bench');

  const usage = await pidusage([...parts.keys()]);
  const byPart: CpuReading['byPart'] = { postgres: new Map(), rabbitmq: new Map(), workers: new Map(), bench: new Map() };
  for (const [pid, part] of parts) {
    // A process that exited between the listing and the read has no entry.
    const stat = usage[pid];
    if (stat) byPart[part].set(pid, stat.ctime);
  }
  const machine = await machineTimes();
  return { machineBusyMs: machine.busyMs, machineTotalMs: machine.totalMs, byPart };
}

export interface CpuSpent {
  machineBusyMs: number;
  machineTotalMs: number;
  byPart: Record<CpuPart, number>;
}

// CPU time spent between two readings. A process seen only in the later one started in between,
// so all of its time counts.
export function cpuSpent(before: CpuReading, after: CpuReading): CpuSpent {
  const byPart = { postgres: 0, rabbitmq: 0, workers: 0, bench: 0 };
  for (const part of Object.keys(byPart) as CpuPart[]) {
    for (const [pid, ms] of after.byPart[part]) byPart[part] += ms - (before.byPart[part].get(pid) ?? 0);
  }
  return {
    machineBusyMs: after.machineBusyMs - before.machineBusyMs,
    machineTotalMs: after.machineTotalMs - before.machineTotalMs,
    byPart,
  };
}

// Closes the files pidusage keeps open between readings.
export function closeCpuReadings(): void {
  pidusage.clear();
}
