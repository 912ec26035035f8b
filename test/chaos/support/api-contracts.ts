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

// Posts one executed contract per call to post(), which returns the new contract's id once the
// gateway accepted it. Sized for `count` contracts, so each API client stays under its rate limit.
export interface ContractPoster {
  post(): Promise<string>;
}

export async function contractPoster(gatewayUrl: string, tenantId: string, count: number): Promise<ContractPoster> {
  const tokens = await Promise.all(Array.from({ length: Math.max(1, Math.ceil(count / CONTRACTS_PER_CLIENT)) }, () => tokenFor(gatewayUrl, tenantId)));
  const customer = await fetch(`${gatewayUrl}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Northwind Logistics SARL', country: 'FR', taxId: 'FR32123456789' }),
  });
  assert.equal(customer.status, 201, await customer.clone().text());
  const { id: customerId } = (await customer.json()) as { id: string };

  let posted = 0;
  return {
    async post() {
      const token = tokens[Math.floor(posted++ / CONTRACTS_PER_CLIENT) % tokens.length];
      const response = await fetch(`${gatewayUrl}/v1/contracts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...EXECUTED_CONTRACT, customerId }),
      });
      const text = await response.text();
      assert.equal(response.status, 201, `contract ${posted} was not accepted: ${text}`);
      return (JSON.parse(text) as { id: string }).id;
    },
  };
}

// Posts `count` contracts with `concurrency` requests at a time. Returns the time each one was
// accepted (epoch ms) by contract id.
export async function postInParallel(poster: ContractPoster, count: number, concurrency: number): Promise<Map<string, number>> {
  const accepted = new Map<string, number>();
  let started = 0;
  const postInTurn = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      accepted.set(await poster.post(), Date.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, postInTurn));
  return accepted;
}

// Posts `count` executed contracts for one new customer of the tenant, `concurrency` at a time.
export async function postExecutedContracts(gatewayUrl: string, tenantId: string, count: number, concurrency: number): Promise<Map<string, number>> {
  return postInParallel(await contractPoster(gatewayUrl, tenantId, count), count, concurrency);
}
