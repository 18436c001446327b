/** The digital twin of the board: what the Espruino surface, the host and tools import. */
export { createTwin, BoardTwin, type CreateTwinOptions } from './create';
export { BoardHardware } from './board-hardware';
export { BoardCounters } from './counters';
export { BoardStorage } from './storage';
export { BoardLink } from './link';
export { VirtualScheduler, type VirtualSchedulerOptions } from './scheduler-virtual';
export { RealTimeScheduler } from './scheduler-real';
export { TwinError, isTwinError, type TwinErrorCode } from './errors';
export { CHAIN_PARAM_DOCS, chainParamsFromBoard, type ChainParams } from './params';
export { FAULT_FORMS, type Fault } from './faults';
export { mcp4822WordA } from './dac';
export { parseSimSpec, type ParsedSpec } from './spec';
