import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

// A notice shown once on the page after a redirect, such as "Tenant acme created".
export function setFlash(req: Request, message: string): void {
  req.session.flash = { kind: 'success', message };
}

// Moves a stored notice into the page being rendered, and makes a redirect that carries a notice
// wait until the session is saved. express-session otherwise sends the redirect's headers before
// its save completes, and a browser that follows the redirect first reads the session without
// the notice, then overwrites it.
export const flashForViews: RequestHandler = (req, res, next) => {
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  res.redirect = redirectAfterSave(req, res);
  next();
};

// The action behind the redirect has succeeded, so a failed save only loses the notice: it is
// logged, and the redirect still goes out.
function redirectAfterSave(req: Request, res: Response): Response['redirect'] {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  return ((...args: unknown[]) => {
    if (!req.session?.flash) {
      redirect(...args);
      return;
    }
    req.session.save((error) => {
      if (error) (res.locals.log as Logger).warn({ err: error }, 'failed to save the session before a redirect; the notice is lost');
      redirect(...args);
    });
  }) as Response['redirect'];
}
