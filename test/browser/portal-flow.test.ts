import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { updateConnector } from '../../services/core/connector-registry.ts';
import { controlModels } from '../../services/core/models/control.ts';
import { DEMO_CREDENTIALS, DEMO_LEGAL_ENTITIES } from '../../deploy/local/demo-data.ts';
import { ensureLegalEntities } from '../../deploy/local/seed-steps.ts';
import { uniqueSlug } from '../support/factories.ts';
import { startPlatform, type RunningPlatform } from '../support/platform.ts';
import { createPortalUser, startPortalStack, type PortalStack } from '../integration/portal/stack.ts';

const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const workflowTemplate = readFileSync(new URL('../../deploy/local/examples/contract-workflow.json', import.meta.url), 'utf8');

// Flags that keep Chromium from reaching any host other than the servers this test starts.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const VIEWPORTS = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

describe('admin portal flow in a browser', function () {
  this.timeout(180_000);
  let platform: RunningPlatform;
  let stack: PortalStack;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let operator: Awaited<ReturnType<typeof createPortalUser>>;
  const slug = uniqueSlug('flow');
  const violations: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    platform = await startPlatform();
    // The platform's own tenant also subscribed to the CLM simulator. Disabling its CLM connector
    // makes the gateway reject its copy of each webhook, so only this test's tenant runs flows.
    await updateConnector(platform.tenant, 'ironclad', { status: 'disabled' });
    operator = await createPortalUser('flow-ops', [{ role: 'platform-admin', tenantId: null }]);
    stack = await startPortalStack([operator], { gatewayUrl: platform.gatewayUrl });
    userDataDir = await mkdtemp(path.join(tmpdir(), 'throughline-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: VIEWPORTS.laptop });
    page = await context.newPage();
    // Chromium reports each Content-Security-Policy violation on the console as "Refused to ...".
    page.on('console', (message) => {
      if (/Refused to|Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await stack?.close();
    await platform?.close();
  });

  // Every test ends by saving its last page at laptop and phone widths.
  async function capture(name: string): Promise<void> {
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.screenshot({ path: path.join(screenshots, `${name}-laptop.png`), fullPage: true });
    await page.setViewportSize(VIEWPORTS.phone);
    await page.screenshot({ path: path.join(screenshots, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(VIEWPORTS.laptop);
  }

  const portal = (suffix = '') => `${stack.portalUrl}/tenants/${slug}${suffix}`;

  // Reloads the page until a status label with this text appears, because workers finish runs in
  // the background.
  async function reloadUntilStatus(status: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await page.locator('td .status, h2 .status', { hasText: status }).first().isVisible())) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for status "${status}" on ${page.url()}.`);
      await page.waitForTimeout(500);
      await page.reload();
    }
  }

  async function clmCall(pathname: string, init: RequestInit = {}): Promise<unknown> {
    const response = await fetch(`${platform.clm.url}${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${DEMO_CREDENTIALS.clmApiToken}`, 'content-type': 'application/json', ...init.headers },
    });
    assert.ok(response.ok, `CLM simulator answered ${response.status} to ${pathname}`);
    return (response.headers.get('content-type') ?? '').includes('json') ? response.json() : response.text();
  }

  // The CLM user executes a contract; the simulator signs and sends the webhook.
  async function executeContract(): Promise<void> {
    const created = await clmCall('/_sim/workflows', { method: 'POST', body: workflowTemplate }) as { id: string };
    const executed = await clmCall(`/_sim/workflows/${created.id}/execute`, { method: 'POST' }) as { deliveries: { delivered: boolean }[] };
    assert.ok(executed.deliveries.some((delivery) => delivery.delivered), 'the gateway accepted the webhook');
  }

  it('signs in', async () => {
    await page.goto(`${stack.portalUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.portalUrl}/tenants`);
    await page.getByRole('heading', { name: 'Tenants' }).waitFor();
    await capture('10-signed-in');
  });

  it('explains invalid tenant fields', async () => {
    await page.getByRole('link', { name: 'New tenant' }).first().click();
    await page.getByLabel('Name').fill('Flow Partners LLP');
    await page.getByLabel('Slug').fill('Not A Slug');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('"not a slug" is not a valid slug.').waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), 'Flow Partners LLP', 'the form keeps the typed name');
    assert.equal(await page.getByLabel('Slug').getAttribute('aria-invalid'), 'true');
    await capture('11-tenant-errors');
  });

  it('creates a tenant', async () => {
    await page.getByLabel('Slug').fill(slug);
    await page.getByLabel('Region').selectOption('eu');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.waitForURL(portal());
    await page.getByText('Tenant Flow Partners LLP created in region eu.').waitFor();
    await capture('12-tenant-created');
  });

  it('creates a legal entity', async () => {
    await page.getByRole('link', { name: 'Entities and rules' }).click();
    await page.getByRole('link', { name: 'New legal entity' }).first().click();
    await page.getByLabel('Code').fill('ACME-FR');
    await page.getByLabel('Name').fill('Acme Conseil SAS');
    await page.getByLabel('Country').fill('FR');
    await page.getByLabel('Currency').fill('EURO');
    await page.getByLabel('Tax id (optional)').fill('FR40303265045');
    await page.getByLabel('Invoice number series').fill('FR-FAC-');
    await page.getByRole('button', { name: 'Create legal entity' }).click();
    await page.getByText('"EURO" is not an ISO 4217 currency code.').waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), 'Acme Conseil SAS', 'the form keeps the typed name');
    assert.equal(await page.getByLabel('Currency').getAttribute('aria-invalid'), 'true');
    await capture('12-legal-entity-errors');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Create legal entity' }).click();
    await page.waitForURL(portal('/entities'));
    await page.getByText('Legal entity ACME-FR created.').waitFor();
    await capture('12-legal-entity-created');

    // The other entities the flow needs come from the demo data.
    const tenant = await controlModels().Tenant.findOne({ where: { slug } });
    const others = DEMO_LEGAL_ENTITIES.filter((entity) => entity.code !== 'ACME-FR');
    await ensureLegalEntities({ tenantId: tenant!.id, region: 'eu' }, others);
    await page.goto(portal());
  });

  it('creates CLM and ERP connectors', async () => {
    const verification = await clmCall('/public/api/v1/webhooks/verification-key');
    const webhookKey = typeof verification === 'string' ? verification : String((verification as { publicKey?: string }).publicKey);

    await page.getByRole('link', { name: 'New connector' }).first().click();
    await page.getByLabel('Name').fill('Ironclad');
    await page.getByLabel('Slug').fill('ironclad');
    await page.getByLabel('Base URL').fill(platform.clm.url);
    await page.getByLabel('Ironclad API token').fill(DEMO_CREDENTIALS.clmApiToken);
    await page.getByLabel('Webhook verification key (PEM)').fill(webhookKey);
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.waitForURL(portal());

    await page.getByRole('link', { name: 'New connector' }).first().click();
    await page.getByLabel('Name').fill('ERPNext');
    await page.getByLabel('Slug').fill('erpnext');
    await page.getByLabel('Driver').selectOption('erpnext');
    await page.getByLabel('Base URL').fill(platform.erp.url);
    await page.getByLabel('API key').fill(DEMO_CREDENTIALS.erpApiKey);
    await page.getByLabel('API secret').fill(DEMO_CREDENTIALS.erpApiSecret);
    await capture('13-connector-form');
    await page.getByRole('button', { name: 'Create connector' }).click();
    await page.waitForURL(portal());
    assert.ok(!(await page.content()).includes(DEMO_CREDENTIALS.erpApiSecret), 'no secret on the page');

    await page.getByRole('link', { name: 'ERPNext' }).click();
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await page.getByText('Connection works: ERPNext accepted the API key and secret.').waitFor();

    // The firm's Ironclad admin points Ironclad's webhook at the URL the portal shows.
    await page.goto(portal());
    const targetURL = (await page.locator('code', { hasText: `/hooks/${slug}/ironclad` }).textContent())!.trim();
    await clmCall('/public/api/v1/webhooks', { method: 'POST', body: JSON.stringify({ events: ['workflow_completed'], targetURL }) });
    await capture('13-connectors');
  });

  it('creates an API client that the gateway accepts', async () => {
    await page.getByRole('link', { name: 'API clients' }).click();
    await page.getByRole('link', { name: 'New API client' }).first().click();
    await page.getByLabel('Name').fill('Finance warehouse');
    await page.getByLabel('runs:read').check();
    await page.getByLabel('contracts:read').check();
    await page.getByRole('button', { name: 'Create API client' }).click();
    const clientId = (await page.locator('#client-id').textContent())!.trim();
    const secret = (await page.locator('#client-secret').textContent())!.trim();

    const token = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'runs:read' }),
    });
    assert.equal(token.status, 200);
    const { access_token: accessToken } = await token.json() as { access_token: string };
    const runs = await fetch(`${platform.gatewayUrl}/v1/runs`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(runs.status, 200);
    await capture('14-api-client-secret');

    await page.getByRole('link', { name: 'Done' }).click();
    assert.ok(!(await page.content()).includes(secret), 'the list does not show the secret');
  });

  it('shows a completed run and its lineage', async () => {
    await executeContract();
    await page.goto(portal('/runs'));
    await reloadUntilStatus('completed');
    await page.getByRole('link', { name: /^Steps/ }).first().click();
    await page.getByRole('cell', { name: 'create-erp-project' }).waitFor();
    await page.getByRole('link', { name: 'Lineage' }).click();
    await page.getByRole('heading', { name: /Lineage of/ }).waitFor();
    await page.locator('.lineage-type', { hasText: 'project' }).first().waitFor();
    const erpLinks = await page.locator('.external-ids li', { hasText: 'erp' }).count();
    assert.ok(erpLinks >= 3, `customer, project and billing schedule have ERP ids (found ${erpLinks})`);
    await capture('15-lineage');
  });

  it('retries a failed run', async () => {
    await fetch(`${platform.erp.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ method: 'POST', doctype: 'Project', status: 422, times: 1 }] }),
    });
    await executeContract();
    await page.goto(portal('/runs?status=failed'));
    await reloadUntilStatus('failed');
    await page.getByRole('link', { name: /^Steps/ }).first().click();
    await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
    await capture('16-failed-run');

    await page.getByRole('button', { name: 'Retry the failed step' }).click();
    await page.getByText(/Retry queued/).waitFor();
    await reloadUntilStatus('completed');
    await capture('17-retried-run');
  });

  it('fits phone and laptop widths', async () => {
    await page.goto(portal('/runs'));
    const runPage = `${stack.portalUrl}${await page.getByRole('link', { name: /^Steps/ }).first().getAttribute('href')}`;
    const pages = { runs: portal('/runs'), run: runPage, connectors: portal(), audit: portal('/audit') };

    for (const [name, url] of Object.entries(pages)) {
      for (const viewport of [VIEWPORTS.phone, { width: 1366, height: 768 }]) {
        await page.setViewportSize(viewport);
        await page.goto(url);
        await page.screenshot({ path: path.join(screenshots, `17-width-${name}-${viewport.width}.png`), fullPage: true });
        const where = `${name} at ${viewport.width} px`;
        // The root element is document.documentElement, and its window's innerWidth is the viewport.
        const pageWidth = await page.locator('html').evaluate((root) => ({ scroll: root.scrollWidth, window: root.ownerDocument.defaultView!.innerWidth }));
        assert.ok(pageWidth.scroll <= pageWidth.window, `${where}: the page is ${pageWidth.scroll} px wide in a ${pageWidth.window} px window`);
        // Each table shows all its columns without scrolling: stacked rows on a phone, whole rows on a laptop.
        const tables = await page.locator('.table-wrap').evaluateAll((wraps) => wraps.map((wrap) => ({ scroll: wrap.scrollWidth, client: wrap.clientWidth })));
        for (const [index, table] of tables.entries()) {
          assert.ok(table.scroll <= table.client, `${where}: table ${index + 1} needs ${table.scroll} px and has ${table.client} px`);
        }
      }
    }
    await page.setViewportSize(VIEWPORTS.laptop);
  });

  it('shows the KPI dashboard', async () => {
    await page.goto(portal('/dashboard?days=7'));
    const median = page.locator('.kpi', { hasText: 'Time to activation, median' });
    assert.match((await median.locator('.kpi-value').textContent())!, /^\d+(\.\d+)? (s|min|h)$/, 'the median activation time is a number');
    const manual = page.locator('.kpi', { hasText: 'Runs without manual work' });
    assert.match((await manual.locator('.kpi-value').textContent())!, /^\d+(\.\d+)? %$/);
    assert.ok(await median.locator('svg .chart-line').count() === 1, 'the chart is drawn');
    await capture('18-dashboard');
  });

  it('quotes tax with the rule packs', async () => {
    await page.getByRole('link', { name: 'Entities and rules' }).click();
    await page.getByLabel('Supplying entity').selectOption('ACME-FR');
    await page.getByLabel('Customer country').fill('FR');
    await page.getByLabel('Net amount').fill('1000.00');
    await page.getByLabel('Supply date').fill('2027-02-15');
    await page.getByRole('button', { name: 'Quote' }).click();
    await page.getByRole('heading', { name: 'Result' }).waitFor();
    assert.match((await page.locator('.quote-result').textContent())!, /200\.00 EUR/);
    await capture('19-tax-quote');
  });

  it('rejects a form with a forged CSRF token', async () => {
    await page.goto(portal('/settings'));
    // A hidden input's value is its value attribute, so changing the attribute forges the token.
    await page.locator('form[action$="/suspend"] input[name="_csrf"]').evaluate((input) => input.setAttribute('value', 'forged-token'));
    await page.getByLabel('Reason for the suspension').fill('forged');
    await page.getByRole('button', { name: 'Suspend tenant' }).click();
    await page.getByRole('heading', { name: 'Form expired' }).waitFor();
    assert.equal((await controlModels().Tenant.findOne({ where: { slug } }))?.status, 'active');
    await capture('20-csrf-rejected');
  });

  it('shows a script tenant name as text', async () => {
    const scriptSlug = uniqueSlug('xss');
    await page.goto(`${stack.portalUrl}/tenants/new`);
    await page.getByLabel('Name').fill('<script>alert(1)</script>');
    await page.getByLabel('Slug').fill(scriptSlug);
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.waitForURL(`${stack.portalUrl}/tenants/${scriptSlug}`);
    await page.getByRole('heading', { name: '<script>alert(1)</script>' }).waitFor();
    assert.equal(await page.locator('script').count(), 0, 'no script element on the page');
    assert.deepEqual(dialogs, [], 'no dialog opened');
    await capture('21-escaped-name');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.idp.issuer}/**`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.portalUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto(portal());
    await page.waitForURL(`${stack.idp.issuer}/**`);
    assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
    await capture('22-signed-out');
  });
});
