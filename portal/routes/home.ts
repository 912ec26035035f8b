import express from 'express';
import { hasAnyMembership } from '../auth/principal.ts';

// The public pages: the start page, which is also where the provider returns after sign-out,
// and the page for signed-in users who have no membership yet.
export function homeRoutes(): express.Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    if (req.user) return res.redirect(hasAnyMembership(req.user) ? '/tenants' : '/no-access');
    res.render('home', { title: 'Sign in' });
  });

  router.get('/no-access', (req, res) => {
    if (!req.user) return res.redirect('/login');
    if (hasAnyMembership(req.user)) return res.redirect('/tenants');
    res.status(403).render('no-access', { title: 'No access yet' });
  });

  return router;
}
