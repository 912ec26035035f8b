import assert from 'node:assert/strict';
import { createApiClient } from '../../support/factories.ts';

// Contracts posted through the partner API as executed, which starts one activation each. The
// gateway limits each API client per minute, so a large batch is spread over several clients.

const CONTRACTS_PER_CLIENT = 500;

export const EXECUTED_CONTRACT = {
  title: 'Finance systems implementation',
  status: 'executed',
  currency: 'EUR',
  totalValue: '116000.00',
  serviceCategory: 'consulting',
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  rateCard: [{ role: 'consultant', unit: 'day', rate: '1200.00' }],
  lines: [
    { description: 'Discovery workshop', billingType: 'fixed-fee', quantity: '1', unitPrice: '20000.00', amount: '20000.00' },
    { description: 'Implementation', billingType: 'time-and-materials', role: 'consultant', quantity: '80', unitPrice: '1200.00', amount: '96000.00' },
  ],
  milestones: [{ name: 'Go-live', dueDate: '2027-06-30', amount: '20000.00' }],
};

async function tokenFor(gatewayUrl: string, tenantId: string): Promise<string> {
  const scopes = ['customers:write', 'contracts:write'];
  const { clientId, secret } = await createApiClient(tenantId, scopes);
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { access_token: string }).access_token;
}

// Posts `count` executed contracts for one customer with `concurrency` requests at a time.
// Returns the time each one was accepted (epoch ms) by contract id.
export async function postExecutedContracts(gatewayUrl: string, tenantId: string, count: number, concurrency: number): Promise<Map<string, number>> {
  const tokens = await Promise.all(Array.from({ length: Math.ceil(count / CONTRACTS_PER_CLIENT) }, () => tokenFor(gatewayUrl, tenantId)));
  const customer = await fetch(`${gatewayUrl}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Northwind Logistics SARL', country: 'FR', taxId: 'FR32123456789' }),
  });
  assert.equal(customer.status, 201, await customer.clone().text());
  const { id: customerId } = (await customer.json()) as { id: string };

  const accepted = new Map<string, number>();
  let next = 0;
  const post = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const response = await fetch(`${gatewayUrl}/v1/contracts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[Math.floor(index / CONTRACTS_PER_CLIENT)]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...EXECUTED_CONTRACT, customerId }),
      });
      const text = await response.text();
      assert.equal(response.status, 201, `contract ${index} was not accepted: ${text}`);
      accepted.set((JSON.parse(text) as { id: string }).id, Date.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, post));
  return accepted;
}
