/** The protocol pieces the firmware links in (imported one module at a time to keep the bundle small). */
export { FrameDecoder } from '../../protocol/frame-decoder';
export { encodeFrameInto } from '../../protocol/frame';
