import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Stops and starts the shared PostgreSQL and RabbitMQ servers for chaos tests. Other suites use
// the same servers, so a test waits until no other mocha process runs before it breaks one, keeps
// the outage short, and starts the server again in an after hook even when the test failed.

const QUIET_WAIT_MS = 120_000;

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in brackets may contain spaces, so the fields are read after its closing bracket.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function ownLineage(): Set<number> {
  const lineage = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && pid > 1 && !lineage.has(pid); pid = parentOf(pid)) lineage.add(pid);
  return lineage;
}

// Returns the pids of mocha processes that are not this process or one of its ancestors.
function otherMochaProcesses(): number[] {
  const lineage = ownLineage();
  const others: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || lineage.has(pid)) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (/\bmocha\b/.test(commandLine)) others.push(pid);
    } catch {
      // The process ended while the list was read.
    }
  }
  return others;
}

// Waits until no other mocha process runs. Returns false when others still run after the wait,
// and the caller then skips its outage rather than break another engineer's suite.
export async function waitForQuietServers(): Promise<boolean> {
  const deadline = Date.now() + QUIET_WAIT_MS;
  while (Date.now() < deadline) {
    if (otherMochaProcesses().length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return false;
}

export async function stopRabbitMq(): Promise<void> {
  await run('rabbitmqctl', ['stop_app']);
}

export async function startRabbitMq(): Promise<void> {
  await run('rabbitmqctl', ['start_app']);
  await run('rabbitmqctl', ['await_startup']);
}

function postgresVersion(): string {
  const versions = readdirSync('/etc/postgresql');
  if (versions.length !== 1) throw new Error(`Expected one PostgreSQL version under /etc/postgresql, found ${versions.join(', ') || 'none'}.`);
  return versions[0]!;
}

export async function restartPostgres(): Promise<void> {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'main', 'restart']);
}

// Starts PostgreSQL unless it runs already; after hooks call it so no test leaves it stopped.
export async function ensurePostgresRunning(): Promise<void> {
  const version = postgresVersion();
  try {
    await run('pg_ctlcluster', [version, 'main', 'status']);
  } catch {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
  }
}
