import assert from 'node:assert/strict';
import { HubSpotClient } from '../../../services/connectors/crm/hubspot.ts';
import { PermanentConnectorError, TransientConnectorError } from '../../../services/connectors/errors.ts';
import { startCrmSimulator, type CrmSimulator } from '../../../services/simulators/crm/server.ts';

describe('HubSpot driver against the CRM simulator', () => {
  let crm: CrmSimulator;
  let client: HubSpotClient;

  before(async () => {
    crm = await startCrmSimulator({ port: 0, accessToken: 'crm-test-token' });
    client = new HubSpotClient({ baseUrl: crm.url, auth: { kind: 'api-token', token: 'crm-test-token' }, connectorId: 'crm-test' });
  });

  after(async () => {
    await crm.close();
  });

  beforeEach(() => {
    crm.state.reset();
    crm.faults.clear();
  });

  it('finds a company by domain, ignoring case', async () => {
    const made = crm.state.create({ name: 'Hansa Maschinenbau AG', domain: 'hansa.example', country: 'Germany', vat_number: 'DE129273398' });
    crm.state.create({ name: 'Other GmbH', domain: 'other.example' });
    const found = await client.searchCompanies('domain', 'HANSA.example');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.id, made.id);
    assert.equal(found[0]!.properties.vat_number, 'DE129273398');
    assert.equal(found[0]!.properties.hs_object_id, made.id);
  });

  it('returns no companies for an unknown name', async () => {
    assert.deepEqual(await client.searchCompanies('name', 'Nobody Ltd'), []);
  });

  it('reads one company with its properties', async () => {
    const made = crm.state.create({ name: 'Pennine Foods plc', country: 'United Kingdom' });
    const company = await client.getCompany(made.id);
    assert.equal(company.properties.name, 'Pennine Foods plc');
  });

  it('raises a permanent error for a wrong token', async () => {
    const stranger = new HubSpotClient({ baseUrl: crm.url, auth: { kind: 'api-token', token: 'wrong' }, connectorId: 'crm-wrong' });
    await assert.rejects(stranger.searchCompanies('name', 'x'), (error: Error) => error instanceof PermanentConnectorError && /HTTP 401/.test(error.message));
  });

  it('raises a transient error with Retry-After on 429', async () => {
    crm.faults.add([{ method: 'POST', resource: 'companies', status: 429, retryAfterSeconds: 2, times: 1 }]);
    await assert.rejects(client.searchCompanies('name', 'x'), (error: Error) =>
      error instanceof TransientConnectorError && error.retryAfterSeconds === 2 && /RATE_LIMITS/.test(error.message));
    assert.deepEqual(await client.searchCompanies('name', 'x'), []);
  });

  it('rejects a response whose properties field was renamed', async () => {
    crm.state.create({ name: 'Renamed Ltd' });
    crm.faults.add([{ method: '*', resource: 'companies', renameField: { from: 'properties', to: 'props' }, times: 1 }]);
    await assert.rejects(client.searchCompanies('name', 'Renamed Ltd'), /has no properties object/);
  });

  it('times out on a request the CRM never answers', async () => {
    const impatient = new HubSpotClient({ baseUrl: crm.url, auth: { kind: 'api-token', token: 'crm-test-token' }, connectorId: 'crm-test', timeoutMs: 100 });
    crm.faults.add([{ method: '*', resource: 'companies', hang: true, times: 1 }]);
    await assert.rejects(impatient.searchCompanies('name', 'x'), (error: Error) => error instanceof TransientConnectorError && /timed out after 100 ms/.test(error.message));
  });
});
