import assert from 'node:assert/strict';
import request from 'supertest';
import { controlModels } from '../../../services/core/models/control.ts';
import { createTenant } from '../../support/factories.ts';
import { csrfTokenIn, signInOverHttp } from './http-sign-in.ts';
import { createPortalUser, startPortalStack, type PortalStack } from './stack.ts';

describe('portal sign-in', function () {
  this.timeout(60_000);
  let stack: PortalStack;
  let admin: Awaited<ReturnType<typeof createPortalUser>>;
  const newcomer = { email: `newcomer-${Date.now()}@test.example`, name: 'New Comer', password: 'newcomer-password' };

  before(async () => {
    const tenant = await createTenant();
    admin = await createPortalUser('auth-admin', [{ role: 'tenant-admin', tenantId: tenant.id }]);
    stack = await startPortalStack([admin, newcomer]);
  });

  after(async () => {
    await stack?.close();
  });

  it('redirects signed-out pages to login', async () => {
    for (const path of ['/tenants', '/tenants/new', '/tenants/acme', '/tenants/acme/runs']) {
      const response = await request(stack.portalUrl).get(path);
      assert.equal(response.status, 302, path);
      assert.equal(response.headers.location, '/login', path);
    }
  });

  // A signed-out browser has no CSRF token, so the CSRF check rejects the post before the login check.
  it('rejects signed-out form posts', async () => {
    const slug = `signed-out-${Date.now()}`;
    const response = await request(stack.portalUrl).post('/tenants').type('form').send({ slug, name: 'X', region: 'eu' });
    assert.equal(response.status, 403);
    assert.match(response.text, /Form expired/);
    assert.equal(await controlModels().Tenant.count({ where: { slug } }), 0);
  });

  it('sends PKCE, state and nonce to the provider', async () => {
    const response = await request(stack.portalUrl).get('/login');
    assert.equal(response.status, 302);
    const authorize = new URL(response.headers.location!);
    assert.equal(authorize.origin, new URL(stack.idp.issuer).origin);
    assert.equal(authorize.searchParams.get('response_type'), 'code');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorize.searchParams.get('code_challenge'));
    assert.ok(authorize.searchParams.get('state'));
    assert.ok(authorize.searchParams.get('nonce'));
    assert.equal(authorize.searchParams.get('scope'), 'openid email profile');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${stack.portalUrl}/auth/callback`);
  });

  it('rejects a callback without a started sign-in', async () => {
    const response = await request(stack.portalUrl).get('/auth/callback?code=forged&state=forged');
    assert.equal(response.status, 401);
    assert.match(response.text, /Sign-in failed/);
  });

  it('signs in and regenerates the session id', async () => {
    const signIn = await signInOverHttp(stack.portalUrl, admin.email, admin.password);
    assert.equal(signIn.landedOn, '/tenants');
    assert.ok(signIn.cookieBeforeSignIn, 'the portal stores the authorization state in a session before sign-in');
    assert.ok(!signIn.cookie.includes(signIn.cookieBeforeSignIn), 'the session id changes at sign-in');

    const page = await request(stack.portalUrl).get('/tenants').set('Cookie', signIn.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /Test auth-admin/);
  });

  it('rejects a wrong password at the provider', async () => {
    await assert.rejects(signInOverHttp(stack.portalUrl, admin.email, 'wrong-password'), /status 401/);
  });

  it('creates the user row and shows no access', async () => {
    const signIn = await signInOverHttp(stack.portalUrl, newcomer.email, newcomer.password);
    assert.equal(signIn.landedOn, '/no-access');

    const user = await controlModels().AdminUser.findOne({ where: { email: newcomer.email } });
    assert.ok(user, 'first sign-in creates the admin user');
    assert.equal(user.name, 'New Comer');

    const page = await request(stack.portalUrl).get('/tenants').set('Cookie', signIn.cookie);
    assert.equal(page.status, 403);
    assert.match(page.text, /You have no access yet/);
    assert.match(page.text, /tenant admin/);
  });

  it('signs out through the end-session endpoint', async () => {
    const signIn = await signInOverHttp(stack.portalUrl, admin.email, admin.password);
    const page = await request(stack.portalUrl).get('/tenants').set('Cookie', signIn.cookie);
    const response = await request(stack.portalUrl).post('/logout').set('Cookie', signIn.cookie).type('form').send({ _csrf: csrfTokenIn(page.text) });

    assert.equal(response.status, 303);
    const endSession = new URL(response.headers.location!);
    assert.equal(endSession.origin, new URL(stack.idp.issuer).origin);
    assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${stack.portalUrl}/`);
    assert.ok(endSession.searchParams.get('id_token_hint'), 'the end-session URL carries the ID token as a hint');

    const after = await request(stack.portalUrl).get('/tenants').set('Cookie', signIn.cookie);
    assert.equal(after.status, 302, 'the old session cookie no longer signs in');
  });

  it('sends a strict Content-Security-Policy', async () => {
    const response = await request(stack.portalUrl).get('/');
    const policy = String(response.headers['content-security-policy']);
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /style-src 'self'/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.match(policy, new RegExp(`form-action 'self' ${new URL(stack.idp.issuer).origin}`));
  });

  it('sets an httpOnly lax session cookie', async () => {
    const response = await request(stack.portalUrl).get('/login');
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((value) => value.startsWith('throughline.sid='));
    assert.ok(cookie, 'GET /login sets the session cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, 'plain-http base URL gets no Secure flag');
  });
});
