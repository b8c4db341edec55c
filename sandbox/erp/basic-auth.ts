/** HTTP Basic authentication against the one configured user, as the sandbox ERP's logon. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { ERROR_CODES, ODataError } from './odata/errors';

export interface Credentials {
  username: string;
  password: string;
}

const USER_LOCAL = 'sandboxErpUser';

function digest(value: string): Buffer {
  // Hashing first gives equal-length buffers, so the comparison time says nothing about the secret.
  return createHash('sha256').update(value).digest();
}

/** The user the request authenticated as (set by the middleware below). */
export function authenticatedUser(res: Response): string {
  const user: unknown = res.locals[USER_LOCAL];
  return typeof user === 'string' ? user : '';
}

export function createBasicAuth(credentials: Credentials): RequestHandler {
  const expected = digest(`${credentials.username}:${credentials.password}`);
  const challenge = new ODataError(401, ERROR_CODES.generic, 'Logon failed: valid HTTP Basic credentials are required', [], {
    'www-authenticate': 'Basic realm="SAP NetWeaver Application Server [SBX/100]"',
  });
  return (req, res, next) => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.get('authorization') ?? '');
    const decoded = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
    if (!match || !timingSafeEqual(digest(decoded), expected)) {
      next(challenge);
      return;
    }
    res.locals[USER_LOCAL] = decoded.slice(0, decoded.indexOf(':'));
    next();
  };
}
