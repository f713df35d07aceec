/** Retrying a repository call on transient failures (connection refused, 5xx), with backoff. */
import { ArtifactError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  attempts: number;
  /** Delay before the second attempt; doubles each time. Default 200 ms. */
  initialDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 200 };

export async function withRetries<T>(fn: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const transient = err instanceof ArtifactError ? err.transient : false;
      if (!transient || attempt >= policy.attempts) {
        if (transient && err instanceof ArtifactError) {
          throw new ArtifactError(`${err.message} (gave up after ${attempt} attempts)`, {
            cause: err,
          });
        }
        throw err;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}
