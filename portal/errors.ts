import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isCsrfError } from './csrf.ts';
import { requestLog } from './request-context.ts';

// The portal's own 404 page and error page. Errors are logged with the request id, which the page
// shows, and their details stay in the log.

export const pageNotFound: RequestHandler = (req, res) => {
  res.status(404).render('error', { title: 'Page not found', message: `There is no page at ${req.path}. Use the navigation above to find what you need.` });
};

export const errorPage: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);

  if (isCsrfError(error)) {
    requestLog(res).warn({ method: req.method, path: req.path }, 'form rejected: missing or invalid CSRF token');
    res.status(403).render('error', {
      title: 'Form expired',
      message: 'The form was sent without a valid security token, for example from an old tab or another site. Reload the page and submit it again.',
    });
    return;
  }

  requestLog(res).error({ err: error, method: req.method, path: req.path }, 'portal request failed');
  res.status(500).render('error', {
    title: 'Something went wrong',
    message: `The portal could not complete the request. Try again; if it keeps failing, give the operators request id ${String(res.locals.requestId)}.`,
  });
};
