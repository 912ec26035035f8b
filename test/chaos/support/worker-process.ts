import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// A worker as a real child process (`node --import tsx services/workers/main.ts`), so a test can
// kill it with SIGKILL the way a crashed host would.

export interface WorkerProcess {
  child: ChildProcess;
  port: number;
  ready(): Promise<boolean>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

// Workers still running when this process exits are killed with it. A worker left behind would
// keep consuming the test vhost's queues and take messages from the next test or benchmark.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
// Node.js ends on SIGTERM (sent by a CI timeout, say) without the exit event, so the signal is
// turned into an exit here.
process.once('SIGTERM', () => process.exit(143));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port was assigned'))));
    });
  });
}

// Starts a worker for one region; env adds or overrides variables such as DATABASE_POOL_MAX.
export async function startWorkerProcess(region = 'eu', env: Record<string, string> = {}): Promise<WorkerProcess> {
  const port = await freePort();
  // WORKER_NODE_ARGS adds Node.js options, such as --cpu-prof to profile a benchmark's worker.
  const nodeArgs = process.env.WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'services/workers/main.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: 'test', WORKER_PORT: String(port), WORKER_REGION: region, LOG_LEVEL: process.env.CHAOS_WORKER_LOG_LEVEL ?? 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));

  const worker: WorkerProcess = {
    child,
    port,
    async ready() {
      try {
        return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };

  const deadline = Date.now() + 30_000;
  while (!(await worker.ready())) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await worker.kill('SIGKILL');
      throw new Error(`Worker process on port ${port} did not become ready within 30 s (exit code ${child.exitCode}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return worker;
}
