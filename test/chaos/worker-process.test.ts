import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

// Returns true while a process with this id runs.
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A test run or benchmark stopped by a signal must not leave its worker consuming the test
// queues, where it would take the next run's messages.
describe('worker process helper', function () {
  this.timeout(60_000);
  let parent: ChildProcess | undefined;
  let workerPid: number | undefined;

  // A failed check must not leave the script or the worker behind either.
  after(() => {
    if (parent?.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    if (workerPid !== undefined && alive(workerPid)) process.kill(workerPid, 'SIGKILL');
  });

  it('kills its workers on SIGTERM', async () => {
    const script = `
      import { startWorkerProcess } from './test/chaos/support/worker-process.ts';
      const worker = await startWorkerProcess('eu');
      console.log(worker.child.pid);
      setInterval(() => undefined, 1_000);`;
    parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exitedEarly = once(parent, 'exit').then(([code]) => {
      throw new Error(`the script exited with code ${String(code)} before it printed the worker's pid`);
    });
    // The script exits later in the passing case too, which must not count as an unhandled failure.
    exitedEarly.catch(() => undefined);
    const [line] = (await Promise.race([once(parent.stdout!, 'data'), exitedEarly])) as [Buffer];
    workerPid = Number(line.toString().trim());
    assert.ok(Number.isInteger(workerPid), `the script printed ${line.toString()} instead of a pid`);
    assert.ok(alive(workerPid), `worker ${workerPid} is not running after start`);

    parent.kill('SIGTERM');
    const [code] = (await once(parent, 'exit')) as [number | null];
    assert.equal(code, 143);

    const deadline = Date.now() + 5_000;
    while (alive(workerPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(!alive(workerPid), `worker ${workerPid} outlived its parent`);
  });
});
