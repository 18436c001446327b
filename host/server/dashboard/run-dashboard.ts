/**
 * A training run's dashboard (`nucleon train|demo --dashboard PORT`): a RunObserver that
 * publishes the board session (board, calibrated sigmoids) and the run's progress on a hub,
 * served by a dashboard server. In a run the board belongs to the trainer, so nothing here
 * sends it a request: board figures are the run's own counters.
 */
import type { DeviceStats } from '../../trainer/activation';
import type { BoardSessionInfo, RunObserver } from '../../trainer/run-observer';
import type { Progress } from '../../trainer/trainer';
import { startDashboardServer, type RunningDashboard } from './dashboard-server';
import { LiveHub } from './live-hub';
import type { BoardLive } from './live-state';
import { finiteOrNull, sigmoidOf } from './live-state';
import { TrainingFeed } from './training-feed';

export interface RunDashboardOptions {
  mode: 'train' | 'demo';
  port: number;
  host?: string;
  token?: string;
}

export class RunDashboard implements RunObserver {
  readonly hub: LiveHub;
  private feed: TrainingFeed | null = null;
  private boardSession: BoardSessionInfo | null = null;
  private server: RunningDashboard | null = null;

  constructor(mode: 'train' | 'demo') {
    this.hub = new LiveHub(mode);
  }

  static async open(options: RunDashboardOptions): Promise<RunDashboard> {
    const d = new RunDashboard(options.mode);
    d.server = await startDashboardServer({ hub: d.hub, host: options.host, port: options.port, token: options.token });
    return d;
  }

  get url(): string {
    return this.server?.url ?? '';
  }

  session(info: BoardSessionInfo): void {
    this.boardSession = info;
    this.publishBoard(null);
    for (const cal of info.calibrations) {
      this.hub.publish({
        type: 'neuron',
        neuron: {
          id: `b0:${cal.channel}`,
          board: 'b0',
          channel: cal.channel,
          calibrated: true,
          deltaI99Ua: cal.deltaI99Ua,
          switchingRatio: finiteOrNull(cal.switchingRatio),
          widthUs: cal.widthUs,
          sigmoid: sigmoidOf(cal),
          recent: [],
          pulses: null,
          stressRatio: null,
          guardRatio: null,
        },
      });
    }
  }

  runStarted(activation: string, checkpointFile?: string): void {
    this.hub.publish({ type: 'run', activation });
    this.feed = new TrainingFeed(this.hub, { activation, checkpointFile });
  }

  progress(p: Progress, stats: DeviceStats): void {
    this.feed?.progress(p);
    if (this.boardSession && stats.pulses > 0) this.publishBoard(stats);
  }

  runFinished(testAcc: number): void {
    this.feed?.finished(testAcc);
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  /** The board as the run sees it: pulses and device time are this run's (no status reads). */
  private publishBoard(stats: DeviceStats | null): void {
    const s = this.boardSession;
    if (!s) return;
    const board: BoardLive = {
      id: 'b0',
      spec: s.spec,
      link: s.board.isOpen ? 'up' : 'closed',
      boardId: s.board.info.boardId,
      firmwareVersion: s.board.info.firmwareVersion,
      deviceTimeMs: stats ? stats.deviceTimeS * 1000 : null,
      pulses: stats ? stats.pulses : null,
      frameErrors: s.board.counters.boardFrameErrors,
      hostBadFrames: s.board.counters.badFrames,
    };
    this.hub.publish({ type: 'board', board });
  }
}
