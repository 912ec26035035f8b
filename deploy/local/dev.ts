// Starts every process of the platform on this machine, the way the Procfile does in production
// plus the development-only identity provider and simulators, seeds the demo data, and prints the
// addresses and sign-ins. Ctrl-C stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { config } from '../../services/core/config.ts';
import { closeDatabases } from '../../services/core/database.ts';
import { seedDevelopment } from './seed.ts';
import { DEMO_API_CLIENT, DEMO_PASSWORD, DEMO_TENANT, DEMO_USERS } from './demo-data.ts';

interface ProcessSpec {
  name: string;
  // The npm script that starts this process alone (`npm run start:<script>`).
  script: string;
  entry: string;
  port: number;
}

const children: ChildProcess[] = [];

function start(spec: ProcessSpec): void {
  const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
    env: { ...process.env, THROUGHLINE_PROCESS: spec.name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${spec.name.padEnd(10)} | `;
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) stream.write(`${prefix}${line}\n`);
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
  // One process dying leaves the others up, as separate processes would in production: the
  // worker's runs resume when a worker comes back, which is worth trying out by hand.
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${prefix}exited (${signal ?? `code ${code}`}). The other processes keep running: start it again with \`npm run start:${spec.script}\` in another terminal, or press Ctrl-C and run \`npm run up\`.`);
  });
  children.push(child);
}

async function waitForPort(port: number, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} seconds; see its lines above.`);
}

let stopping = false;

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  await closeDatabases();
  process.exit(code);
}

function banner(): void {
  const settings = config();
  const lines = [
    '',
    'Throughline is running.',
    `  gateway            ${settings.gateway.issuer}`,
    `  portal             ${settings.portal.baseUrl}`,
    `  OpenID provider    ${settings.portal.oidcIssuer}`,
    `  CLM simulator      http://127.0.0.1:${settings.simulators.clmPort}`,
    `  ERP simulator      http://127.0.0.1:${settings.simulators.erpPort}`,
    `  CRM simulator      http://127.0.0.1:${settings.simulators.crmPort}`,
    `  PSA simulator      http://127.0.0.1:${settings.simulators.psaPort}`,
    '',
    `  demo tenant        ${DEMO_TENANT.slug} (region ${DEMO_TENANT.region})`,
    `  API client         ${DEMO_API_CLIENT.clientId} / ${DEMO_API_CLIENT.secret}`,
    ...DEMO_USERS.map((user) => `  portal sign-in     ${user.email} / ${DEMO_PASSWORD} (${user.role})`),
    `  CLM webhook        ${settings.gateway.issuer}/hooks/${DEMO_TENANT.slug}/ironclad`,
    '',
    'These credentials exist for development only. Press Ctrl-C to stop every process.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const settings = config();
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  const outside: ProcessSpec[] = [
    { name: 'idp', script: 'idp', entry: 'deploy/idp/main.ts', port: settings.idp.port },
    { name: 'simulators', script: 'simulators', entry: 'services/simulators/main.ts', port: settings.simulators.erpPort },
  ];
  for (const spec of outside) start(spec);
  await Promise.all([...outside.map((spec) => waitForPort(spec.port, spec.name)), waitForPort(settings.simulators.clmPort, 'CLM simulator'),
    waitForPort(settings.simulators.crmPort, 'CRM simulator'), waitForPort(settings.simulators.psaPort, 'PSA simulator')]);

  await seedDevelopment();

  const platform: ProcessSpec[] = [
    { name: 'web', script: 'web', entry: 'services/gateway/main.ts', port: settings.gateway.port },
    { name: 'portal', script: 'portal', entry: 'portal/main.ts', port: settings.portal.port },
    { name: 'worker', script: 'worker', entry: 'services/workers/main.ts', port: settings.worker.metricsPort },
  ];
  for (const spec of platform) start(spec);
  await Promise.all(platform.map((spec) => waitForPort(spec.port, spec.name)));
  banner();
}

main().catch(async (error: unknown) => {
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
