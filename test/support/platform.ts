import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startClmSimulator, type ClmSimulator } from '../../services/simulators/clm/server.ts';
import { startErpSimulator, type ErpSimulator } from '../../services/simulators/erp/server.ts';
import { startCrmSimulator, type CrmSimulator } from '../../services/simulators/crm/server.ts';
import { startPsaSimulator, type PsaSimulator } from '../../services/simulators/psa/server.ts';
import { createGatewayApp } from '../../services/gateway/app.ts';
import { startWorkers } from '../../services/workers/main.ts';
import type { RegionWorker } from '../../services/workers/region-worker.ts';
import { DEMO_CREDENTIALS, DEMO_LEGAL_ENTITIES } from '../../deploy/local/demo-data.ts';
import { ensureLegalEntities, ensureSimulatorConnectors, ensureTenant } from '../../deploy/local/seed-steps.ts';
import { createApiClient, uniqueSlug } from './factories.ts';

export { eventually } from './eventually.ts';

export const ALL_SCOPES = ['customers:read', 'customers:write', 'contracts:read', 'contracts:write', 'runs:read'];

export interface RunningPlatform {
  gatewayUrl: string;
  clm: ClmSimulator;
  erp: ErpSimulator;
  crm: CrmSimulator;
  psa: PsaSimulator;
  workers: RegionWorker[];
  tenant: { tenantId: string; region: string; slug: string };
  client: { clientId: string; secret: string };
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

async function listenGateway(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(createGatewayApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// Starts the whole platform in this process on ephemeral 127.0.0.1 ports: the simulators, the
// gateway and the region's worker, with a fresh tenant wired to the simulators the way an admin
// would wire it. Each suite gets its own tenant and simulators, so suites never see each other.
export async function startPlatform(options: { region?: string; startWorkers?: boolean } = {}): Promise<RunningPlatform> {
  const region = options.region ?? 'eu';
  const clm = await startClmSimulator({ port: 0, apiToken: DEMO_CREDENTIALS.clmApiToken });
  const erp = await startErpSimulator({ port: 0, apiKey: DEMO_CREDENTIALS.erpApiKey, apiSecret: DEMO_CREDENTIALS.erpApiSecret });
  const crm = await startCrmSimulator({ port: 0, accessToken: DEMO_CREDENTIALS.crmAccessToken });
  const psa = await startPsaSimulator({ port: 0, clientId: DEMO_CREDENTIALS.psaClientId, clientSecret: DEMO_CREDENTIALS.psaClientSecret });
  const gateway = await listenGateway();

  const tenant = await ensureTenant(uniqueSlug('e2e'), 'End-to-end Consulting', region);
  await ensureLegalEntities(tenant, DEMO_LEGAL_ENTITIES);
  await ensureSimulatorConnectors(tenant, { clmUrl: clm.url, erpUrl: erp.url, crmUrl: crm.url, psaUrl: psa.url, gatewayUrl: gateway.url });
  const { clientId, secret } = await createApiClient(tenant.tenantId, ALL_SCOPES);

  let running = options.startWorkers === false ? undefined : await startWorkers([region]);
  return {
    gatewayUrl: gateway.url,
    clm,
    erp,
    crm,
    psa,
    get workers() {
      return running?.workers ?? [];
    },
    tenant,
    client: { clientId, secret },
    async stopWorkers() {
      await running?.stop();
      running = undefined;
    },
    async close() {
      await running?.stop();
      await gateway.close();
      await clm.close();
      await erp.close();
      await crm.close();
      await psa.close();
    },
  };
}

export async function accessToken(platform: RunningPlatform, scopes: string[] = ALL_SCOPES): Promise<string> {
  const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${platform.client.clientId}:${platform.client.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }),
  });
  if (!response.ok) throw new Error(`Token request failed with ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
