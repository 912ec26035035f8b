import { readdir, readFile } from 'node:fs/promises';

// The CPU a phase of the flow benchmark used, by part of the platform, from Linux's /proc. The
// commits and messages per activation show where the work goes. The CPU time per activation
// bounds how many activations the machine can carry, because PostgreSQL, RabbitMQ, the workers,
// this process (gateway, simulators and load) and Redis share its cores. Redis and anything else
// running fall into "the rest".
// PostgreSQL's and RabbitMQ's figures are the whole servers', so on a shared server they are upper
// bounds. A PostgreSQL backend that exits during a phase drops out with the CPU it used. The
// pools close idle connections after 10 s, which in the benchmark happens during the wait between
// phases, so the loss is small.
// NOTE: the kernel samples the machine's time at each clock tick but counts a process's time from
// its exact run time. At light load the parts can so add up to a little more than the machine,
// and "the rest" can print slightly below zero.
// pidusage reads the same files but keeps each /proc/<pid>/stat open between calls and offers no
// way to close it, so this file reads them itself.

export interface CpuReading {
  // Busy and total CPU time, summed over every core.
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

// The part of each server process, by its name in /proc/<pid>/comm.
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

// /proc counts CPU time in clock ticks of USER_HZ, which is 100 on Linux.
const MS_PER_TICK = 10;

// The first line of /proc/stat sums every core: user, nice, system, idle, iowait, irq, softirq
// and steal. Node's os.cpus() has no softirq field, and softirq is where the kernel does much of
// the loopback networking, so this reads /proc/stat itself.

async function machineTimes(): Promise<{ busyMs: number; totalMs: number }> {
  const [line] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const ticks = (line ?? '').split(/\s+/).slice(1, 9).map(Number);
  const totalMs = ticks.reduce((sum, tick) => sum + tick, 0) * MS_PER_TICK;
  const idleMs = ((ticks[3] ?? 0) + (ticks[4] ?? 0)) * MS_PER_TICK;
  return { busyMs: totalMs - idleMs, totalMs };
}

// Returns a process's user and system CPU time in ms, or undefined once it has exited. The
// command name in the second field may contain spaces, so the fields are counted from its closing
// bracket. utime and stime are the 12th and 13th fields after it.
export async function processCpuMs(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

// Reads the cumulative CPU time of the servers, the given worker processes and this process.
export async function readCpu(workerPids: number[]): Promise<CpuReading> {
  const parts = await serverProcesses();
  for (const pid of workerPids) parts.set(pid, 'workers');
  parts.set(process.pid, 'bench');

  const byPart: CpuReading['byPart'] = { postgres: new Map(), rabbitmq: new Map(), workers: new Map(), bench: new Map() };
  for (const [pid, part] of parts) {
    const ms = await processCpuMs(pid);
    if (ms !== undefined) byPart[part].set(pid, ms);
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
