import type { Request, Response } from 'express';

// Who made a change, as written to the audit logs: the portal user and the request that did it.
export interface Actor {
  userId: string;
  email: string;
  requestId: string;
}

export function actorOf(req: Request, res: Response): Actor {
  if (!req.user) throw new Error('actorOf() needs a signed-in user; mount the route after requireLogin.');
  return { userId: req.user.id, email: req.user.email, requestId: String(res.locals.requestId) };
}
