import { csrfSync } from 'csrf-sync';
import type { RequestHandler } from 'express';

// Synchronizer-token CSRF protection: the token lives in the session and every form sends it back
// in the hidden field _csrf. GET, HEAD and OPTIONS pass unchecked because they change nothing.
const { csrfSynchronisedProtection, generateToken, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: (req) => {
    const token: unknown = req.body?._csrf;
    return typeof token === 'string' ? token : undefined;
  },
});

export const csrfProtection: RequestHandler = csrfSynchronisedProtection;

// Puts the session's token in res.locals.csrfToken for the csrf partial. It creates the token
// only when a page is rendered, so assets and redirects do not start a session.
export const csrfTokenForViews: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req);
  next();
};

export function isCsrfError(error: unknown): boolean {
  return error === invalidCsrfTokenError;
}
