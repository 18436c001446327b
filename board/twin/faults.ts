/**
 * Faults the spec can inject (`fault=KIND[:ARG]`, repeatable), for bring-up and reliability work.
 */
export type Fault =
  | { kind: 'open-channel'; channel: number }
  | { kind: 'stuck-select'; bit: number }
  | { kind: 'lockin-off' }
  | { kind: 'dead-dac' }
  | { kind: 'link-loss'; probability: number }
  | { kind: 'link-corrupt'; probability: number };

export type FaultKind = Fault['kind'];

export const FAULT_FORMS: readonly string[] = [
  'open-channel:N (channel N has no current path: reads ≈ 0, pulses reach nothing)',
  'stuck-select:BIT (select line S<BIT>, 0..3, stuck low)',
  'lockin-off (lock-in aux output stuck at 0 V)',
  'dead-dac (the current source delivers no current)',
  'link-loss:P (each byte on the link is dropped with probability P)',
  'link-corrupt:P (each byte on the link gets one random bit flipped with probability P)',
];

export function formatFault(f: Fault): string {
  switch (f.kind) {
    case 'open-channel':
      return `open-channel:${f.channel}`;
    case 'stuck-select':
      return `stuck-select:${f.bit}`;
    case 'link-loss':
    case 'link-corrupt':
      return `${f.kind}:${f.probability}`;
    default:
      return f.kind;
  }
}
