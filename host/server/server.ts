/**
 * `startServer(options)`: checks where it may listen, opens every board (one process owns
 * each), then serves the HTTP/WebSocket API until `close()`. `nucleon serve` is a thin CLI
 * over this; tests call it directly or run the CLI.
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { Board } from '../client/board';
import type { Clock } from '../clock';
import { openBoard } from '../open';
import { BearerAuth } from './auth';
import { checkBindPolicy } from './bind-policy';
import type { BoardOpener, SlotState } from './board-slot';
import { ServerError, ServerErrorCode } from './errors';
import { toServerError } from './http-errors';
import { registerHttpRoutes, ROUTES } from './http-routes';
import { NeuronService } from './neuron-service';
import { BoardPool } from './pool';
import { ServerMetrics } from './server-metrics';
import type { XPolicy } from './validate';
import { registerWsRoute } from './ws-route';
import { LiveHub } from './dashboard/live-hub';
import { registerDashboard } from './dashboard/register';
import { ServiceFeed } from './dashboard/service-feed';
import { checkBodyEncoding, frameworkError, markAnswered, MAX_PARAM_LENGTH, onClientError } from './request-guards';
import { parseStrictJson } from './strict-json';

export interface ServeOptions {
  /** Board specs (openBoard forms: sim, sim:seed=N, serial:PATH, hid:VID:PID, tcp://HOST:PORT). */
  boards: readonly string[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Bearer token; required for any address other than loopback. */
  token?: string;
  xPolicy?: XPolicy;
  bodyLimitBytes?: number;
  /** Requests waiting or running per board, and per client per board. */
  queueCapacity?: number;
  perClientLimit?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How boards are opened (default openBoard). */
  open?: BoardOpener;
  clock?: Clock;
  /** One line per notable event (board up/down, listening). */
  log?: (line: string) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pool: BoardPool;
  readonly app: FastifyInstance;
  /** The dashboard's state (page at `/`, WebSocket /v1/live). */
  readonly hub: LiveHub;
  close(): Promise<void>;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  bodyLimitBytes: 64 * 1024,
  queueCapacity: 256,
  perClientLimit: 64,
  xPolicy: 'clamp' as XPolicy,
};

const defaultOpen: BoardOpener = (spec: string): Promise<Board> => openBoard(spec);

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULTS.host;
  const token = options.token;
  checkBindPolicy(host, token);
  const log = options.log ?? ((): void => undefined);
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes;
  const hub = new LiveHub('serve');
  let feed: ServiceFeed | null = null;
  const pool = new BoardPool({
    specs: options.boards,
    open: options.open ?? defaultOpen,
    queue: { capacity: options.queueCapacity ?? DEFAULTS.queueCapacity, perClientLimit: options.perClientLimit ?? DEFAULTS.perClientLimit },
    slot: {
      clock: options.clock,
      reconnectMinMs: options.reconnectMinMs,
      reconnectMaxMs: options.reconnectMaxMs,
      onStateChange: (slot, state: SlotState, detail) => {
        log(`board ${slot.id} (${slot.spec}) ${state}: ${detail}`);
        feed?.linkChanged(slot);
      },
    },
  });
  await pool.start();
  const metrics = new ServerMetrics();
  const service = new NeuronService(pool, metrics, {
    xPolicy: options.xPolicy ?? DEFAULTS.xPolicy,
    onNeuronFailed: (id, f) => log(`neuron ${id} taken out of the pool: health check failed (${f.rule}: ${f.reason})`),
  });
  feed = new ServiceFeed(hub, pool);
  feed.attach(service);
  let app: FastifyInstance;
  try {
    app = await buildApp({ service, metrics, token, bodyLimitBytes, hub });
    await app.listen({ host, port: options.port ?? DEFAULTS.port });
  } catch (err) {
    await pool.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULTS.port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  log(`listening on ${url} with ${pool.neuronIds().length} neurons on ${pool.slots.length} board(s)${token ? ' (bearer token required)' : ''}`);
  let closing: Promise<void> | null = null;
  return {
    url,
    host,
    port,
    pool,
    app,
    hub,
    close: () => {
      if (!closing) closing = app.close().then(() => pool.close());
      return closing;
    },
  };
}

interface AppParts {
  service: NeuronService;
  metrics: ServerMetrics;
  token: string | undefined;
  bodyLimitBytes: number;
  hub: LiveHub;
}

async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const { service, metrics, bodyLimitBytes } = parts;
  const auth = parts.token !== undefined ? new BearerAuth(parts.token) : null;
  const app = Fastify({
    bodyLimit: bodyLimitBytes,
    logger: false,
    return503OnClosing: true,
    forceCloseConnections: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // fastify's own refusals before routing (bad %-escape, long parameter) in our error object
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) => {
      const e = frameworkError((err as { code?: string }).code, req.raw.url ?? '') ?? toServerError(err, bodyLimitBytes);
      markAnswered(req.raw.socket);
      void reply.code(e.status).send(e.toBody());
    },
    // bytes Node's HTTP parser cannot read: the error object instead of a bare "Client Error"
    clientErrorHandler: onClientError,
  });
  // Only JSON bodies: a text/plain body is refused (415) instead of reaching a handler as a string.
  app.removeContentTypeParser('text/plain');
  // JSON without duplicate keys or __proto__ (strict-json.ts), not fastify's last-key-wins parser.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseStrictJson(String(body), 'body'));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  await app.register(websocket, { options: { maxPayload: bodyLimitBytes } });

  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (req) => {
    started.set(req, performance.now());
    if (auth) auth.checkRequest(req.url, req.headers.authorization);
    checkBodyEncoding(req.headers);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const t0 = started.get(req);
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    if (t0 !== undefined) metrics.latency.observe({ route }, (performance.now() - t0) / 1000);
  });
  app.setErrorHandler(async (err, _req, reply) => {
    const e = toServerError(err, bodyLimitBytes);
    if (e.retryAfterS !== undefined) reply.header('retry-after', String(e.retryAfterS));
    if (e.code === ServerErrorCode.UNAUTHORIZED) reply.header('www-authenticate', 'Bearer realm="nucleon"');
    reply.code(e.status);
    return e.toBody();
  });
  app.setNotFoundHandler(async (req, reply) => {
    const e = new ServerError(ServerErrorCode.NOT_FOUND, 404, `no route ${req.method} ${req.url.split('?')[0].slice(0, 100)}`, {
      field: 'url',
      allowed: ROUTES,
    });
    reply.code(404);
    return e.toBody();
  });

  registerHttpRoutes(app, service, metrics);
  await app.register(async (scope) => registerWsRoute(scope, service, metrics, bodyLimitBytes));
  await registerDashboard(app, parts.hub);
  return app;
}
