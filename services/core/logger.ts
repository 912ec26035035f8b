import { pino, type Logger } from 'pino';
import { config } from './config.ts';

// Paths whose values are secrets wherever they appear in a logged object.
const REDACTED_PATHS = [
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'authorization',
  'credentials',
  'apiKey',
  'apiSecret',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.credentials',
  '*.apiKey',
  '*.apiSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

let root: Logger | undefined;

export function rootLogger(): Logger {
  root ??= pino({
    level: config().logLevel,
    base: { service: process.env.THROUGHLINE_PROCESS ?? 'throughline' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
  return root;
}

// A child logger scoped to one component, so each line says where it came from.
export function logger(component: string, ids: Record<string, unknown> = {}): Logger {
  return rootLogger().child({ component, ...ids });
}
