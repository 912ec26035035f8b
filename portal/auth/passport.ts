import passport from 'passport';
import type * as client from 'openid-client';
import type { PortalSettings } from '../options.ts';
import { loadPrincipal } from './principal.ts';
import { oidcStrategy } from './oidc-strategy.ts';

// A passport instance per portal app, so two apps in one test process keep separate strategies.
// The session stores only the user id, and each request reloads the principal from it.
export function portalPassport(oidc: client.Configuration, settings: PortalSettings): passport.PassportStatic {
  const instance = new passport.Passport() as passport.PassportStatic;
  instance.use(oidcStrategy(oidc, settings));

  instance.serializeUser((user, done) => done(null, user.id));
  instance.deserializeUser((id: string, done) => {
    loadPrincipal(id).then((principal) => done(null, principal ?? false), done);
  });
  return instance;
}
