import { describe, expect, test } from 'vitest';
import { AdaptiveLimit } from '../src/endpoint/adaptive-limit.js';
import { parseRetryAfter } from '../src/endpoint/errors.js';
import { EndpointFailure } from '../src/types/endpoint-failure.js';
import { defaultRetryPolicy, retryDelay, withRetry } from '../src/endpoint/retry.js';
import { redactor } from '../src/endpoint/endpoint-url.js';

describe('retry policy', () => {
  test('Retry-After (seconds, HTTP date, -ms) is honoured, capped at a minute', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    const date = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(new Headers({ 'retry-after': date }))).toBeGreaterThan(8000);
    expect(retryDelay(new EndpointFailure('rate-limit', '', true, 3000), 0, defaultRetryPolicy)).toBe(3000);
    expect(retryDelay(new EndpointFailure('rate-limit', '', true, 999_999), 0, defaultRetryPolicy)).toBe(60_000);
  });

  test('exponential backoff from 0.5 s to 8 s with jitter', () => {
    const f = new EndpointFailure('server', '', true);
    for (const [retry, base] of [[0, 500], [1, 1000], [3, 4000], [6, 8000]]) {
      const d = retryDelay(f, retry, defaultRetryPolicy);
      expect(d).toBeGreaterThanOrEqual(base * 0.75);
      expect(d).toBeLessThanOrEqual(base * 1.25);
    }
  });

  test('retries retryable failures up to the bound, never a refused request', async () => {
    const policy = { ...defaultRetryPolicy, initialDelayMs: 1, maxDelayMs: 2 };
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new EndpointFailure('server', 'boom', true); }, policy)).rejects.toThrow('boom');
    expect(calls).toBe(policy.maxRetries + 1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new EndpointFailure('bad-request', 'too long', false); }, policy)).rejects.toThrow('too long');
    expect(calls).toBe(1);
    calls = 0;
    expect(await withRetry(async () => (++calls < 3 ? Promise.reject(new EndpointFailure('timeout', 't', true)) : 'ok'), policy)).toBe('ok');
    expect(calls).toBe(3);
  });
});

describe('adaptive concurrency', () => {
  test('halves on 429 (once per cooldown) and recovers one slot per successes, never above the max', () => {
    const limit = new AdaptiveLimit(16, 5, 0);
    limit.rateLimited();
    expect(limit.current).toBe(8);
    limit.rateLimited();
    expect(limit.current).toBe(4);
    for (let i = 0; i < 5 * 12 + 4; i++) limit.succeeded();
    expect(limit.current).toBe(16);
    for (let i = 0; i < 100; i++) limit.succeeded();
    expect(limit.current).toBe(16);
    const slow = new AdaptiveLimit(16, 5, 60_000);
    slow.rateLimited();
    slow.rateLimited();
    expect(slow.current).toBe(8);
  });
});

test('the redactor removes every occurrence of the key', () => {
  const redact = redactor(['sk-secret-123']);
  expect(redact('Bearer sk-secret-123 and again sk-secret-123')).toBe('Bearer *** and again ***');
});
