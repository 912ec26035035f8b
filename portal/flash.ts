import type { Request, RequestHandler } from 'express';

// A notice shown once on the page after a redirect, such as "Tenant acme created".
export function setFlash(req: Request, message: string): void {
  req.session.flash = { kind: 'success', message };
}

export const flashForViews: RequestHandler = (req, res, next) => {
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
