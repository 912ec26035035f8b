import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { Application } from 'express';
import request from 'supertest';
import { encryptSecret } from '../../../services/core/crypto.ts';
import { regionDatabase } from '../../../services/core/database.ts';
import { regionModels } from '../../../services/core/models/region.ts';
import { withTenant } from '../../../services/core/tenancy.ts';
import { createGatewayApp } from '../../../services/gateway/app.ts';
import { createApiClient, createTenant, uniqueSlug } from '../../support/factories.ts';

// Shared setup for gateway tests: one app per process, tenants with API clients and tokens,
// CLM connectors with RSA webhook keys, and row counts read through row-level security.

let app: Application | undefined;

export function gateway(): Application {
  app ??= createGatewayApp();
  return app;
}

export const ALL_SCOPES = ['customers:read', 'customers:write', 'contracts:read', 'contracts:write', 'runs:read'];

export async function requestToken(clientId: string, secret: string, scope?: string): Promise<string> {
  const form: Record<string, string> = { grant_type: 'client_credentials', client_id: clientId, client_secret: secret };
  if (scope !== undefined) form.scope = scope;
  const response = await request(gateway()).post('/oauth/token').type('form').send(form).expect(200);
  return response.body.access_token as string;
}

export async function tenantWithToken(scopes: string[] = ALL_SCOPES, region = 'eu') {
  const tenant = await createTenant({ region });
  const { clientId, secret, client } = await createApiClient(tenant.id, scopes);
  const token = await requestToken(clientId, secret);
  return { tenant, client, clientId, secret, token };
}

export function rsaKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export async function createClmConnector(tenant: { id: string; region: string }, publicKeyPem: string, overrides: { slug?: string; status?: 'active' | 'disabled'; driver?: string } = {}) {
  const id = randomUUID();
  const slug = overrides.slug ?? uniqueSlug('clm');
  await withTenant({ tenantId: tenant.id, region: tenant.region }, (transaction) =>
    regionModels(tenant.region).Connector.create({
      id,
      tenantId: tenant.id,
      slug,
      kind: 'clm',
      driver: overrides.driver ?? 'ironclad',
      name: 'Test CLM',
      baseUrl: 'http://127.0.0.1:8090',
      authKind: 'api-token',
      credentialsEncrypted: encryptSecret(JSON.stringify({ token: 'test-token' }), id),
      webhookKeyEncrypted: encryptSecret(publicKeyPem, id),
      status: overrides.status ?? 'active',
    }, { transaction }));
  return { id, slug };
}

// Signs a webhook the way Ironclad does: RSA-SHA256 over event id, raw body and nonce.
export function ironcladHeaders(privateKeyPem: string, eventId: string, body: string, nonce = randomUUID()) {
  const signature = sign('sha256', Buffer.from(eventId + body + nonce, 'utf8'), privateKeyPem).toString('base64');
  return {
    'X-Ironclad-Webhook-Event-Id': eventId,
    'X-Ironclad-Webhook-Verification': JSON.stringify({ nonce, signAlgorithm: 'RSA-SHA256', signature, encoding: 'base64' }),
    'Content-Type': 'application/json',
  };
}

const COUNTED_TABLES = ['inbound_events', 'outbox', 'audit_log', 'customers', 'contracts'] as const;

export async function countRows(tenant: { id: string; region: string }, table: (typeof COUNTED_TABLES)[number]): Promise<number> {
  if (!COUNTED_TABLES.includes(table)) throw new Error(`countRows does not count ${table}`);
  return withTenant({ tenantId: tenant.id, region: tenant.region }, async (transaction) => {
    const [rows] = await regionDatabase(tenant.region).query(`SELECT count(*)::int AS count FROM ${table} WHERE tenant_id = :tenantId`, {
      replacements: { tenantId: tenant.id },
      transaction,
    });
    return (rows as { count: number }[])[0]!.count;
  });
}

export async function auditRecords(tenant: { id: string; region: string }) {
  return withTenant({ tenantId: tenant.id, region: tenant.region }, async (transaction) => {
    const [rows] = await regionDatabase(tenant.region).query(
      'SELECT actor, operation, object_type AS "objectType", object_id AS "objectId", request_id AS "requestId" FROM audit_log WHERE tenant_id = :tenantId ORDER BY id',
      { replacements: { tenantId: tenant.id }, transaction },
    );
    return rows as { actor: string; operation: string; objectType: string; objectId: string; requestId: string | null }[];
  });
}

export async function outboxEnvelopes(tenant: { id: string; region: string }) {
  return withTenant({ tenantId: tenant.id, region: tenant.region }, async (transaction) => {
    const [rows] = await regionDatabase(tenant.region).query('SELECT envelope FROM outbox WHERE tenant_id = :tenantId ORDER BY seq', {
      replacements: { tenantId: tenant.id },
      transaction,
    });
    return (rows as { envelope: Record<string, unknown> & { data: Record<string, unknown> } }[]).map((row) => row.envelope);
  });
}

// A contract whose lines add up to its value, as the gateway's consistency check requires.
export function contractBody(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    title: 'Finance systems implementation',
    currency: 'EUR',
    totalValue: '120000.00',
    serviceCategory: 'consulting',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    rateCard: [{ role: 'consultant', unit: 'day', rate: '1200.00' }, { role: 'partner', unit: 'hour', rate: '350.00' }],
    lines: [
      { description: 'Discovery workshop', billingType: 'fixed-fee', quantity: '1', unitPrice: '24000.00', amount: '24000.00' },
      { description: 'Implementation', billingType: 'time-and-materials', role: 'consultant', quantity: '80', unitPrice: '1200.00', amount: '96000.00' },
    ],
    milestones: [{ name: 'Go-live', dueDate: '2027-06-30', amount: '20000.00' }],
    ...overrides,
  };
}

// The same contract in the version 2 shape: money objects and rateCardRole in place of role.
export function toContractBodyV2(body: ReturnType<typeof contractBody>) {
  const money = (amount: string) => ({ amount, currency: body.currency });
  const { currency: _currency, totalValue, rateCard, lines, milestones, ...header } = body;
  return {
    ...header,
    total: money(totalValue),
    rateCard: rateCard.map((entry) => ({ ...entry, rate: money(entry.rate) })),
    lines: lines.map(({ role, unitPrice, amount, ...line }) => ({ ...line, ...(role ? { rateCardRole: role } : {}), unitPrice: money(unitPrice), amount: money(amount) })),
    milestones: milestones.map((milestone) => ({ ...milestone, amount: money(milestone.amount) })),
  };
}
