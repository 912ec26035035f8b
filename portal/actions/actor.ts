import type { Request, Response } from 'express';

// The author of a change as the audit logs record it: the portal user and the request id.
export interface Actor {
  userId: string;
  email: string;
  requestId: string;
}

export function actorOf(req: Request, res: Response): Actor {
  if (!req.user) throw new Error('actorOf() needs a signed-in user; mount the route after requireLogin.');
  return { userId: req.user.id, email: req.user.email, requestId: String(res.locals.requestId) };
}
