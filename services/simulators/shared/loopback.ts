import type { NextFunction, Request, Response } from 'express';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

// Rejects callers that are not on this machine. The /_sim admin routes need no credentials, so
// they must not be reachable from elsewhere even when the simulator listens on another interface.
export function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  if (LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) {
    next();
    return;
  }
  res.status(403).json({ message: 'The simulator admin routes accept requests from loopback addresses only.' });
}
