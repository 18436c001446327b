/**
 * Stage 1, link: hello (protocol and firmware version, board id), then N heartbeats with
 * their tokens checked; every CRC/COBS error either side saw, every retransmission and
 * timeout counts against the link. The stage stops early once `maxLinkErrors` are seen.
 */
import { PROTOCOL_VERSION } from '../../../protocol/limits';
import type { LinkCounters } from '../../client/requester';
import type { BringupContext } from '../context';
import { fmt, quantile } from '../stats';
import type { StageOutcome } from '../types';

function linkErrors(before: LinkCounters, after: LinkCounters): { badFrames: number; boardFrameErrors: number; retransmits: number; timeouts: number } {
  return {
    badFrames: after.badFrames - before.badFrames,
    boardFrameErrors: after.boardFrameErrors - before.boardFrameErrors,
    retransmits: after.retransmits - before.retransmits,
    timeouts: after.timeouts - before.timeouts,
  };
}

export const LINK_HINT =
  'check the USB cable and connector (try a short, data-rated cable and another port), the ground between board and host, ' +
  'the baud rate on a UART link, and that no other program (the Espruino IDE, a serial monitor) has the port open';

export async function linkStage(ctx: BringupContext, helloMs: number): Promise<StageOutcome> {
  const { board, info, options } = ctx;
  // The Board's counters start at zero on connect: errors during hello count too.
  const openCounters: LinkCounters = { requests: 0, responses: 0, retransmits: 0, timeouts: 0, badFrames: 0, boardFrameErrors: 0, warnings: 0, unmatched: 0 };
  const before: LinkCounters = { ...board.counters };
  const rttsMs: number[] = [];
  let failed = 0;
  let wrongToken = 0;
  let sent = 0;
  const errorsSoFar = (): number => {
    const e = linkErrors(openCounters, board.counters);
    return e.badFrames + e.boardFrameErrors + e.retransmits + e.timeouts + failed + wrongToken;
  };
  for (let i = 0; i < options.heartbeats && errorsSoFar() < options.maxLinkErrors; i++) {
    const token = (i * 7919 + 1) & 0xffff;
    const t0 = performance.now();
    sent++;
    try {
      const r = await board.heartbeat(token);
      rttsMs.push(performance.now() - t0);
      if (r.token !== token) wrongToken++;
    } catch {
      failed++;
    }
  }
  const e = linkErrors(openCounters, board.counters);
  const duringHeartbeats = linkErrors(before, board.counters);
  const versionOk = info.protocolVersion === PROTOCOL_VERSION;
  const frameErrors = e.badFrames + e.boardFrameErrors;
  const lost = e.timeouts + failed;
  const errors = frameErrors + e.retransmits + lost + wrongToken;
  const rttMedian = quantile(rttsMs, 0.5);
  const rttP99 = quantile(rttsMs, 0.99);
  const figure =
    `hello ${fmt(helloMs, 2)} ms (protocol v${info.protocolVersion}, firmware ${info.firmwareVersion}, board ${info.boardId}); ` +
    `${rttsMs.length - wrongToken}/${sent} heartbeats, ${frameErrors} CRC/frame errors, ${e.retransmits} retransmits, ${lost} timeouts; ` +
    `rtt median ${fmt(rttMedian, 2)} ms, p99 ${fmt(rttP99, 2)} ms`;
  const values = {
    helloMs,
    protocolVersion: info.protocolVersion,
    firmwareVersion: info.firmwareVersion,
    boardId: info.boardId,
    heartbeatsSent: sent,
    heartbeatsOk: rttsMs.length - wrongToken,
    badFrames: e.badFrames,
    boardFrameErrors: e.boardFrameErrors,
    retransmits: e.retransmits,
    timeouts: lost,
    wrongTokens: wrongToken,
    heartbeatRetransmits: duringHeartbeats.retransmits,
    rttMedianMs: rttMedian,
    rttP99Ms: rttP99,
  };
  if (!versionOk) {
    return {
      passed: false,
      figure,
      values,
      message: `the board speaks protocol v${info.protocolVersion}, this host v${PROTOCOL_VERSION}: reflash the board (nucleon flash --port PATH)`,
    };
  }
  if (errors > 0) {
    const what: string[] = [];
    if (frameErrors > 0) {
      what.push(
        `${frameErrors} corrupted frames (${e.badFrames} failed CRC/COBS at the host, ${e.boardFrameErrors} at the board)`,
      );
    }
    if (lost > 0 || e.retransmits > 0) what.push(`${e.retransmits} requests retransmitted and ${lost} timed out (bytes lost on the link)`);
    if (wrongToken > 0) what.push(`${wrongToken} heartbeats answered with the wrong token`);
    const kind = frameErrors > 0 ? 'the link corrupts or drops bytes (CRC/frame errors)' : 'the link loses bytes (timeouts, no CRC errors)';
    return {
      passed: false,
      figure,
      values,
      message: `${kind}: ${what.join('; ')} over ${sent} heartbeats. On the bench: ${LINK_HINT}.`,
    };
  }
  return { passed: true, figure, values, message: 'link clean: every frame arrived intact, first time' };
}
