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
  if (!req.is(JSON_TYPES)) {
    throw new Problem(415, 'unsupported-media-type', 'This operation takes a JSON body: send it with Content-Type: application/json.');
  }
  next();
}

// Checks the content type before reading the body, then parses it within the size limit.
export function jsonBody(): RequestHandler[] {
  return [requireJsonContent, express.json({ limit: config().gateway.maxBodyBytes, type: JSON_TYPES, strict: true })];
}
