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
  (headers instanceof Headers ? headers : new Headers(headers)).forEach((value, key) => (out[key] = value));
  return out;
}

/**
 * What the SDK and readJsonBody read of a Response (status, ok, url, headers, text(), json()),
 * over a body already read whole. undici's Response wraps the bytes in a web stream and reads
 * them back through it: about a tenth of the client's CPU per request in the MedQA job profile.
 * `body` is null: nothing here streams.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly body = null;
  readonly redirected = false;

  constructor(
    private readonly bytes: Buffer,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    return this.bytes.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer;
  }
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

/** Enough of `fetch` for the SDK's JSON requests: string or byte bodies, a signal, whole-body responses (see BufferedResponse). */
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
        const response = new BufferedResponse(Buffer.concat(chunks), status, res.statusMessage ?? '', responseHeaders(res), url.href);
        resolve(response as unknown as Response);
      });
    });
    req.end(body ?? undefined);
  });
}
