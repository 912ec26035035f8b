// HTML pages of the development provider. Every value that comes from a request or an account is
// escaped, and the pages load one stylesheet and no scripts, so the strict Content-Security-Policy
// that the server sends covers them.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Throughline dev sign-in</title>
  <link rel="stylesheet" href="/assets/idp.css">
</head>
<body>
  <main class="card">
    <p class="brand">Throughline <span>development sign-in</span></p>
    ${body}
  </main>
</body>
</html>`;
}

export interface LoginPageInput {
  action: string;
  clientName: string;
  email: string;
  error?: string;
}

export function loginPage({ action, clientName, email, error }: LoginPageInput): string {
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return page('Sign in', `
    <h1>Sign in to ${escapeHtml(clientName)}</h1>
    ${alert}
    <form method="post" action="${escapeHtml(action)}">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(email)}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    <p class="hint">Development accounts only. This provider does not run in production.</p>`);
}

// oidc-provider passes a hidden form with its own anti-forgery value. The buttons submit that form
// by its id, and only the button that sends logout=yes ends the session at the provider.
export function logoutPage(form: string, host: string): string {
  return page('Sign out', `
    <h1>Sign out of ${escapeHtml(host)}?</h1>
    ${form}
    <div class="actions">
      <button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
      <button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
    </div>`);
}

export function signedOutPage(): string {
  return page('Signed out', '<h1>You are signed out</h1><p>You can close this window.</p>');
}

export function errorPage(out: Record<string, unknown>): string {
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return page('Sign-in error', `<h1>Sign-in failed</h1><dl>${rows}</dl><p>Go back to the application and start again.</p>`);
}
