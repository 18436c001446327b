/**
 * Default per-op timeouts (wall time, per attempt). Ops that pulse may wait for the thermal
 * guard (≈ 5 s worst case per channel at 5 µs, PHYSICS §4); activateMany waits for several
 * channels. Sweep's timeout is the longest gap between streamed points, not the whole loop.
 */
export const DEFAULT_TIMEOUT_MS: { [op: string]: number } = {
  hello: 2000,
  status: 2000,
  configGet: 2000,
  configSet: 2000,
  select: 2000,
  pulse: 15000,
  read: 5000,
  setReset: 15000,
  sweep: 15000,
  calPut: 5000,
  calGet: 2000,
  activate: 15000,
  activateMany: 60000,
  selftest: 5000,
  safe: 2000,
  heartbeat: 2000,
  console: 2000,
};

export const DEFAULT_RETRIES = 2;
