import { createHash, timingSafeEqual } from 'node:crypto';
import { permissionDenied, unauthenticated } from '../errors/error-factories';
import type { ServerInterceptor } from './interceptor';

/** Options of {@link adminAuthInterceptor}. */
export interface AdminAuthOptions {
  /** The shared admin token; callers send `authorization: Bearer <token>`. */
  readonly token: string;
  /** Which full method paths (`/vprog.model.v1.ModelService/Activate`) need the token. */
  readonly isAdmin: (method: string) => boolean;
}

/** The call metadata that carries an admin token, as {@link adminAuthInterceptor} reads it. Throws nothing. */
export function adminCredentials(token: string): Readonly<Record<string, string>> {
  return { authorization: `Bearer ${token}` };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Admin credentials for the RPCs that change what a service serves (activate, roll back, discard,
 * distil): when auth is on, those calls must carry `authorization: Bearer <token>`; every other
 * call passes untouched. The token is compared in constant time (through fixed-length digests).
 * A call without the header fails UNAUTHENTICATED (reason ADMIN_CREDENTIALS_MISSING); a wrong
 * token fails PERMISSION_DENIED (reason ADMIN_CREDENTIALS_INVALID). The handler never runs.
 * @throws Error at construction for an empty token (auth on with no secret would be a lie).
 */
export function adminAuthInterceptor(options: AdminAuthOptions): ServerInterceptor {
  if (options.token.trim() === '') throw new Error('the admin token must not be empty');
  const expected = digest(options.token);
  return (next) => async (info) => {
    if (!options.isAdmin(info.method)) return next(info);
    const header = info.ctx.header('authorization');
    const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match === null) {
      throw unauthenticated(`${info.method} needs admin credentials: send "authorization: Bearer <token>"`, { reason: 'ADMIN_CREDENTIALS_MISSING' });
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      throw permissionDenied(`the admin credentials sent to ${info.method} are not valid`, { reason: 'ADMIN_CREDENTIALS_INVALID' });
    }
    return next(info);
  };
}
