import type { RequestHandler } from 'express';

// Values every page layout needs: the signed-in user for the header and the sign-out form.
export const viewLocals: RequestHandler = (req, res, next) => {
  if (req.user) {
    res.locals.user = { email: req.user.email, name: req.user.name || req.user.email, platformAdmin: req.user.platformAdmin };
  }
  next();
};
