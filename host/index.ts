/**
 * Nucleon host SDK (DESIGN §7).
 *
 *   const board = await openBoard('sim');            // or serial:/dev/ttyACM0, tcp://host:port, tls://host:port?ca=…&cert=…&key=…, hid:10c4:ea80
 *   const cal = await calibrate(board, 0);            // sweep, ΔI99, analog sigmoid, stored on the board
 *   const neuron = await Neuron.open(board, 0);
 *   const y = await neuron.activate(0.3);
 *   await board.close();                              // leaves the board safe
 */
export { openBoard, transportFor } from './open';
export type { OpenBoardOptions } from './open';
export { Board } from './client/board';
export type { BoardOptions, BoardEvents } from './client/board';
export type { HelloInfo, BoardLimits } from './client/hello';
export type { LinkCounters } from './client/requester';
export type * from './client/types';
export { calibrate } from './calibration/calibrate';
export type { CalibrateOptions } from './calibration/calibrate';
export { sweepLoop, loopCurrentUa, formatDeviceTime, MAX_PAUSE_MS } from './calibration/loop-sweep';
export type { LoopSweepOptions, LoopSweepResult } from './calibration/loop-sweep';
export { buildCalibration } from './calibration/build';
export { analogSigmoid, logistic, X_EDGE } from './calibration/sigmoid';
export type { Calibration, LoopPoint } from './calibration/types';
export { Neuron } from './calibration/neuron';
export { NeuronHealth, DEFAULT_HEALTH_RULES, linkFailure } from './calibration/neuron-health';
export type { HealthRules, HealthRule, HealthFailure } from './calibration/neuron-health';
export { NucleonError, HostErrorCode, isNucleonError, isTimeoutError } from './errors';
export { parseBoardSpec, SPEC_FORMS } from './transport/spec';
export type { BoardSpec } from './transport/spec';
export type { Transport } from './transport/transport';
export { NucleonIO } from './johnny-five';
