import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { controlModels, type Role } from '../../../services/core/models/control.ts';
import { closePortalApp, createPortalApp, type PortalOptions } from '../../../portal/app.ts';
import { portalClient } from '../../../deploy/idp/clients.ts';
import { startDevIdp, type DevIdp } from '../../../deploy/idp/server.ts';
import type { DevAccount } from '../../../deploy/idp/accounts.ts';

// A portal and a development OpenID provider on ephemeral 127.0.0.1 ports, wired to each other,
// for the integration and browser tests.

// Only rendered into webhook URLs; nothing is sent there. Tests that start a gateway pass its URL.
export const GATEWAY_URL = 'http://127.0.0.1:8080';
export const TEST_PASSWORD = 'correct horse battery staple';

export interface PortalStack {
  portalUrl: string;
  idp: DevIdp;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

// The portal's port must be known before the provider registers its redirect URI, and the
// provider's issuer before the portal discovers it, so the socket is bound first and the app
// attached once both exist.
export async function startPortalStack(accounts: DevAccount[], options: Pick<PortalOptions, 'gatewayUrl' | 'sessionIdleMinutes' | 'sessionAbsoluteHours'> = {}): Promise<PortalStack> {
  const server = createServer();
  const portalUrl = `http://127.0.0.1:${await listen(server)}`;

  const clientId = 'portal-under-test';
  const clientSecret = randomUUID();
  const idp = await startDevIdp({ port: 0, accounts, clients: [portalClient({ baseUrl: portalUrl, clientId, clientSecret })] });
  const app = await createPortalApp({ issuerUrl: idp.issuer, baseUrl: portalUrl, clientId, clientSecret, gatewayUrl: GATEWAY_URL, ...options });
  server.on('request', app);

  return {
    portalUrl,
    idp,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await closePortalApp(app);
      await idp.close();
    },
  };
}

// Creates a portal user (test-unique email) with the given memberships, and the matching account
// at the provider.
export async function createPortalUser(label: string, memberships: { role: Role; tenantId: string | null }[]): Promise<DevAccount & { userId: string }> {
  const { AdminUser, Membership } = controlModels();
  const email = `${label}-${randomUUID().slice(0, 8)}@test.example`;
  const user = await AdminUser.create({ id: randomUUID(), email, name: `Test ${label}` });
  for (const membership of memberships) {
    await Membership.create({ id: randomUUID(), userId: user.id, tenantId: membership.tenantId, role: membership.role });
  }
  return { email, name: `Test ${label}`, password: TEST_PASSWORD, userId: user.id };
}
