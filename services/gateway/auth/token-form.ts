import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { config } from '../../core/config.ts';
import { requestErrorToProblem } from '../http/request-errors.ts';
import { OAuthError } from './oauth-error.ts';

// The token request's form has a handful of parameters, so 50 is ample and bounds parsing work.
const MAX_FORM_PARAMETERS = 50;

// Parses the token request's form. A body the parser rejects becomes an OAuth invalid_request
// error, because OAuth clients read {error, error_description}, not problem details.
export function tokenForm(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: config().gateway.maxBodyBytes, parameterLimit: MAX_FORM_PARAMETERS });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined) {
        next();
        return;
      }
      next(toOAuthError(error));
    });
  };
}

function toOAuthError(error: unknown): unknown {
  if ((error as { type?: unknown }).type === 'parameters.too.many') {
    return new OAuthError('invalid_request', `The token request has more than ${MAX_FORM_PARAMETERS} form parameters. Send only grant_type, scope and the client credentials.`);
  }
  const problem = requestErrorToProblem(error);
  return problem ? new OAuthError('invalid_request', problem.detail, `token request body rejected: ${problem.code}`) : error;
}
