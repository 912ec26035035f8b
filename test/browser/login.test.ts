import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { controlModels } from '../../services/core/models/control.ts';
import { uniqueSlug } from '../support/factories.ts';
import { createPortalUser, startPortalStack, type PortalStack } from '../integration/portal/stack.ts';

const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const WEBHOOK_KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

// Flags that keep Chromium from reaching any host other than the servers this test starts.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

describe('portal in a browser', function () {
  this.timeout(120_000);
  let stack: PortalStack;
  let browser: Browser;
  let userDataDir: string;
  let context: BrowserContext;
  let operator: Awaited<ReturnType<typeof createPortalUser>>;

  before(async () => {
    operator = await createPortalUser('browser-ops', [{ role: 'platform-admin', tenantId: null }]);
    stack = await startPortalStack([operator]);
    userDataDir = await mkdtemp(path.join(tmpdir(), 'throughline-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: VIEWPORTS.laptop,
    });
    browser = context.browser()!;
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await stack?.close();
  });

  async function capture(page: Page, name: string): Promise<void> {
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.screenshot({ path: path.join(screenshots, `${name}-laptop.png`), fullPage: true });
    await page.setViewportSize(VIEWPORTS.phone);
    await page.screenshot({ path: path.join(screenshots, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(VIEWPORTS.laptop);
  }

  it('signs in, creates things, signs out', async () => {
    const page = await context.newPage();
    // Chromium reports each Content-Security-Policy violation on the console as "Refused to ...".
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Refused to|Content Security Policy/.test(message.text())) violations.push(message.text());
    });

    await page.goto(`${stack.portalUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idp.issuer}/**`);
    await capture(page, '01-idp-login');
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.portalUrl}/tenants`);
    await page.getByRole('heading', { name: 'Tenants' }).waitFor();

    const slug = uniqueSlug('browser');
    await page.getByRole('link', { name: 'New tenant' }).first().click();
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('Enter a name.').waitFor();
    await capture(page, '02-tenant-errors');
    await page.getByLabel('Name').fill('Browser & Co');
    await page.getByLabel('Slug').fill(slug);
    await page.getByLabel('Region').selectOption('eu');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.waitForURL(`${stack.portalUrl}/tenants/${slug}`);
    await page.getByText('Tenant Browser & Co created in region eu.').waitFor();
    await capture(page, '03-tenant-empty');

    await page.getByRole('link', { name: 'New connector' }).first().click();
    await page.getByLabel('Name').fill('Ironclad production');
    await page.getByLabel('Slug').fill('ironclad');
    await page.getByLabel('Base URL').fill('https://acme.ironcladapp.example');
    await page.getByLabel('API token').fill('browser-ironclad-token');
    await page.getByLabel('Webhook verification key (PEM)').fill(WEBHOOK_KEY);
    await capture(page, '04-connector-form');
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.waitForURL(`${stack.portalUrl}/tenants/${slug}`);
    await page.getByText(`/hooks/${slug}/ironclad`).waitFor();
    assert.ok(!(await page.content()).includes('browser-ironclad-token'), 'the token is not on the page');
    await capture(page, '05-tenant-connectors');

    await page.getByRole('link', { name: 'API clients' }).click();
    await page.getByRole('link', { name: 'New API client' }).first().click();
    await page.getByLabel('Name').fill('Data warehouse');
    await page.getByLabel('contracts:read').check();
    await page.getByLabel('runs:read').check();
    await page.getByRole('button', { name: 'Create API client' }).click();
    const secret = (await page.locator('#client-secret').textContent())?.trim() ?? '';
    const clientId = (await page.locator('#client-id').textContent())?.trim() ?? '';
    assert.ok(secret.length >= 40, 'the secret is shown');
    await capture(page, '06-api-client-secret');

    await page.getByRole('link', { name: 'Done' }).click();
    await page.getByText(clientId).waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the list does not show the secret again');
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByText('No workflow runs yet.').waitFor();
    await capture(page, '07-runs-empty');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.idp.issuer}/**`);
    await capture(page, '08-idp-sign-out');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.portalUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await capture(page, '09-signed-out');

    const tenant = await controlModels().Tenant.findOne({ where: { slug } });
    assert.ok(tenant, 'the tenant exists');
    assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
  });
});
