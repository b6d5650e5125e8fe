import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/*
 * The `fetch` the SDK is given: node:http with keep-alive instead of Node's built-in fetch.
 * Profiling the 1,273-request MedQA job showed about half the client's CPU in fetch's machinery
 * (request bodies written as web streams chunk by chunk, a ReadableStream per response); a plain
 * http request writes the JSON body in one go. The whole response body is read before the
 * promise resolves, so a connection cut mid-body rejects here — the SDK then reports it as a
 * connection error, which the endpoint retries.
 */

const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => (out[key] = value));
  return out;
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  return headers;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

/** Enough of `fetch` for the SDK's JSON requests: string or byte bodies, a signal, whole-body responses. */
export function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return fetch(input, init); // FormData, streams…: the SDK never sends these for our calls
  }
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise<Response>((resolve, reject) => {
    const headers = headerRecord(init.headers);
    if (body !== undefined && body !== null) headers['content-length'] = String(Buffer.byteLength(body));
    const req = send(url, { method: init.method ?? 'GET', headers, agent });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (err) => {
      done();
      reject(err);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => {
        done();
        reject(err);
      });
      // A socket closed before the announced length arrived: "aborted", never a silent short body.
      res.on('aborted', () => {
        done();
        reject(Object.assign(new Error('connection closed while reading the response body'), { code: 'ECONNRESET' }));
      });
      res.on('end', () => {
        done();
        if (!res.complete) return reject(Object.assign(new Error('connection closed while reading the response body'), { code: 'ECONNRESET' }));
        const status = res.statusCode ?? 0;
        // A redirect (a base URL behind an http → https hop): let Node's fetch follow it, as before.
        if (status >= 300 && status < 400 && res.headers.location) return resolve(fetch(input, init));
        const noBody = status === 204 || status === 304 || init.method === 'HEAD';
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders(res) }));
      });
    });
    req.end(body ?? undefined);
  });
}
