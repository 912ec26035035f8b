import express, { type NextFunction, type Request, type Response } from 'express';
import type passport from 'passport';
import * as client from 'openid-client';
import type { PortalSettings } from '../options.ts';
import { SESSION_COOKIE } from '../session.ts';
import { startSessionClocks } from '../session-timeouts.ts';
import { requestLog } from '../request-context.ts';
import { hasAnyMembership } from './principal.ts';
import { safeReturnTo } from './return-to.ts';
import type { SignIn } from './sign-in.ts';
import { STRATEGY_NAME } from './oidc-strategy.ts';

function landingPath(user: Express.User, returnTo: string | undefined): string {
  if (!hasAnyMembership(user)) return '/no-access';
  return returnTo ?? '/tenants';
}

function renderSignInFailure(res: Response, status: number, reason: string): void {
  res.status(status).render('login-failed', { title: 'Sign-in failed', reason });
}

// Completes the sign-in. passport's logIn regenerates the session id (passport 0.6 and later),
// so a session id planted before sign-in is worthless afterwards.
function completeSignIn(auth: passport.PassportStatic) {
  return (req: Request, res: Response, next: NextFunction) => {
    const handle = (error: unknown, user: SignIn | false, info?: { message?: string }) => {
      if (error) {
        requestLog(res).warn({ err: error }, 'sign-in callback failed');
        renderSignInFailure(res, 400, 'The sign-in response could not be verified. It may have expired or come from another attempt.');
        return;
      }
      if (!user) {
        requestLog(res).warn({ reason: info?.message }, 'sign-in rejected');
        renderSignInFailure(res, 401, info?.message ?? 'The identity provider did not confirm who you are.');
        return;
      }

      const returnTo = safeReturnTo(req.session.returnTo);
      req.logIn(user, (loginError) => {
        if (loginError) return next(loginError);
        req.session.idToken = user.idToken;
        startSessionClocks(req);
        requestLog(res).info({ userId: user.id, platformAdmin: user.platformAdmin }, 'portal user signed in');
        // express-session would send the redirect's headers before its own save finishes, and the
        // browser's next request could then load the session without its clocks and be signed out.
        req.session.save((saveError) => {
          if (saveError) return next(saveError);
          res.redirect(landingPath(user, returnTo));
        });
      });
    };
    auth.authenticate(STRATEGY_NAME, handle)(req, res, next);
  };
}

function endSessionUrl(oidc: client.Configuration, settings: PortalSettings, idToken: string | undefined): string {
  const postLogout = `${settings.baseUrl}/`;
  if (!oidc.serverMetadata().end_session_endpoint) return postLogout;
  const parameters: Record<string, string> = { post_logout_redirect_uri: postLogout, client_id: settings.clientId };
  if (idToken) parameters.id_token_hint = idToken;
  return client.buildEndSessionUrl(oidc, parameters).href;
}

// Signs out of the portal, then sends the browser to the provider's end-session endpoint, so the
// provider's session ends too and the next sign-in requires the password again.
function signOut(oidc: client.Configuration, settings: PortalSettings) {
  return (req: Request, res: Response, next: NextFunction) => {
    const idToken = req.session.idToken;
    const userId = req.user?.id;
    req.logout((logoutError) => {
      if (logoutError) return next(logoutError);
      req.session.destroy((destroyError) => {
        if (destroyError) return next(destroyError);
        requestLog(res).info({ userId }, 'portal user signed out');
        res.clearCookie(SESSION_COOKIE);
        res.redirect(303, endSessionUrl(oidc, settings, idToken));
      });
    });
  };
}

export function authRoutes(auth: passport.PassportStatic, oidc: client.Configuration, settings: PortalSettings): express.Router {
  const router = express.Router();

  router.get('/login', (req, res, next) => {
    if (req.user) return res.redirect('/tenants');
    auth.authenticate(STRATEGY_NAME)(req, res, next);
  });
  router.get('/auth/callback', completeSignIn(auth));
  router.post('/logout', signOut(oidc, settings));

  return router;
}
