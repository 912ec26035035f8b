import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { controlDatabase } from '../../../services/core/database.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

// A notice set before a redirect must be in the session by the time the browser can follow the
// redirect, because a browser acts on the status line and headers before the response has ended.
// The test holds a lock on the session row, so saving the session waits: a redirect that arrives
// meanwhile was sent before its notice was stored.
describe('portal notices across a redirect', function () {
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
  function postForRedirect(path: string, fields: Record<string, string>): Promise<string> {
    const body = new URLSearchParams(fields).toString();
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

  it('sends the redirect only once the notice is stored', async () => {
    const base = `/tenants/${tenant.slug}`;
    const form = await request(stack.portalUrl).get(`${base}/legal-entities/new`).set('Cookie', cookie);
    const fields = { _csrf: csrfTokenIn(form.text), code: 'FLASH-FR', name: 'Flash Conseil SAS', country: 'FR', currency: 'EUR', invoiceSeries: 'FL-' };

    let redirectedWhileLocked = false;
    let posted: Promise<string> | undefined;
    await controlDatabase().transaction(async (transaction) => {
      await controlDatabase().query('SELECT sid FROM portal_sessions WHERE sid = :sid FOR UPDATE', { replacements: { sid: sessionId() }, transaction });
      posted = postForRedirect(`${base}/legal-entities`, fields);
      redirectedWhileLocked = await Promise.race([posted.then(() => true), sleep(1_000).then(() => false)]);
    });
    const location = await posted!;
    const page = await request(stack.portalUrl).get(location).set('Cookie', cookie);

    assert.equal(redirectedWhileLocked, false, 'the redirect waited for the session to be saved');
    assert.match(page.text, /Legal entity FLASH-FR created/);
  });
});
