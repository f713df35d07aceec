/**
 * How long a store keeps watch events: the last `keepCount` events, and any younger than `keepMs`.
 * A watch resuming from an older resourceVersion gets ResourceVersionExpiredError (410).
 */

export interface EventRetention {
  keepCount: number;
  keepMs: number;
  /** Prune after this many writes. */
  everyWrites: number;
}

export const DEFAULT_EVENT_RETENTION: EventRetention = {
  keepCount: 10_000,
  keepMs: 60 * 60 * 1000,
  everyWrites: 500,
};

/** Events at or below this resourceVersion may go, if also older than `olderThanMs`. */
export function pruneBounds(
  latestResourceVersion: number,
  now: Date,
  retention: EventRetention,
): { belowOrAt: number; olderThanMs: number } {
  return {
    belowOrAt: latestResourceVersion - retention.keepCount,
    olderThanMs: now.getTime() - retention.keepMs,
  };
}
