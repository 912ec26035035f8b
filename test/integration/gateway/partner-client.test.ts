import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import createClient from 'openapi-fetch';
import { createGatewayApp } from '../../../services/gateway/app.ts';
import { runFlowV1 } from './partner/flow-v1.ts';
import { runFlowV2 } from './partner/flow-v2.ts';
import { generateTypes } from './partner/generate-types.ts';
import { tenantWithToken } from './helpers.ts';

const run = promisify(execFile);
const PARTNER_FOLDER = path.resolve('test/integration/gateway/partner');

// A partner's view: types generated from the served documents with openapi-typescript, a client
// from openapi-fetch, and the contract flow run through it against a listening gateway.
describe('partner client from the served documents', function () {
  this.timeout(120_000);
  let server: http.Server;
  let baseUrl: string;
  let token: string;

  before(async () => {
    server = http.createServer(createGatewayApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ token } = await tenantWithToken());
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('type-checks the flows against freshly generated types', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'throughline-partner-'));
    try {
      for (const version of ['v1', 'v2']) {
        const document = await (await fetch(`${baseUrl}/${version}/openapi.json`)).json();
        await writeFile(path.join(folder, `${version}-paths.ts`), await generateTypes(document));
        await copyFile(path.join(PARTNER_FOLDER, `flow-${version}.ts`), path.join(folder, `flow-${version}.ts`));
      }
      const modules = path.resolve('node_modules');
      await writeFile(path.join(folder, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true,
          skipLibCheck: true, types: [], typeRoots: [path.join(modules, '@types')], paths: { 'openapi-fetch': [path.join(modules, 'openapi-fetch')] },
        },
        include: ['*.ts'],
      }));
      const result = await run('npx', ['tsc', '-p', path.join(folder, 'tsconfig.json')]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? 'tsc failed' }));
      assert.equal(result.stdout.trim(), '', `the partner flow does not compile against the served documents:\n${result.stdout}`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('runs the v1 flow', async () => {
    const client = createClient<import('./partner/v1-paths.ts').paths>({ baseUrl: `${baseUrl}/v1`, headers: { Authorization: `Bearer ${token}` } });
    const outcome = await runFlowV1(client, randomUUID());
    assert.equal(outcome.retriedCustomerId, outcome.customerId);
    assert.equal(outcome.totalValue, '5000.00');
    assert.equal(outcome.lineRole, 'consultant');
    assert.equal(outcome.listed.length, 1);
  });

  it('runs the v2 flow', async () => {
    const client = createClient<import('./partner/v2-paths.ts').paths>({ baseUrl: `${baseUrl}/v2`, headers: { Authorization: `Bearer ${token}` } });
    const outcome = await runFlowV2(client);
    assert.deepEqual(outcome.total, { amount: '3000.00', currency: 'GBP' });
    assert.ok(outcome.rateCardEntryId);
    assert.equal(outcome.lineEntryId, outcome.rateCardEntryId);
    assert.equal(outcome.rejectedStatus, 400);
    assert.equal(outcome.rejectedCode, 'validation-failed');
  });
});
