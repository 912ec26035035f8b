import { join } from 'node:path';
import { config } from '../core/config.ts';
import { logger } from '../core/logger.ts';
import { startClmSimulator } from './clm/server.ts';
import { startErpSimulator } from './erp/server.ts';
import { startCrmSimulator } from './crm/server.ts';
import { startPsaSimulator } from './psa/server.ts';
import { DEMO_CREDENTIALS } from '../../deploy/local/demo-data.ts';

// Starts the CLM, ERP, CRM and PSA simulators for local development on 127.0.0.1 with development
// credentials, and stops them on SIGINT or SIGTERM.

const log = logger('simulators');
const { simulators, production } = config();

if (production) {
  log.fatal('The simulators use development credentials and must not run with NODE_ENV=production.');
  process.exit(1);
}

// When set, each simulator keeps its records in a JSON file there across restarts.
const stateDir = config().simulators.stateDir;

const clm = await startClmSimulator({
  host: '127.0.0.1',
  port: simulators.clmPort,
  apiToken: DEMO_CREDENTIALS.clmApiToken,
  stateFile: stateDir ? join(stateDir, 'clm.json') : undefined,
});
const erp = await startErpSimulator({
  host: '127.0.0.1',
  port: simulators.erpPort,
  apiKey: DEMO_CREDENTIALS.erpApiKey,
  apiSecret: DEMO_CREDENTIALS.erpApiSecret,
  stateFile: stateDir ? join(stateDir, 'erp.json') : undefined,
});
const crm = await startCrmSimulator({
  host: '127.0.0.1',
  port: simulators.crmPort,
  accessToken: DEMO_CREDENTIALS.crmAccessToken,
  stateFile: stateDir ? join(stateDir, 'crm.json') : undefined,
});
const psa = await startPsaSimulator({
  host: '127.0.0.1',
  port: simulators.psaPort,
  clientId: DEMO_CREDENTIALS.psaClientId,
  clientSecret: DEMO_CREDENTIALS.psaClientSecret,
  stateFile: stateDir ? join(stateDir, 'psa.json') : undefined,
});
log.info({ clmUrl: clm.url, erpUrl: erp.url, crmUrl: crm.url, psaUrl: psa.url }, 'simulators running');

async function stop(signal: string): Promise<void> {
  log.info({ signal }, 'stopping simulators');
  const results = await Promise.allSettled([clm.close(), erp.close(), crm.close(), psa.close()]);
  const failed = results.filter((result) => result.status === 'rejected');
  for (const failure of failed) log.error({ err: failure.reason }, 'simulator failed to stop cleanly');
  process.exit(failed.length === 0 ? 0 : 1);
}

process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
