/**
 * SAP's CSRF protocol: a GET with `x-csrf-token: Fetch` opens a cookie session and answers its token; every
 * modifying request must bring the cookie and the token, else 403 with `x-csrf-token: Required`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ERROR_CODES, ODataError } from './errors';

export const SESSION_COOKIE = 'SAP_SESSIONID_SBX_100';

export interface CsrfOptions {
  /** How long a token stays valid after it was issued, in milliseconds. */
  ttlMs: number;
  /** The clock, epoch milliseconds. */
  now: () => number;
  /** Who the request authenticated as; a token only serves the user it was fetched by. */
  userOf: (res: Response) => string;
  /** Sessions kept at most; the oldest go first, so clients that never send cookies cannot grow memory. */
  maxSessions?: number;
}

interface Session {
  user: string;
  token: string;
  issuedAt: number;
}

const MODIFYING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createCsrfProtection(options: CsrfOptions): RequestHandler {
  const sessions = new Map<string, Session>();
  const maxSessions = options.maxSessions ?? 1000;

  const isFresh = (session: Session): boolean => options.now() - session.issuedAt < options.ttlMs;

  const newSession = (user: string): [string, Session] => {
    while (sessions.size >= maxSessions) {
      const oldest = sessions.keys().next().value as string;
      sessions.delete(oldest);
    }
    const id = randomBytes(24).toString('hex');
    const session: Session = { user, token: randomBytes(18).toString('base64'), issuedAt: options.now() };
    sessions.set(id, session);
    return [id, session];
  };

  return (req, res, next) => {
    const user = options.userOf(res);
    const sessionId = cookieValue(req, SESSION_COOKIE);
    const existing = sessionId === undefined ? undefined : sessions.get(sessionId);
    const headerToken = req.get('x-csrf-token');

    if ((req.method === 'GET' || req.method === 'HEAD') && headerToken?.toLowerCase() === 'fetch') {
      let session = existing && existing.user === user ? existing : undefined;
      if (session && !isFresh(session)) {
        // Same session, new token: the way a real system renews an expired one.
        session.token = randomBytes(18).toString('base64');
        session.issuedAt = options.now();
      }
      if (!session) {
        const [id, created] = newSession(user);
        session = created;
        res.append('Set-Cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
      }
      res.setHeader('x-csrf-token', session.token);
      next();
      return;
    }

    if (!MODIFYING_METHODS.has(req.method)) {
      next();
      return;
    }
    const valid = existing !== undefined && existing.user === user && isFresh(existing) && headerToken !== undefined && sameText(headerToken, existing.token);
    if (!valid) {
      next(new ODataError(403, ERROR_CODES.generic, 'CSRF token validation failed', [], { 'x-csrf-token': 'Required' }));
      return;
    }
    next();
  };
}
