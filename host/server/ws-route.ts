/**
 * `GET /v1/ws`: a WebSocket for low-latency streams. Each message is a JSON object
 * `{id, op, …}`; each gets exactly one answer with the same id, `{id, ok: true, result}` or
 * `{id, ok: false, status, error}`. Messages run concurrently (answers may come out of order);
 * each board's fair queue bounds how many one socket may have waiting.
 *   {op: "activate", neuron, x}            {op: "activateMany", xs, channels?}
 *   {op: "neurons"}  {op: "board"}  {op: "ping"}  {op: "calibrate", neuron, widthUs?, peakUa?, steps?}
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { ServerError, ServerErrorCode } from './errors';
import { toServerError } from './http-errors';
import type { NeuronService } from './neuron-service';
import type { ServerMetrics } from './server-metrics';
import { upgradeRequired } from './request-guards';
import { parseStrictJson } from './strict-json';

export const WS_OPS: readonly string[] = ['activate', 'activateMany', 'calibrate', 'neurons', 'board', 'ping'];

type MessageId = string | number | null;

let socketCounter = 0;

function badMessage(message: string, field: string | null, allowed: unknown): ServerError {
  return new ServerError(ServerErrorCode.BAD_MESSAGE, 400, message, { field, allowed });
}

export function registerWsRoute(app: FastifyInstance, service: NeuronService, metrics: ServerMetrics, maxPayloadBytes: number): void {
  app.route({
    method: 'GET',
    url: '/v1/ws',
    // a plain GET (no Upgrade): 426 with the error object, not an empty 404
    handler: async () => {
      throw upgradeRequired();
    },
    wsHandler: (socket: WebSocket) => {
    const clientKey = `ws:${++socketCounter}`;
    socket.on('message', (data: unknown, isBinary: boolean) => {
      const startMs = performance.now();
      let id: MessageId = null;
      let op = 'invalid';
      const answer = (payload: object, status: number): void => {
        metrics.wsMessages.inc({ op, status: String(status) });
        metrics.wsLatency.observe({ op }, (performance.now() - startMs) / 1000);
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, ...payload }));
      };
      const fail = (err: unknown): void => {
        const e = toServerError(err, maxPayloadBytes);
        answer({ ok: false, status: e.status, ...e.toBody() }, e.status);
      };
      try {
        if (isBinary) throw badMessage('binary messages are not understood: send JSON text', null, 'a JSON object {id, op, …}');
        const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data as Buffer[]).toString('utf8') : String(data);
        let msg: unknown;
        try {
          msg = parseStrictJson(text, 'message');
        } catch (err) {
          // JSON that is only refused for strictness (a key twice, __proto__) still has an id to answer to.
          id = looseId(text);
          throw err;
        }
        if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw badMessage('a message must be a JSON object {id, op, …}', null, 'a JSON object');
        const { id: rawId, op: rawOp, ...args } = msg as Record<string, unknown>;
        if (typeof rawId === 'string' || typeof rawId === 'number') id = rawId;
        else if (rawId !== undefined && rawId !== null) throw badMessage('id must be a string or a number', 'id', 'string or number');
        if (typeof rawOp !== 'string' || !WS_OPS.includes(rawOp)) throw badMessage(`op must be one of ${WS_OPS.join(', ')}`, 'op', WS_OPS);
        op = rawOp;
        run(service, clientKey, op, args).then((result) => answer({ ok: true, result }, 200), fail);
      } catch (err) {
        fail(err);
      }
    });
    },
  });
}

/** The id of a message that JSON.parse reads but the strict parser refused, else null. */
function looseId(text: string): MessageId {
  try {
    const v: unknown = JSON.parse(text);
    const raw = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>).id : undefined;
    return typeof raw === 'string' || typeof raw === 'number' ? raw : null;
  } catch {
    return null;
  }
}

function neuronArg(args: Record<string, unknown>): string {
  const v = args.neuron;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
  throw badMessage('neuron must be a neuron id such as "b0:3"', 'neuron', 'neuron id such as "b0:3"');
}

async function run(service: NeuronService, clientKey: string, op: string, args: Record<string, unknown>): Promise<unknown> {
  switch (op) {
    case 'activate': {
      const { neuron: _n, ...body } = args;
      return service.activate(clientKey, neuronArg(args), body);
    }
    case 'activateMany':
      return service.activateBatch(clientKey, args);
    case 'calibrate': {
      const { neuron: _n, ...body } = args;
      return service.calibrate(clientKey, neuronArg(args), body);
    }
    case 'neurons':
      return { neurons: await service.neurons(clientKey) };
    case 'board':
      return { boards: service.boards() };
    default:
      return { pong: true };
  }
}
