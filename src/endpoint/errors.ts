import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { EndpointFailure } from '../types/endpoint-failure.js';

export function parseRetryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(parseFloat(ms))) return Math.max(0, parseFloat(ms));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = parseFloat(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function serverMessage(err: APIError): string {
  const msg = err.message.replace(/\s+/g, ' ').trim();
  return msg.length > 300 ? `${msg.slice(0, 300)}…` : msg;
}

/** Maps anything the SDK (or our own response checks) threw into one EndpointFailure. */
export function classifyError(err: unknown): EndpointFailure {
  if (err instanceof EndpointFailure) return err;
  if (err instanceof APIConnectionTimeoutError) return new EndpointFailure('timeout', 'request timed out', true);
  if (err instanceof APIConnectionError) {
    return new EndpointFailure('connection', `connection failed: ${err.cause instanceof Error ? err.cause.message : err.message}`, true);
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const retryAfter = parseRetryAfter(err.headers as Headers | undefined);
    if (status === 429) return new EndpointFailure('rate-limit', `429 rate limited: ${serverMessage(err)}`, true, retryAfter);
    if (status === 408) return new EndpointFailure('timeout', `408 request timeout: ${serverMessage(err)}`, true, retryAfter);
    if (status >= 500) return new EndpointFailure('server', `${status} server error: ${serverMessage(err)}`, true, retryAfter);
    if (status === 401 || status === 403) return new EndpointFailure('auth', `${status} key refused: ${serverMessage(err)}`, false);
    if (status === 404) return new EndpointFailure('not-found', `404 not found: ${serverMessage(err)}`, false);
    if (status === 400 || status === 422 || status === 413) {
      return new EndpointFailure('bad-request', `${status} request rejected: ${serverMessage(err)}`, false);
    }
    if (status === 0) return new EndpointFailure('bad-response', `unreadable response: ${serverMessage(err)}`, true);
    return new EndpointFailure('unknown', `${status}: ${serverMessage(err)}`, false);
  }
  if (err instanceof SyntaxError) return new EndpointFailure('bad-response', `response is not valid JSON: ${err.message}`, true);
  const message = err instanceof Error ? err.message : String(err);
  return new EndpointFailure('unknown', message, false);
}
