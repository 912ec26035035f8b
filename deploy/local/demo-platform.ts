import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp } from '../../services/gateway/app.ts';
import { startClmSimulator, type ClmSimulator } from '../../services/simulators/clm/server.ts';
import { startCrmSimulator, type CrmSimulator } from '../../services/simulators/crm/server.ts';
import { startErpSimulator, type ErpSimulator } from '../../services/simulators/erp/server.ts';
import { startPsaSimulator, type PsaSimulator } from '../../services/simulators/psa/server.ts';
import { startWorkers } from '../../services/workers/main.ts';
import { DEMO_CREDENTIALS } from './demo-data.ts';

// The platform in one process for the demo: the four simulators, the gateway and one region's
// worker, each on a free 127.0.0.1 port, so the demo runs beside `npm run up` without clashing.

export interface DemoPlatform {
  gatewayUrl: string;
  clm: ClmSimulator;
  erp: ErpSimulator;
  crm: CrmSimulator;
  psa: PsaSimulator;
  drainOutbox(): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoPlatform(region: string): Promise<DemoPlatform> {
  const clm = await startClmSimulator({ port: 0, apiToken: DEMO_CREDENTIALS.clmApiToken });
  const erp = await startErpSimulator({ port: 0, apiKey: DEMO_CREDENTIALS.erpApiKey, apiSecret: DEMO_CREDENTIALS.erpApiSecret });
  const crm = await startCrmSimulator({ port: 0, accessToken: DEMO_CREDENTIALS.crmAccessToken });
  const psa = await startPsaSimulator({ port: 0, clientId: DEMO_CREDENTIALS.psaClientId, clientSecret: DEMO_CREDENTIALS.psaClientSecret });
  const server = http.createServer(createGatewayApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const workers = await startWorkers([region]);

  return {
    gatewayUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clm,
    erp,
    crm,
    psa,
    drainOutbox: async () => {
      for (const worker of workers.workers) await worker.drainOutbox();
    },
    close: async () => {
      await workers.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([clm.close(), erp.close(), crm.close(), psa.close()]);
    },
  };
}
