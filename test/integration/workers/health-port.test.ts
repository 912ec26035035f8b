import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';

// Starts the worker process against a port that is already taken and returns its exit code and
// everything it printed.
async function runWorker(port: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/workers/main.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: 'test', WORKER_PORT: String(port), WORKER_REGION: 'eu', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, output };
}

describe('worker health port', function () {
  this.timeout(30_000);
  let taken: Server;
  let port: number;

  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });

  after(async () => {
    await new Promise((resolve) => taken.close(resolve));
  });

  it('exits 1 naming a taken port', async () => {
    const { code, output } = await runWorker(port);

    assert.equal(code, 1);
    const lines = output.trim().split('\n').filter((line) => line.includes(String(port)));
    assert.equal(lines.length, 1, `one line names the port:\n${output}`);
    const line = JSON.parse(lines[0]!) as { level: number; msg: string; port: number; code: string };
    assert.equal(line.port, port);
    assert.equal(line.code, 'EADDRINUSE');
    assert.match(line.msg, /set WORKER_PORT to a free port/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace is printed');
    assert.doesNotMatch(output, /worker started/, 'no worker starts');
  });
});
