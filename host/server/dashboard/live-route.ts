/**
 * `GET /v1/live`: the dashboard's WebSocket. On connect it sends `{type: "snapshot", state}`,
 * then every event the hub publishes (`board`, `neuron`, `activation`, `training`), each
 * numbered (`seq`) and stamped (`emittedAtMs`, the server's performance.timeOrigin + now()).
 * One way: messages from the client are ignored. When a token is set it is checked before the
 * upgrade (header, or `?token=T`: a browser cannot set a WebSocket's headers).
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { LIVE_PATH } from '../auth';
import { upgradeRequired } from '../request-guards';
import type { LiveHub } from './live-hub';

/** A socket this far behind (bytes queued) is closed rather than buffered without end. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function registerLiveRoute(app: FastifyInstance, hub: LiveHub): void {
  app.route({
    method: 'GET',
    url: LIVE_PATH,
    handler: async () => {
      throw upgradeRequired();
    },
    wsHandler: (socket: WebSocket) => {
      const unsubscribe = hub.subscribe((message) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(1008, 'too far behind');
          return;
        }
        socket.send(JSON.stringify(message));
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
    },
  });
}
