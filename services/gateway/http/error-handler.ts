import type { NextFunction, Request, Response } from 'express';
import { Problem, problems } from '../../core/problem.ts';
import { OAuthError } from '../auth/oauth-error.ts';
import { requestErrorToProblem } from './request-errors.ts';
import { ProblemWithHeaders } from './problem-headers.ts';
import { requestIdOf, requestLogOf } from './request-context.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

function sendOAuthError(error: OAuthError, res: Response): void {
  requestLogOf(res).info({ oauthError: error.error, reason: error.internalReason }, 'token request rejected');
  if (error.status === 401) res.set('WWW-Authenticate', 'Basic realm="throughline", charset="UTF-8"');
  res.set('Cache-Control', 'no-store').status(error.status).json({ error: error.error, error_description: error.message });
}

function toProblem(error: unknown, res: Response): Problem {
  if (error instanceof Problem) return error;
  const requestProblem = requestErrorToProblem(error);
  if (requestProblem) return requestProblem;

  requestLogOf(res).error({ err: error }, 'unhandled error while handling request');
  return problems.internal();
}

// The one place where errors become responses. Problems are shown as RFC 9457 problem details,
// token endpoint errors in the RFC 6749 form, and anything unknown as a bare 500 whose cause and
// stack go only to the log.
export function handleErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof OAuthError) {
    sendOAuthError(error, res);
    return;
  }

  const problem = toProblem(error, res);
  if (problem instanceof ProblemWithHeaders) res.set(problem.headers);
  if (problem.status < 500) requestLogOf(res).info({ status: problem.status, code: problem.code }, 'request rejected');

  const body = { ...problem.toBody(req.originalUrl.split('?')[0]), requestId: requestIdOf(res) };
  res.status(problem.status).set('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function unknownRoute(req: Request): never {
  throw new Problem(404, 'not-found', `No endpoint matches ${req.method} ${req.path}. Check the path and the API version.`);
}
