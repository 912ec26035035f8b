import type { RequestHandler } from 'express';
import { hasAnyMembership } from '../auth/principal.ts';
import { requestLog } from '../request-context.ts';

// Sends a signed-out browser to sign in and back to the page it asked for. Other methods get 401,
// because a form post cannot be replayed after the round trip to the provider.
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();

  if (req.method === 'GET' || req.method === 'HEAD') {
    // Only page loads become the return address. Browsers also fetch icons and other resources
    // while signed out, and returning to one of those after sign-in would show a blank page.
    const destination = req.get('sec-fetch-dest');
    if (destination === undefined || destination === 'document') req.session.returnTo = req.originalUrl;
    res.redirect('/login');
    return;
  }
  res.status(401).render('error', { title: 'Sign in required', message: 'Your session has ended. Sign in again, then repeat the change.' });
};

// A signed-in user without any membership can do nothing here, so every page shows whom to ask.
export const requireMembership: RequestHandler = (req, res, next) => {
  if (req.user && hasAnyMembership(req.user)) return next();
  requestLog(res).info({ path: req.path }, 'user without memberships opened a portal page');
  res.status(403).render('no-access', { title: 'No access yet' });
};
