import type { Request, RequestHandler, Response } from 'express';
import type { PortalSettings } from './options.ts';
import { requestLog } from './request-context.ts';
import { SESSION_COOKIE } from './session.ts';

type Expiry = 'idle' | 'absolute' | undefined;

function expiryOf(req: Request, settings: PortalSettings, now: number): Expiry {
  const { signedInAt, lastSeenAt } = req.session;
  // A signed-in session without timestamps predates the timeouts; it gets no free pass.
  if (signedInAt === undefined || lastSeenAt === undefined) return 'absolute';
  if (now - signedInAt > settings.sessionAbsoluteHours * 3_600_000) return 'absolute';
  if (now - lastSeenAt > settings.sessionIdleMinutes * 60_000) return 'idle';
  return undefined;
}

function endSession(req: Request, res: Response, expiry: Exclude<Expiry, undefined>): void {
  const userId = req.user?.id;
  const returnTo = req.method === 'GET' ? req.originalUrl : undefined;
  req.session.regenerate((error) => {
    if (error) {
      res.status(500).render('error', { title: 'Session error', message: 'The portal could not end your expired session. Close the browser and sign in again.' });
      return;
    }
    requestLog(res).info({ userId, expiry }, 'portal session expired');
    if (returnTo) req.session.returnTo = returnTo;
    res.status(401).render('session-ended', {
      title: 'Session ended',
      user: undefined,
      reason: expiry === 'idle'
        ? 'You were signed out after a period without activity.'
        : 'You were signed out because sessions last at most a working day.',
    });
  });
}

// Ends a signed-in session that has been idle too long or has reached its absolute lifetime,
// and otherwise records the request time. Runs after passport has loaded the user.
export function enforceSessionTimeouts(settings: PortalSettings): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return next();
    const now = Date.now();
    const expiry = expiryOf(req, settings, now);
    if (expiry) {
      res.clearCookie(SESSION_COOKIE);
      endSession(req, res, expiry);
      return;
    }
    req.session.lastSeenAt = now;
    next();
  };
}

// Starts both clocks at sign-in.
export function startSessionClocks(req: Request): void {
  const now = Date.now();
  req.session.signedInAt = now;
  req.session.lastSeenAt = now;
}
