import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { config } from '../../core/config.ts';
import { Problem } from '../../core/problem.ts';

const JSON_TYPES = ['application/json', 'application/*+json'];

// A request has a body when it is chunked or declares a non-zero length (RFC 9112 section 6.3).
function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

function requireJsonContent(req: Request, _res: Response, next: NextFunction): void {
  // req.is() returns null without a body whatever the Content-Type, so an empty body is caught first.
  if (!hasBody(req)) {
    throw new Problem(400, 'empty-body', 'The request body is empty. Send a JSON object with Content-Type: application/json.');
  }
  next();
}

function requireJsonType(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(JSON_TYPES)) {
    throw new Problem(415, 'unsupported-media-type', 'This operation takes a JSON body: send it with Content-Type: application/json.');
  }
  next();
}

function requireJsonTypeWhenSent(req: Request, res: Response, next: NextFunction): void {
  if (!hasBody(req)) {
    next();
    return;
  }
  requireJsonType(req, res, next);
}

// Sets a missing body to an empty object, which the body schema then validates like any other.
function defaultToEmptyObject(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req)) req.body = {};
  next();
}

// Checks the content type before reading the body, then parses it within the size limit. With
// `optional`, a request without a body passes on with an empty object as its body.
export function jsonBody({ optional }: { optional: boolean } = { optional: false }): RequestHandler[] {
  const parse = express.json({ limit: config().gateway.maxBodyBytes, type: JSON_TYPES, strict: true });
  if (optional) return [requireJsonTypeWhenSent, parse, defaultToEmptyObject];
  return [requireJsonContent, requireJsonType, parse];
}
