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

/**
 * An HTTP error status as a failure kind, retryable where a retry can help (429 and 5xx, with
 * the server's Retry-After). `text`: the server's message, already shortened. Shared by the SDK
 * path (classifyError) and the plain-fetch reranker.
 */
export function statusFailure(status: number, text: string, headers: Headers | undefined): EndpointFailure {
  const retryAfter = parseRetryAfter(headers);
  if (status === 429) return new EndpointFailure('rate-limit', `429 rate limited: ${text}`, true, retryAfter);
  if (status >= 500) return new EndpointFailure('server', `${status} server error: ${text}`, true, retryAfter);
  if (status === 401 || status === 403) return new EndpointFailure('auth', `${status} key refused: ${text}`, false);
  if (status === 404) return new EndpointFailure('not-found', `404 not found: ${text}`, false);
  if (status === 400 || status === 413 || status === 422) return new EndpointFailure('bad-request', `${status} request rejected: ${text}`, false);
  return new EndpointFailure('unknown', `${status}: ${text}`, false);
}

/** Error codes and messages of a socket that closed while the response was being read. */
const bodyReadCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const bodyReadMessages = /^(terminated|other side closed|socket hang up|aborted)$/i;

/**
 * The cause chain's first sign that the connection broke after the headers (undici throws
 * `TypeError: terminated` with a `SocketError: other side closed` cause; Node's http says
 * "socket hang up" / ECONNRESET). Returns the most specific message, or undefined.
 */
function bodyReadBreak(err: unknown): string | undefined {
  const seen: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if ((typeof code === 'string' && bodyReadCodes.has(code)) || bodyReadMessages.test(e.message.trim())) seen.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
  }
  return seen.length ? seen[seen.length - 1] : undefined;
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
    const headers = err.headers as Headers | undefined;
    if (status === 408) return new EndpointFailure('timeout', `408 request timeout: ${serverMessage(err)}`, true, parseRetryAfter(headers));
    if (status === 0) return new EndpointFailure('bad-response', `unreadable response: ${serverMessage(err)}`, true);
    return statusFailure(status, serverMessage(err), headers);
  }
  const broken = bodyReadBreak(err);
  if (broken) return new EndpointFailure('connection', `connection closed while reading the response: ${broken}`, true);
  if (err instanceof SyntaxError) return new EndpointFailure('bad-response', `response is not valid JSON: ${err.message}`, true);
  const message = err instanceof Error ? err.message : String(err);
  return new EndpointFailure('unknown', message, false);
}
