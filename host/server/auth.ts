/**
 * Bearer-token check, in constant time. Every route but /healthz and the dashboard's static
 * files needs it when a token is set. The dashboard's WebSocket (/v1/live) also takes the token
 * as a query parameter, `?token=T`: a browser cannot set headers on a WebSocket.
 */
import { createHash, timingSafeEqual } from 'crypto';
import { ServerError, ServerErrorCode } from './errors';

export const OPEN_PATHS: readonly string[] = ['/healthz'];

/**
 * The dashboard's page and its scripts, styles and chart library, exactly these paths: no data
 * in them, no token. (Exact paths, not prefixes: "/dashboard/../v1/board" is not open.)
 */
export const DASHBOARD_PATHS: readonly string[] = [
  '/',
  '/dashboard/dashboard.js',
  '/dashboard/charts.js',
  '/dashboard/dashboard.css',
  '/vendor/uPlot.iife.min.js',
  '/vendor/uPlot.min.css',
];
/** The dashboard's WebSocket, where `?token=` stands in for the header. */
export const LIVE_PATH = '/v1/live';

/** True for paths any client may GET without the token. */
export function isOpenPath(path: string): boolean {
  return OPEN_PATHS.includes(path) || DASHBOARD_PATHS.includes(path);
}

/** The ?token= of a URL (first one), or undefined. */
export function queryToken(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('token') ?? undefined;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export class BearerAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** Checks a request: the header, or for LIVE_PATH the header or ?token=. */
  checkRequest(url: string, header: string | string[] | undefined): void {
    const path = url.split('?')[0];
    if (isOpenPath(path)) return;
    if (path === LIVE_PATH && header === undefined) {
      const t = queryToken(url);
      if (t !== undefined) {
        this.check(`Bearer ${t}`);
        return;
      }
    }
    this.check(header);
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
