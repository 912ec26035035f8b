import type { NextFunction, Request, Response } from 'express';

// Every API request the ERP simulator responded to, so chaos tests can count calls and see which
// ones a fault rule changed.

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  doctype?: string;
  name?: string;
  status: number;
  // Id of the fault rule applied, if any.
  faultId?: number;
}

// Keeps memory bounded in a long-running simulator; counts cover every request regardless.
const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private counts: Record<string, number> = {};

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    const key = `${entry.method} ${entry.doctype ?? entry.path}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  clear(): void {
    this.entries = [];
    this.counts = {};
  }

  snapshot(): { requests: LoggedRequest[]; counts: Record<string, number> } {
    return { requests: [...this.entries], counts: { ...this.counts } };
  }

  // Express middleware that records each request once its response has been sent.
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      res.on('finish', () => {
        const [doctype, name] = resourcePath(req.path);
        this.record({
          at: new Date().toISOString(),
          method: req.method,
          path: req.originalUrl.split('?')[0] ?? req.originalUrl,
          doctype,
          name,
          status: res.statusCode,
          faultId: res.locals.faultId as number | undefined,
        });
      });
      next();
    };
  }
}

function resourcePath(path: string): [string | undefined, string | undefined] {
  const match = /^\/resource\/([^/]+)(?:\/([^/]+))?/.exec(path);
  if (!match) return [undefined, undefined];
  return [decodeURIComponent(match[1]!), match[2] === undefined ? undefined : decodeURIComponent(match[2])];
}
