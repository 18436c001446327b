/**
 * Faults the spec can inject (`fault=KIND[:ARG][@N]`, repeatable), for bring-up and reliability
 * work. Without `@N` a fault is there from the start. With `@N` (open-channel and link-dead) it
 * starts once the board has received N activateMany requests (a retransmission of the same seq
 * counts once; single `activate` requests do not count): the N+1-th and every later one meet it.
 * The trainer sends one activateMany per example to each board, so on a training board `@500`
 * means "after 500 examples" (board/twin/activation-count.ts counts them).
 */
export type Fault =
  | { kind: 'open-channel'; channel: number; afterRequests?: number }
  | { kind: 'stuck-select'; bit: number }
  | { kind: 'lockin-off' }
  | { kind: 'dead-dac' }
  | { kind: 'link-loss'; probability: number }
  | { kind: 'link-corrupt'; probability: number }
  | { kind: 'link-dead'; afterRequests: number }
  | { kind: 'worn'; channel: number; afterRequests?: number };

export type FaultKind = Fault['kind'];

/**
 * The damage `worn:N` gives a device: past what overload reaches in the model (its stress damage
 * saturates at stressDamageCeiling, 0.7, where the loop is 30 % of new and the device still works
 * as a neuron, as the paper's overloaded one did): a device that has stopped being one.
 */
export const WORN_DAMAGE = 0.9;

/** The kinds that take `@N`. */
export const DELAYED_FAULT_KINDS: readonly FaultKind[] = ['open-channel', 'link-dead', 'worn'];

export const FAULT_FORMS: readonly string[] = [
  'open-channel:N[@R] (channel N has no current path: reads ≈ 0, pulses reach nothing; with @R from the R+1-th activateMany request on)',
  'stuck-select:BIT (select line S<BIT>, 0..3, stuck low)',
  'lockin-off (lock-in aux output stuck at 0 V)',
  'dead-dac (the current source delivers no current)',
  'link-loss:P (each byte on the link is dropped with probability P)',
  'link-corrupt:P (each byte on the link gets one random bit flipped with probability P)',
  'worn:N[@R] (device N damaged to D = 0.9: its Hall loop shrinks to a tenth and its offset moves; with @R from the R+1-th activateMany request on)',
  'link-dead@R (the link drops for good when the R+1-th activateMany request arrives: that request and everything after it is lost, the host sees the port close)',
];

/** The fault's delay in activateMany requests, undefined when it is there from the start. */
export function faultDelay(f: Fault): number | undefined {
  return f.kind === 'open-channel' || f.kind === 'link-dead' || f.kind === 'worn' ? f.afterRequests : undefined;
}

export function formatFault(f: Fault): string {
  const delay = faultDelay(f);
  const at = delay === undefined ? '' : `@${delay}`;
  switch (f.kind) {
    case 'open-channel':
    case 'worn':
      return `${f.kind}:${f.channel}${at}`;
    case 'stuck-select':
      return `stuck-select:${f.bit}`;
    case 'link-loss':
    case 'link-corrupt':
      return `${f.kind}:${f.probability}`;
    default:
      return `${f.kind}${at}`;
  }
}
