/** The dashboard on a fastify app: the page's files and the /v1/live WebSocket. */
import type { FastifyInstance } from 'fastify';
import type { LiveHub } from './live-hub';
import { registerLiveRoute } from './live-route';
import { registerStaticRoutes } from './static-routes';

export async function registerDashboard(app: FastifyInstance, hub: LiveHub): Promise<void> {
  registerStaticRoutes(app);
  await app.register(async (scope) => registerLiveRoute(scope, hub));
}
