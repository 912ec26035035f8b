import assert from 'node:assert/strict';
import request from 'supertest';
import { controlDatabase } from '../../../services/core/database.ts';
import { createTenant } from '../../support/factories.ts';
import { signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

// The session id inside the signed cookie value "s:<id>.<signature>".
function sessionId(cookie: string): string {
  const value = decodeURIComponent(/throughline\.sid=([^;]+)/.exec(cookie)![1]!);
  return value.slice(2, value.lastIndexOf('.'));
}

// Moves one of the session's clocks back, as if that much time had passed.
async function ageSession(cookie: string, field: 'lastSeenAt' | 'signedInAt', minutes: number): Promise<void> {
  await controlDatabase().query(
    `UPDATE portal_sessions SET sess = jsonb_set(sess::jsonb, ARRAY[:field], to_jsonb((sess::jsonb ->> :field)::bigint - :ms))::json WHERE sid = :sid`,
    { replacements: { field, ms: minutes * 60_000, sid: sessionId(cookie) } },
  );
}

describe('portal session timeouts', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let account: Awaited<ReturnType<typeof createPortalUser>>;

  before(async () => {
    const tenant = await createTenant();
    account = await createPortalUser('timeouts', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    stack = await startPortalStack([account]);
  });

  after(async () => {
    await stack?.close();
  });

  const signIn = async () => (await signInOverHttp(stack.portalUrl, account.email, account.password)).cookie;
  const open = (cookie: string, path = '/tenants') => request(stack.portalUrl).get(path).set('Cookie', cookie);

  it('keeps an active session', async () => {
    const cookie = await signIn();
    await ageSession(cookie, 'lastSeenAt', 29);
    assert.equal((await open(cookie)).status, 200);
    assert.equal((await open(cookie)).status, 200, 'the request renewed the idle clock');
  });

  it('ends a session idle for 30 minutes', async () => {
    const cookie = await signIn();
    await ageSession(cookie, 'lastSeenAt', 31);
    const response = await open(cookie, '/regions');
    assert.equal(response.status, 401);
    assert.match(response.text, /signed out after a period without activity/);
    assert.equal((await open(cookie)).status, 302, 'the old session is gone');
  });

  it('ends a session after 12 hours', async () => {
    const cookie = await signIn();
    await ageSession(cookie, 'signedInAt', 12 * 60 + 1);
    const response = await open(cookie);
    assert.equal(response.status, 401);
    assert.match(response.text, /sessions last at most a working day/);
  });

  it('sets a rolling httpOnly SameSite cookie', async () => {
    const cookie = await signIn();
    const response = await open(cookie);
    const setCookie = response.headers['set-cookie'] as unknown as string[] | undefined;
    assert.ok(setCookie?.length, 'the response renews the cookie');
    assert.match(setCookie[0]!, /HttpOnly/);
    assert.match(setCookie[0]!, /SameSite=Lax/);
    assert.match(setCookie[0]!, /Expires=/);
  });
});
