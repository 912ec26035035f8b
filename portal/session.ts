import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler, Response } from 'express';
import session from 'express-session';
import pg from 'pg';
import type { Logger } from 'pino';
import { config } from '../services/core/config.ts';
import type { PendingSecret } from './one-time-secret.ts';
import type { PortalSettings } from './options.ts';

// Fields this portal keeps in the server-side session. The cookie holds only the signed session id.
declare module 'express-session' {
  interface SessionData {
    /** ID token of the sign-in, sent back as id_token_hint at RP-initiated logout. */
    idToken?: string;
    /** Portal path to open after sign-in, recorded when a signed-out request was redirected. */
    returnTo?: string;
    /** One-time notice for the next page, such as "Connector created". */
    flash?: { kind: 'success' | 'info'; message: string };
    /** Epoch milliseconds of the sign-in, for the absolute session timeout. */
    signedInAt?: number;
    /** Epoch milliseconds of the last request, for the idle session timeout. */
    lastSeenAt?: number;
    /** New API client secrets, by client id, each waiting for the one page load that shows it. */
    pendingSecrets?: Record<string, PendingSecret>;
  }
}

export const SESSION_COOKIE = 'throughline.sid';

export interface PortalSessions {
  middleware: ReturnType<typeof session>;
  close(): Promise<void>;
}

// Sessions live in the control database table portal_sessions, so any portal copy can serve any
// request and a restart keeps every user signed in.
export function portalSessions(settings: PortalSettings): PortalSessions {
  const PgStore = connectPgSimple(session);
  const pool = new pg.Pool({ connectionString: config().database.controlUrl, max: 4 });
  const store = new PgStore({ pool, tableName: 'portal_sessions', createTableIfMissing: false });

  const middleware = session({
    name: SESSION_COOKIE,
    secret: settings.sessionSecret,
    store,
    resave: false,
    // Each response renews the cookie and the row's expiry, so both end after the idle timeout.
    // enforceSessionTimeouts also ends a session at the absolute timeout, however active it is.
    rolling: true,
    // No row and no cookie until something is stored, such as the sign-in state or a CSRF token.
    saveUninitialized: false,
    cookie: {
      httpOnly: true,
      // Lax still sends the cookie on the top-level redirect back from the OpenID provider.
      sameSite: 'lax',
      secure: settings.https,
      maxAge: settings.sessionIdleMinutes * 60 * 1000,
    },
  });

  return {
    middleware,
    close: async () => {
      store.close();
      await pool.end();
    },
  };
}

// Makes a redirect wait until a session changed by this request is saved. express-session sends a
// response's status line and headers before its save completes. A browser that follows a redirect
// at once would then read the session without the notice or one-time secret meant for the next
// page, and its own save would overwrite them. An unchanged session is not saved.
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  const before = JSON.stringify(req.session);
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session || JSON.stringify(req.session) === before) {
      redirect(...args);
      return;
    }
    // The action behind the redirect has succeeded, so a failed save loses only what the next page
    // would show. It is logged, and the redirect still goes out.
    req.session.save((error) => {
      if (error) (res.locals.log as Logger).warn({ err: error }, 'failed to save the session before a redirect');
      redirect(...args);
    });
  }) as Response['redirect'];
  next();
};
