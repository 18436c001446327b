/**
 * The dashboard's state and its subscribers. Sources (the neuron service in `serve`, the
 * trainer's progress in `train`/`demo`) publish events; the hub applies each to its state and
 * pushes it, numbered and time-stamped, to every open /v1/live socket. A socket that connects
 * gets the whole state first. Nothing here talks to a board.
 */
import type { BoardLive, CurvePointLive, DashboardState, LiveEvent, LiveMessage, NeuronLive, TrainingLive } from './live-state';
import { RECENT_ACTIVATIONS } from './live-state';

export type LiveSubscriber = (message: LiveMessage) => void;

/** Most curve points kept (a 60 000-example epoch reports every 50 examples in live mode). */
export const MAX_CURVE_POINTS = 5000;

/** Server time in ms on the same scale as the browser's performance.timeOrigin + now(). */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

export class LiveHub {
  private readonly state: DashboardState;
  private readonly subscribers = new Set<LiveSubscriber>();
  private seq = 0;

  constructor(mode: DashboardState['mode']) {
    this.state = { mode, boards: [], neurons: [], training: null, curve: [] };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** A copy of the state as a new socket receives it. */
  snapshot(): DashboardState {
    return JSON.parse(JSON.stringify(this.state)) as DashboardState;
  }

  /** Subscribes; the snapshot is delivered first. Returns the unsubscribe function. */
  subscribe(fn: LiveSubscriber): () => void {
    this.subscribers.add(fn);
    fn({ type: 'snapshot', seq: this.seq, emittedAtMs: epochNowMs(), state: this.snapshot() });
    return () => this.subscribers.delete(fn);
  }

  neuron(id: string): NeuronLive | undefined {
    return this.state.neurons.find((n) => n.id === id);
  }

  board(id: string): BoardLive | undefined {
    return this.state.boards.find((b) => b.id === id);
  }

  get training(): TrainingLive | null {
    return this.state.training;
  }

  get curve(): readonly CurvePointLive[] {
    return this.state.curve;
  }

  publish(event: LiveEvent): void {
    this.apply(event);
    const message = { ...event, seq: ++this.seq, emittedAtMs: epochNowMs() } as LiveMessage;
    for (const fn of this.subscribers) fn(message);
  }

  private apply(event: LiveEvent): void {
    const s = this.state;
    switch (event.type) {
      case 'board':
        replaceById(s.boards, event.board);
        break;
      case 'neuron':
        replaceById(s.neurons, event.neuron);
        break;
      case 'activation': {
        const n = s.neurons.find((v) => v.id === event.neuron);
        if (!n) break;
        n.recent.push({ x: event.x, y: event.y });
        if (n.recent.length > RECENT_ACTIVATIONS) n.recent.splice(0, n.recent.length - RECENT_ACTIVATIONS);
        if (event.pulses !== null) n.pulses = event.pulses;
        break;
      }
      case 'run':
        s.training = null;
        s.curve = [];
        break;
      case 'training':
        s.training = event.training;
        if (event.point) {
          s.curve.push(event.point);
          if (s.curve.length > MAX_CURVE_POINTS) s.curve.splice(0, s.curve.length - MAX_CURVE_POINTS);
        }
        break;
    }
  }
}

function replaceById<T extends { id: string }>(list: T[], item: T): void {
  const i = list.findIndex((v) => v.id === item.id);
  if (i >= 0) list[i] = item;
  else list.push(item);
}
