/**
 * What the server refuses before a body is read, and the framework's own refusals put into the
 * documented error object: a body in an encoding or charset the server does not decode (415),
 * a URL that is not valid or too long (400, 414), a request that is not HTTP at all (400), a
 * plain GET of the WebSocket route (426).
 */
import type { IncomingHttpHeaders } from 'http';
import type { Socket } from 'net';
import { ServerError, ServerErrorCode } from './errors';

/** Largest path parameter (a neuron id such as "b0:3" is a few characters). */
export const MAX_PARAM_LENGTH = 100;

function cut(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Bodies are read as they come: no Content-Encoding but identity, no Transfer-Encoding but
 * chunked, and JSON only in UTF-8. Anything else would be read as something it is not.
 */
export function checkBodyEncoding(headers: IncomingHttpHeaders): void {
  const ce = headerText(headers['content-encoding']);
  if (ce !== undefined && ce.trim().toLowerCase() !== 'identity' && ce.trim() !== '') {
    throw new ServerError(ServerErrorCode.BAD_ENCODING, 415, `Content-Encoding "${cut(ce, 40)}" is not supported: send the body unencoded (identity)`, {
      field: 'content-encoding',
      allowed: ['identity'],
    });
  }
  const te = headerText(headers['transfer-encoding']);
  if (te !== undefined && te.trim().toLowerCase() !== 'chunked') {
    throw new ServerError(ServerErrorCode.BAD_ENCODING, 415, `Transfer-Encoding "${cut(te, 40)}" is not supported: only chunked (or none, with Content-Length)`, {
      field: 'transfer-encoding',
      allowed: ['chunked'],
    });
  }
  const ct = headerText(headers['content-type']);
  if (ct !== undefined) {
    const m = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(ct);
    if (m && !/^utf-?8$/i.test(m[1])) {
      throw new ServerError(ServerErrorCode.BAD_CONTENT_TYPE, 415, `charset "${cut(m[1], 40)}" is not supported: send the JSON body as UTF-8 (charset=utf-8 or none)`, {
        field: 'content-type',
        allowed: ['application/json', 'application/json; charset=utf-8'],
      });
    }
  }
}

/** fastify's FST_ERR_BAD_URL / FST_ERR_MAX_PARAM_LENGTH (raised before routing) as ours. */
export function frameworkError(code: string | undefined, url: string): ServerError | null {
  const pathText = cut(url.split('?')[0]);
  if (code === 'FST_ERR_BAD_URL') {
    return new ServerError(ServerErrorCode.BAD_URL, 400, `the URL path ${pathText} is not valid: a %-escape is malformed or not UTF-8`, {
      field: 'url',
      allowed: 'a path with valid %-escapes',
    });
  }
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new ServerError(ServerErrorCode.URL_TOO_LONG, 414, `a path parameter (the neuron id) in ${pathText} is longer than ${MAX_PARAM_LENGTH} characters`, {
      field: 'url',
      allowed: { maxParamLength: MAX_PARAM_LENGTH },
    });
  }
  return null;
}

/** The answer to bytes that are not an HTTP request (Node's parser gave up), as raw HTTP. */
export function clientErrorResponse(err: Error & { code?: string; reason?: string }): string {
  let status = 400;
  let reason = 'Bad Request';
  let e: ServerError;
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    reason = 'Request Header Fields Too Large';
    e = new ServerError(ServerErrorCode.BAD_REQUEST, 431, 'the request headers are larger than the server accepts', { field: 'headers', allowed: 'headers under 16 KiB' });
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    reason = 'Request Timeout';
    e = new ServerError(ServerErrorCode.BAD_REQUEST, 408, 'the request did not arrive in time', { field: null });
  } else {
    const why = err.reason ?? err.message;
    e = new ServerError(ServerErrorCode.BAD_REQUEST, 400, `the request is not valid HTTP/1.1 (${err.code ?? 'parse error'}: ${cut(why, 120)})`, {
      field: null,
      allowed: 'an HTTP/1.1 request',
    });
  }
  const body = JSON.stringify(e.toBody());
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * Sockets whose request was already answered before routing (a bad URL): Node's parser may
 * still fail on the same request's framing afterwards (a Transfer-Encoding it refuses), and
 * one request gets one answer.
 */
const answeredBeforeRouting = new WeakSet<object>();

export function markAnswered(socket: object): void {
  answeredBeforeRouting.add(socket);
}

/** Node's `clientError` handler: answers with the error object and closes. */
export function onClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (answeredBeforeRouting.has(socket)) {
    socket.destroy();
    return;
  }
  if (socket.writable) socket.end(clientErrorResponse(err));
  else socket.destroy(err);
}

export function upgradeRequired(): ServerError {
  return new ServerError(ServerErrorCode.UPGRADE_REQUIRED, 426, 'GET /v1/ws is a WebSocket: open it with "Connection: Upgrade" and "Upgrade: websocket"', {
    field: 'upgrade',
    allowed: ['websocket'],
  });
}
