import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { controlDatabase } from '../../../services/core/database.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

// What a form post stores for the next page (a notice, a one-time secret) must be in the session
// by the time the browser can follow the redirect. A browser acts on the status line and headers
// before the response has ended. Each test locks the session row, so saving the session waits,
// and a redirect that arrives meanwhile was sent before the session was stored.
describe('portal session across a redirect', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let cookie = '';

  before(async () => {
    tenant = await createTenant();
    const admin = await createPortalUser('flash-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    stack = await startPortalStack([admin]);
    cookie = (await signInOverHttp(stack.portalUrl, admin.email, admin.password)).cookie;
  });

  after(async () => {
    await stack?.close();
  });

  // The session id inside the signed cookie value "s:<id>.<signature>".
  function sessionId(): string {
    const value = decodeURIComponent(/throughline\.sid=([^;]+)/.exec(cookie)?.[1] ?? '');
    return value.slice(2, value.lastIndexOf('.'));
  }

  // Posts the form and resolves with the redirect target as soon as the headers arrive.
  function postForRedirect(path: string, fields: URLSearchParams): Promise<string> {
    const body = fields.toString();
    return new Promise((resolve, reject) => {
      const outgoing = http.request(new URL(path, stack.portalUrl), {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      }, (response) => {
        response.resume();
        if (response.statusCode !== 303) reject(new Error(`expected 303, got ${response.statusCode}`));
        else resolve(String(response.headers.location));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  // Posts the form of the page at formPath while the session row is locked. Returns whether the
  // redirect arrived before the lock was released, and the page it leads to.
  async function postWhileSessionLocked(formPath: string, postPath: string, fields: Record<string, string | string[]>) {
    const form = await request(stack.portalUrl).get(formPath).set('Cookie', cookie);
    const body = new URLSearchParams({ _csrf: csrfTokenIn(form.text) });
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);

    let redirectedWhileLocked = false;
    let posted: Promise<string> | undefined;
    await controlDatabase().transaction(async (transaction) => {
      await controlDatabase().query('SELECT sid FROM portal_sessions WHERE sid = :sid FOR UPDATE', { replacements: { sid: sessionId() }, transaction });
      posted = postForRedirect(postPath, body);
      redirectedWhileLocked = await Promise.race([posted.then(() => true), sleep(1_000).then(() => false)]);
    });
    const location = await posted!;
    const page = await request(stack.portalUrl).get(location).set('Cookie', cookie);
    return { redirectedWhileLocked, page };
  }

  it('keeps a notice for the next page', async () => {
    const base = `/tenants/${tenant.slug}`;
    const { redirectedWhileLocked, page } = await postWhileSessionLocked(`${base}/legal-entities/new`, `${base}/legal-entities`,
      { code: 'FLASH-FR', name: 'Flash Conseil SAS', country: 'FR', currency: 'EUR', invoiceSeries: 'FL-' });

    assert.equal(redirectedWhileLocked, false, 'the redirect waited for the session to be saved');
    assert.match(page.text, /Legal entity FLASH-FR created/);
  });

  it('keeps a one-time secret for the next page', async () => {
    const base = `/tenants/${tenant.slug}`;
    const { redirectedWhileLocked, page } = await postWhileSessionLocked(`${base}/api-clients/new`, `${base}/api-clients`,
      { name: 'Redirect check', scopes: ['runs:read'], tier: tenant.apiTier });

    assert.equal(redirectedWhileLocked, false, 'the redirect waited for the session to be saved');
    assert.match(page.text, /id="client-secret"/);
  });
});
