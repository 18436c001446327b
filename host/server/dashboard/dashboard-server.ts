/**
 * The dashboard alone, for a process that owns its board itself (`nucleon train`, `nucleon
 * demo` with --dashboard PORT): the page, /v1/live and /healthz, nothing that drives a board.
 * Same rules as `serve`: loopback unless a token is given (bind-policy.ts), the token checked
 * as there (auth.ts).
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { BearerAuth } from '../auth';
import { checkBindPolicy } from '../bind-policy';
import { ServerError, ServerErrorCode } from '../errors';
import { toServerError } from '../http-errors';
import type { LiveHub } from './live-hub';
import { registerDashboard } from './register';

export interface DashboardServerOptions {
  hub: LiveHub;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface RunningDashboard {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  checkBindPolicy(host, options.token);
  const auth = options.token !== undefined ? new BearerAuth(options.token) : null;
  const app: FastifyInstance = Fastify({ logger: false, return503OnClosing: true, forceCloseConnections: true });
  await app.register(websocket, { options: { maxPayload: 4096 } });
  app.addHook('onRequest', async (req) => {
    if (auth) auth.checkRequest(req.url, req.headers.authorization);
  });
  app.setErrorHandler(async (err, _req, reply) => {
    const e = toServerError(err, 4096);
    if (e.code === ServerErrorCode.UNAUTHORIZED) reply.header('www-authenticate', 'Bearer realm="nucleon"');
    reply.code(e.status);
    return e.toBody();
  });
  app.setNotFoundHandler(async (req, reply) => {
    reply.code(404);
    return new ServerError(ServerErrorCode.NOT_FOUND, 404, `no route ${req.method} ${req.url.split('?')[0].slice(0, 100)} (this is a run's dashboard: the API is served by nucleon serve)`, {
      field: 'url',
      allowed: ['GET /', 'GET /v1/live (WebSocket)', 'GET /healthz'],
    }).toBody();
  });
  app.get('/healthz', async () => ({ ok: true }));
  await registerDashboard(app, options.hub);
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${port}`, port, close: () => app.close() };
}
