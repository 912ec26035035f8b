// Seeds the development data listed under "Local defaults": the demo tenant, its API client, the
// portal sign-ins' memberships, its legal entities and its connectors to the running simulators.
// Safe to run again: every step finds what exists before creating.
import { config } from '../../services/core/config.ts';
import { closeDatabases } from '../../services/core/database.ts';
import { DEMO_API_CLIENT, DEMO_LEGAL_ENTITIES, DEMO_TENANT, DEMO_USERS } from './demo-data.ts';
import { loadDemoBook } from './demo-load.ts';
import { ensureApiClient, ensureLegalEntities, ensureMembership, ensureSimulatorConnectors, ensureTenant } from './seed-steps.ts';

export async function seedDevelopment(): Promise<void> {
  const settings = config();
  if (settings.production) throw new Error('The development seed does not run with NODE_ENV=production, because its credentials are public. Unset NODE_ENV or set it to development.');

  const tenant = await ensureTenant(DEMO_TENANT.slug, DEMO_TENANT.name, DEMO_TENANT.region);
  await ensureApiClient(tenant.tenantId, DEMO_API_CLIENT.clientId, DEMO_API_CLIENT.secret, DEMO_API_CLIENT.scopes);
  for (const user of DEMO_USERS) {
    await ensureMembership(user.email, user.name, user.role, user.role === 'platform-admin' ? null : tenant.tenantId);
  }
  await ensureLegalEntities(tenant, DEMO_LEGAL_ENTITIES);
  await ensureSimulatorConnectors(tenant, {
    clmUrl: `http://127.0.0.1:${settings.simulators.clmPort}`,
    erpUrl: `http://127.0.0.1:${settings.simulators.erpPort}`,
    crmUrl: `http://127.0.0.1:${settings.simulators.crmPort}`,
    psaUrl: `http://127.0.0.1:${settings.simulators.psaPort}`,
    gatewayUrl: settings.gateway.issuer,
  });
  const book = await loadDemoBook({ clmUrl: `http://127.0.0.1:${settings.simulators.clmPort}`, crmUrl: `http://127.0.0.1:${settings.simulators.crmPort}` });
  console.log(`loaded the demo book: ${book.companies} CRM companies and ${book.workflows} CLM workflows added`);
  console.log(`seeded tenant ${tenant.slug} (${tenant.region}) with API client ${DEMO_API_CLIENT.clientId}, ${DEMO_USERS.length} sign-ins and connectors ironclad, erpnext, hubspot and kantata`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seedDevelopment()
    .catch((error: unknown) => {
      console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    })
    .finally(() => closeDatabases());
}
