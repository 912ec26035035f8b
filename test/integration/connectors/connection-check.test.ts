import assert from 'node:assert/strict';
import express from 'express';
import { connectionCheckFor } from '../../../services/connectors/connection-check-for.ts';
import { ConnectorError, PermanentConnectorError } from '../../../services/connectors/errors.ts';
import { GenericRestClient } from '../../../services/connectors/generic/rest.ts';
import { startClmSimulator, type ClmSimulator } from '../../../services/simulators/clm/server.ts';
import { startCrmSimulator, type CrmSimulator } from '../../../services/simulators/crm/server.ts';
import { startErpSimulator, type ErpSimulator } from '../../../services/simulators/erp/server.ts';
import { startPsaSimulator, type PsaSimulator } from '../../../services/simulators/psa/server.ts';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';

describe('driver connection checks', () => {
  let clm: ClmSimulator;
  let erp: ErpSimulator;
  let crm: CrmSimulator;
  let psa: PsaSimulator;
  let rest: RunningServer;

  before(async () => {
    clm = await startClmSimulator({ port: 0, apiToken: 'clm-token' });
    erp = await startErpSimulator({ port: 0, apiKey: 'erp-key', apiSecret: 'erp-secret' });
    crm = await startCrmSimulator({ port: 0, accessToken: 'crm-token' });
    psa = await startPsaSimulator({ port: 0, clientId: 'psa-client', clientSecret: 'psa-secret' });
    const app = express();
    app.get('/v2/me', (req, res) => {
      if (req.get('authorization') === `Basic ${Buffer.from('svc:pw').toString('base64')}`) res.json({ id: 'svc' });
      else res.status(401).json({ message: 'bad credentials' });
    });
    rest = await listen(app, '127.0.0.1', 0);
  });

  after(async () => {
    await Promise.all([clm.close(), erp.close(), crm.close(), psa.close(), rest.close()]);
  });

  interface DriverCase {
    driver: string;
    baseUrl: string;
    authKind: 'api-token' | 'oauth-client-credentials';
    good: Record<string, string>;
    bad: Record<string, string>;
    message: string;
  }

  // Each driver with the credentials its simulator accepts, and with one that it rejects.
  const cases = (): DriverCase[] => [
    { driver: 'ironclad', baseUrl: clm.url, authKind: 'api-token', good: { apiToken: 'clm-token' }, bad: { apiToken: 'wrong' }, message: 'Ironclad accepted the API token.' },
    { driver: 'erpnext', baseUrl: erp.url, authKind: 'api-token', good: { apiKey: 'erp-key', apiSecret: 'erp-secret' }, bad: { apiKey: 'erp-key', apiSecret: 'wrong' }, message: 'ERPNext accepted the API key and secret.' },
    { driver: 'hubspot', baseUrl: crm.url, authKind: 'api-token', good: { accessToken: 'crm-token' }, bad: { accessToken: 'wrong' }, message: 'HubSpot accepted the access token.' },
    {
      driver: 'kantata', baseUrl: psa.url, authKind: 'oauth-client-credentials' as const,
      good: { clientId: 'psa-client', clientSecret: 'psa-secret', tokenUrl: `${psa.url}/oauth/token` },
      bad: { clientId: 'psa-client', clientSecret: 'wrong', tokenUrl: `${psa.url}/oauth/token` },
      message: 'Kantata issued a token and accepted it.',
    },
  ];

  it('passes with valid credentials', async () => {
    for (const { driver, baseUrl, authKind, good, message } of cases()) {
      const check = connectionCheckFor({ id: `${driver}-good`, slug: driver, driver, baseUrl, authKind }, good);
      assert.equal(await check.checkConnection(), message, driver);
    }
  });

  it('fails with rejected credentials', async () => {
    for (const { driver, baseUrl, authKind, bad } of cases()) {
      const check = connectionCheckFor({ id: `${driver}-bad`, slug: driver, driver, baseUrl, authKind }, bad);
      await assert.rejects(check.checkConnection(), ConnectorError, driver);
    }
  });

  it('rejects a driver without a test', () => {
    assert.throws(() => connectionCheckFor({ id: 'x', slug: 'legacy', driver: 'sap', baseUrl: erp.url, authKind: 'basic' }, {}), /driver "sap", which has no connection test/);
  });

  it('calls the generic REST check operation', async () => {
    const client = (password: string, checkOperation?: string) => new GenericRestClient({
      baseUrl: rest.url, auth: { kind: 'basic', username: 'svc', password }, connectorId: 'generic-check', system: 'timesheets',
      operations: { me: { method: 'GET', path: '/v2/me' }, create: { method: 'POST', path: '/v2/things', sendsBody: true } }, checkOperation,
    });
    assert.equal(await client('pw', 'me').checkConnection(), 'timesheets accepted the credentials on me.');
    await assert.rejects(client('wrong', 'me').checkConnection(), /bad credentials/);
    await assert.rejects(client('pw').checkConnection(), PermanentConnectorError);
    await assert.rejects(client('pw', 'create').checkConnection(), /is not a configured GET operation/);
  });
});
