import { EndpointFailure } from '../types/endpoint-failure.js';
import { classifyError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first try (so maxRetries + 1 tries in all). */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A server asking for longer than this is waited for this long at most. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff 0.5 s → 8 s with ±25% jitter, unless the server said how long to wait. */
export function retryDelay(failure: EndpointFailure, retry: number, policy: RetryPolicy): number {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  const base = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
  return base * (0.75 + Math.random() * 0.5);
}

/**
 * Runs `call` until it succeeds, fails in a way retrying cannot fix, or the retries run out.
 * `onFailure` sees every failed try (the limiter uses it to back off on 429s).
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  onFailure: (failure: EndpointFailure) => void = () => {},
  shouldStop: () => boolean = () => false,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await call();
    } catch (err) {
      const failure = classifyError(err);
      onFailure(failure);
      if (!failure.retryable || retry >= policy.maxRetries || shouldStop()) throw failure;
      await sleep(retryDelay(failure, retry, policy));
    }
  }
}
