/**
 * The neuron-to-channel map of a live run: hidden neuron j is served by the device on
 * `channel` of the board opened with `board` (its spec). With several boards the neurons are
 * spread evenly (each board gets the next neuron while it has the fewest and a free populated
 * channel) in contiguous blocks, so each example's frame per board is as short as it can be and
 * the boards, working at once, finish together. One board with ten neurons: channels in order,
 * as the paper's sample.
 */
import { TrainerError } from './errors';

export interface NeuronSite {
  board: string;
  channel: number;
}
export type NeuronMap = NeuronSite[];

export interface BoardChannels {
  spec: string;
  /** The populated channels the board's hello reports. */
  populated: readonly number[];
}

/** Neurons per board: even, capped by each board's populated channels; NOT_ENOUGH_CHANNELS when they do not hold n. */
export function neuronsPerBoard(boards: readonly BoardChannels[], n: number): number[] {
  const available = boards.reduce((s, b) => s + b.populated.length, 0);
  if (n > available) {
    const each = boards.map((b) => `${b.spec}: ${b.populated.length}`).join(', ');
    throw new TrainerError('NOT_ENOUGH_CHANNELS', `${n} hidden neurons need ${n} devices, but the ${boards.length === 1 ? 'board has' : `${boards.length} boards have`} ${available} populated channels (${each}); give --hidden ${available} or fewer, or add --board`);
  }
  const sizes = boards.map(() => 0);
  for (let k = 0; k < n; k++) {
    let best = -1;
    for (let b = 0; b < boards.length; b++) {
      if (sizes[b] < boards[b].populated.length && (best < 0 || sizes[b] < sizes[best])) best = b;
    }
    sizes[best]++;
  }
  return sizes;
}

/** Neuron j → (board, channel): board 0's block first, each block on the board's first populated channels. */
export function planNeuronMap(boards: readonly BoardChannels[], n: number): NeuronMap {
  const sizes = neuronsPerBoard(boards, n);
  const map: NeuronMap = [];
  boards.forEach((b, i) => {
    for (let k = 0; k < sizes[i]; k++) map.push({ board: b.spec, channel: b.populated[k] });
  });
  return map;
}

/** The map's blocks, one per board: neurons [first, first + channels.length) on `board`. */
export function mapBlocks(map: NeuronMap): { board: string; first: number; channels: number[] }[] {
  const out: { board: string; first: number; channels: number[] }[] = [];
  map.forEach((site, j) => {
    const last = out[out.length - 1];
    if (last !== undefined && last.board === site.board) last.channels.push(site.channel);
    else out.push({ board: site.board, first: j, channels: [site.channel] });
  });
  return out;
}

/** One line per board: "neurons 0–9 → sim:seed=1 channels 0, 1, …". */
export function formatNeuronMap(map: NeuronMap): string[] {
  return mapBlocks(map).map((b) => {
    const last = b.first + b.channels.length - 1;
    const who = b.first === last ? `neuron ${b.first}` : `neurons ${b.first}–${last}`;
    return `${who} → ${b.board} channel${b.channels.length === 1 ? '' : 's'} ${b.channels.join(', ')}`;
  });
}

/**
 * Which board a spec names, for a resume: a twin's spec without its `fault=` options (the same
 * board, its fault repaired: a run stopped for want of a spare resumes on the board without the
 * fault, as a real board's channel is fixed and the same --board given again).
 */
export function boardIdentity(spec: string): string {
  const t = spec.trim();
  if (!t.startsWith('sim:')) return t;
  const kept = t.slice(4).split(',').filter((item) => !/^\s*fault\s*=/.test(item));
  return kept.length === 0 ? 'sim' : `sim:${kept.join(',')}`;
}

function sameBoard(a: string, b: string): boolean {
  return a === b || boardIdentity(a) === boardIdentity(b);
}

function sameMap(a: NeuronMap, b: NeuronMap): boolean {
  return a.length === b.length && a.every((s, j) => sameBoard(s.board, b[j].board) && s.channel === b[j].channel);
}

/**
 * A checkpoint's map (after moves to spares) on this run's boards: each site's board is the
 * --board naming the same board (boardIdentity). CHECKPOINT_MISMATCH when one is not given.
 */
export function mapOnBoards(file: string, saved: NeuronMap, specs: readonly string[]): NeuronMap {
  return saved.map((site, j) => {
    const spec = specs.find((sp) => sameBoard(sp, site.board));
    if (spec === undefined) throw new TrainerError('CHECKPOINT_MISMATCH', `${file}: neuron ${j} is on ${site.board} channel ${site.channel}, and no --board names that board (given: ${specs.join(', ')})`);
    return { board: spec, channel: site.channel };
  });
}

/** A checkpoint's `neurons` field: an array of {board, channel}, one per hidden neuron; CHECKPOINT_BAD otherwise. */
export function checkNeuronMap(v: unknown, hidden: number, file: string): NeuronMap {
  if (!Array.isArray(v) || v.length !== hidden) {
    throw new TrainerError('CHECKPOINT_BAD', `${file}: neurons must be an array of ${hidden} {board, channel} (one per hidden neuron), got ${Array.isArray(v) ? `an array of ${v.length}` : String(v)}`);
  }
  return v.map((s: unknown, j) => {
    const r = s as { [k: string]: unknown } | null;
    const ok =
      typeof r === 'object' && r !== null && !Array.isArray(r) && Object.keys(r).sort().join(',') === 'board,channel' && typeof r.board === 'string' && typeof r.channel === 'number' && Number.isInteger(r.channel) && r.channel >= 0 && r.channel <= 255;
    if (!ok) throw new TrainerError('CHECKPOINT_BAD', `${file}: neurons[${j}] must be {board: string, channel: integer in [0, 255]}`);
    return { board: r.board as string, channel: r.channel as number };
  });
}

/**
 * On resume: a checkpoint that has a map must be continued with the same map (the same devices
 * serve the same neurons); CHECKPOINT_MISMATCH naming the first neuron that moved. A checkpoint
 * without one (ideal, or written before maps were saved) is accepted.
 */
export function checkNeuronMapResume(file: string, saved: NeuronMap | undefined, current: NeuronMap | null): void {
  if (saved === undefined || current === null || sameMap(saved, current)) return;
  const j = saved.findIndex((s, i) => current[i] === undefined || !sameBoard(s.board, current[i].board) || s.channel !== current[i].channel);
  const now = current[j];
  throw new TrainerError(
    'CHECKPOINT_MISMATCH',
    `${file} was written with another neuron-to-channel map: neuron ${j} was on ${saved[j].board} channel ${saved[j].channel}, this run puts it on ${now ? `${now.board} channel ${now.channel}` : 'no device'}; give the same --board options in the same order`,
  );
}
