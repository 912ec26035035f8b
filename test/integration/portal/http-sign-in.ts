// Signs in to the portal over plain HTTP, the way a browser would: follows the redirects between
// the portal and the provider, fills in the provider's login form, and returns the portal's
// session cookie. Integration tests use it to act as a real signed-in user.

type Jar = Map<string, Map<string, string>>;

function remember(jar: Jar, url: URL, response: Response): void {
  const cookies = jar.get(url.origin) ?? new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const separator = pair!.indexOf('=');
    cookies.set(pair!.slice(0, separator), pair!.slice(separator + 1));
  }
  jar.set(url.origin, cookies);
}

function cookieHeader(jar: Jar, url: URL): string {
  return [...(jar.get(url.origin) ?? new Map<string, string>()).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
}

async function send(jar: Jar, url: URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', cookieHeader(jar, url));
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  remember(jar, url, response);
  // express-session sends a response's headers before its session save finishes, and ends the body
  // after it. Reading a redirect's body to its end makes the next step see the saved session.
  if (response.status >= 300 && response.status < 400) await response.arrayBuffer();
  return response;
}

export interface HttpSignIn {
  /** Cookie header value for the portal, with the session cookie. */
  cookie: string;
  /** Portal path that the sign-in ended on, such as /tenants. */
  landedOn: string;
  /** Session cookie value the portal set before the sign-in, when it set one. */
  cookieBeforeSignIn: string | undefined;
}

export async function signInOverHttp(portalUrl: string, email: string, password: string): Promise<HttpSignIn> {
  const jar: Jar = new Map();
  const portal = new URL(portalUrl);
  let url = new URL('/login', portal);
  let response = await send(jar, url);
  const cookieBeforeSignIn = jar.get(portal.origin)?.get('throughline.sid');

  for (let hop = 0; hop < 15; hop += 1) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url);
      if (url.origin === portal.origin && !url.pathname.startsWith('/auth/callback') && url.pathname !== '/login') {
        return { cookie: cookieHeader(jar, portal), landedOn: url.pathname, cookieBeforeSignIn };
      }
      response = await send(jar, url);
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) throw new Error(`Sign-in stopped at ${url.href} with status ${response.status}.`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    const body = new URLSearchParams({ email, password });
    response = await send(jar, url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('Sign-in did not finish within 15 redirects.');
}

// Reads the CSRF token from a rendered portal page.
export function csrfTokenIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('The page has no CSRF token field.');
  return token;
}
