/**
 * Bearer-token check, in constant time. Every route but /healthz needs it when a token is set.
 */
import { createHash, timingSafeEqual } from 'crypto';
import { ServerError, ServerErrorCode } from './errors';

export const OPEN_PATHS: readonly string[] = ['/healthz'];

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export class BearerAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** Throws UNAUTHORIZED (401) unless `header` is "Bearer <token>". */
  check(header: string | string[] | undefined): void {
    const value = Array.isArray(header) ? header[0] : header;
    const m = typeof value === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
    if (!m) {
      throw new ServerError(ServerErrorCode.UNAUTHORIZED, 401, 'missing bearer token: send "Authorization: Bearer <token>"', {
        field: 'authorization',
        allowed: 'Bearer <token>',
      });
    }
    if (!timingSafeEqual(digest(m[1]), this.expected)) {
      throw new ServerError(ServerErrorCode.UNAUTHORIZED, 401, 'wrong bearer token', { field: 'authorization', allowed: 'Bearer <token>' });
    }
  }
}
