/**
 * The HTTP JSON API (docs/serve.md):
 *   GET  /v1/board                     boards: link, firmware/protocol version, populated, queue depth
 *   GET  /v1/neurons                   neurons (ids "b0:3"), calibration, ΔI, thermal state
 *   POST /v1/neurons/:id/activate      {x} → {y, currentUa, rHallOhm, deviceTimeMs, clamped, pulses}
 *   POST /v1/activate                  {xs, channels?} → {ys, …} (one activateMany per board)
 *   POST /v1/neurons/:id/calibrate     {widthUs?, peakUa?, steps?} → the calibration
 *   POST /v1/neurons/:id/sweep         {widthUs?, peakUa?, steps?} → the R_H–I loop (not stored)
 *   GET  /, /dashboard/*, /vendor/*    the live dashboard's page (host/dashboard/), no token needed
 *   GET  /v1/live                      the dashboard's WebSocket (token as ?token= when one is set)
 *   GET  /metrics                      Prometheus text
 *   GET  /healthz                      liveness, no token needed
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NeuronService } from './neuron-service';
import { PROMETHEUS_CONTENT_TYPE } from './metrics';
import type { ServerMetrics } from './server-metrics';

export const ROUTES: readonly string[] = [
  'GET /v1/board',
  'GET /v1/neurons',
  'POST /v1/neurons/:id/activate',
  'POST /v1/activate',
  'POST /v1/neurons/:id/calibrate',
  'POST /v1/neurons/:id/sweep',
  'GET /v1/ws (WebSocket)',
  'GET /v1/live (WebSocket, dashboard)',
  'GET / (dashboard)',
  'GET /metrics',
  'GET /healthz',
];

/** The fair-queue key of an HTTP client: its connection. */
export function clientKeyOf(req: FastifyRequest): string {
  return `http:${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
}

interface IdParams {
  id: string;
}

export function registerHttpRoutes(app: FastifyInstance, service: NeuronService, metrics: ServerMetrics): void {
  app.get('/healthz', async () => {
    const boards = service.pool.slots.map((s) => ({ id: s.id, link: s.state }));
    return { ok: true, boards };
  });

  app.get('/v1/board', async () => ({ boards: service.boards() }));

  app.get('/v1/neurons', async (req) => ({ neurons: await service.neurons(clientKeyOf(req)) }));

  app.post<{ Params: IdParams }>('/v1/neurons/:id/activate', async (req) => service.activate(clientKeyOf(req), req.params.id, req.body));

  app.post('/v1/activate', async (req) => service.activateBatch(clientKeyOf(req), req.body));

  app.post<{ Params: IdParams }>('/v1/neurons/:id/calibrate', async (req) => service.calibrate(clientKeyOf(req), req.params.id, req.body));

  app.post<{ Params: IdParams }>('/v1/neurons/:id/sweep', async (req) => service.sweep(clientKeyOf(req), req.params.id, req.body));

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', PROMETHEUS_CONTENT_TYPE);
    return metrics.render(service.pool);
  });
}
