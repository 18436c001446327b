/**
 * Anything thrown while handling a request → a ServerError: ours as they are, fastify's own
 * (body too large, bad JSON, wrong content type) by their code, the rest as INTERNAL.
 */
import { isServerError, ServerError, ServerErrorCode } from './errors';

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  name?: unknown;
}

export function toServerError(err: unknown, bodyLimitBytes: number): ServerError {
  if (isServerError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as FastifyLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  const detail = typeof e.message === 'string' ? e.message : String(err);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return new ServerError(ServerErrorCode.BODY_TOO_LARGE, 413, `request body larger than ${bodyLimitBytes} bytes`, {
      field: 'body',
      allowed: { maxBytes: bodyLimitBytes },
    });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return new ServerError(ServerErrorCode.BAD_CONTENT_TYPE, 415, `unsupported Content-Type: send the body as JSON (${detail})`, {
      field: 'content-type',
      allowed: ['application/json'],
    });
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new ServerError(ServerErrorCode.BAD_JSON, 400, 'Content-Type is application/json but the body is empty', {
      field: 'body',
      allowed: 'a JSON object',
    });
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.name === 'SyntaxError' || (status === 400 && /JSON|proto/i.test(detail))) {
    return new ServerError(ServerErrorCode.BAD_JSON, 400, `the body is not valid JSON: ${detail}`, { field: 'body', allowed: 'a JSON object' });
  }
  if (status >= 400 && status < 500) {
    return new ServerError(ServerErrorCode.BAD_FIELD, status, detail, { field: null });
  }
  return new ServerError(ServerErrorCode.INTERNAL, 500, `internal error: ${detail}`, { cause: err });
}
