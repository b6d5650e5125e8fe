import { openEndpoint, type Endpoint, type EndpointConfig } from '../../src/endpoint/endpoint.js';
import type { FakeOpenAI } from './fake-openai.js';

/**
 * The endpoint layer (openEndpoint) pointed at a fake server: no response cache, no retries and
 * no warnings unless `overrides` ask for them (`maxRetries` sets the retry policy's count).
 */
export function openFakeEndpoint(fake: FakeOpenAI, overrides: Partial<EndpointConfig> & { maxRetries?: number } = {}): Promise<Endpoint> {
  const { maxRetries = 0, ...config } = overrides;
  return openEndpoint({
    urls: [fake.url],
    apiKey: 'test-key',
    apiKeyEnv: 'ALOE_API_KEY',
    timeoutMs: 5000,
    concurrency: 4,
    retry: { maxRetries, initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    cacheDir: null,
    warn: () => {},
    ...config,
  });
}
