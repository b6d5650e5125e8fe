import { EndpointFailure } from '../types/endpoint-failure.js';

/**
 * Reads a 2xx response's JSON body ourselves instead of the SDK's `response.json()`, so that a
 * body that stops early can be told from one that is simply not JSON: JSON.parse failing at the
 * very end of the text means the body was cut (a proxy or a restarting server closed it
 * cleanly) — a connection failure, retried like a reset; failing anywhere else is a bad response.
 * A socket that breaks while the text is read throws undici's `terminated`, which
 * classifyError maps to a connection failure.
 */
export async function readJsonBody<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text.trimEnd();
  if (!body) throw new EndpointFailure('bad-response', `empty response body (HTTP ${response.status})`, true);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const cut = /Unexpected end of JSON input/.test(message) || (at !== null && Number(at[1]) >= body.length);
    if (cut) throw new EndpointFailure('connection', `response body cut short after ${Buffer.byteLength(text)} bytes (truncated JSON)`, true);
    throw new EndpointFailure('bad-response', `response is not valid JSON: ${message}`, true);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EndpointFailure('bad-response', 'response body is not a JSON object', true);
  }
  return parsed as T;
}
