import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { config } from '../../core/config.ts';
import { Problem } from '../../core/problem.ts';

const JSON_TYPES = ['application/json', 'application/*+json'];

function requireJsonContent(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(JSON_TYPES)) {
    throw new Problem(415, 'unsupported-media-type', 'This operation takes a JSON body: send it with Content-Type: application/json.');
  }
  next();
}

// Checks the content type before reading the body, then parses it within the size limit.
export function jsonBody(): RequestHandler[] {
  return [requireJsonContent, express.json({ limit: config().gateway.maxBodyBytes, type: JSON_TYPES, strict: true })];
}
