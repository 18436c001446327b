/**
 * Neuron ids are namespaced by board: "b0:3" is channel 3 of the first --board. With a single
 * board a bare channel number ("3") is accepted as shorthand for "b0:3".
 */

export interface NeuronRef {
  boardIndex: number;
  channel: number;
}

export function boardIdOf(index: number): string {
  return `b${index}`;
}

export function neuronIdOf(boardIndex: number, channel: number): string {
  return `${boardIdOf(boardIndex)}:${channel}`;
}

/** Parses an id; null when it is not of the form bN:C (or C with a single board). */
export function parseNeuronId(text: string, boardCount: number): NeuronRef | null {
  const full = /^b(\d{1,3}):(\d{1,3})$/.exec(text);
  if (full) return { boardIndex: Number(full[1]), channel: Number(full[2]) };
  if (boardCount === 1 && /^\d{1,3}$/.test(text)) return { boardIndex: 0, channel: Number(text) };
  return null;
}
