/** Codes carried in WARNING events ([code, message]) the firmware sends on its own. */
export const Warning = {
  /** No frame within heartbeatTimeoutMs while idle: outputs made safe. */
  LINK_TIMEOUT: 1,
  /** An exception inside the firmware: outputs made safe, the request answered INTERNAL. */
  INTERNAL_ERROR: 2,
} as const;
