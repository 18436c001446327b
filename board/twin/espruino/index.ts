/** The Espruino runtime of the twin: run a firmware bundle (or an upload) on a Twin. */
export { EspruinoRuntime, ESPRUINO_VERSION, ESPRUINO_BOARD, BOOT_CODE_FILE } from './runtime';
export { TwinError, type TwinErrorCode } from '../errors';
export { bytesOfData, bytesOfString, stringOfBytes } from './binary';
