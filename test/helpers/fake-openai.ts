/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests: real HTTP, the routes vLLM serves
 * (/v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings), a scripted reply
 * function, fixed latency with a capacity (like a server batching S requests at a time),
 * and fault injection that is deterministic per request so a faulty run can be compared
 * with a clean one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';

export interface ChatBody {
  model: string;
  messages?: { role: string; content: string }[];
  prompt?: string | string[];
  temperature?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
  echo?: boolean;
  logprobs?: number | boolean;
  input?: string | string[];
}

export interface ScriptedReply {
  text: string;
  finishReason?: string;
  /** Completions logprobs object returned as is (echo tests). */
  logprobs?: unknown;
}

/**
 * `reset`: the socket is destroyed before any byte of the response; `reset-body`: the status line,
 * the headers and half the body are sent, then the socket is destroyed (a proxy or a restarting
 * server cutting a response); `stall-body`: headers and half the body, then nothing.
 */
export type FaultKind = '429' | '500' | 'reset' | 'reset-body' | 'stall-body' | 'hang' | 'garbage' | 'empty' | 'length';

export interface FakeOpenAIOptions {
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  reply?: (body: ChatBody, route: 'chat' | 'completions') => string | ScriptedReply;
  latencyMs?: number;
  /** Requests processed at once; the rest wait in a queue (0 = unlimited). */
  capacity?: number;
  /** Probability of each fault on a request's first `faultyTries` tries. */
  faults?: Partial<Record<FaultKind, number>>;
  faultyTries?: number;
  /** Seconds sent in Retry-After with 429s. */
  retryAfterS?: number;
  embeddingDim?: number;
  /** Text placed in error bodies (to test that secrets echoed by a server are redacted). */
  errorBodyExtra?: string;
  /** Gateway checks: requests without exactly this Authorization header, these headers or these query values get 401. */
  requireAuthorization?: string;
  requireHeaders?: Record<string, string>;
  requireQuery?: Record<string, string>;
  /** Error messages quote the request's path and query, as many proxies do (to test redaction). */
  echoRequestUrl?: boolean;
  /** Error messages quote the values these request headers had (a server echoing what it was sent). */
  echoHeaders?: string[];
  /** Awaited before /v1/models answers (a slow or far server: what the client does meanwhile). */
  beforeModels?: () => Promise<void>;
  /** Answer a prompt list on /v1/completions with 400, as a server that takes one prompt per request. */
  refusePromptLists?: boolean;
  /** Rewrites the choices of a response to a prompt list (tests of malformed batched responses). */
  batchChoices?: (choices: BatchChoice[]) => unknown[];
}

/** One choice of a response to a prompt list, as the fake server builds it. */
export interface BatchChoice {
  index: number;
  text: string;
  finish_reason: string;
  logprobs: unknown;
}

export interface FakeOpenAI {
  url: string;
  port: number;
  requests: { path: string; body: ChatBody; authorization?: string; url?: string; headers?: Record<string, string | string[] | undefined> }[];
  /** Completed generation requests (excludes faults). */
  served: number;
  setReply(reply: NonNullable<FakeOpenAIOptions['reply']>): void;
  close(): Promise<void>;
  /** Destroys every open connection and stops listening (a crashed server). */
  kill(): Promise<void>;
}

function digest(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function embedding(text: string, dim: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < dim; i++) out.push(digest(`${i}:${text}`) - 0.5);
  // make texts sharing words closer: add a bag-of-words component
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) out[Math.floor(digest(word) * dim)] += 1;
  return out;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? ['fake-model'];
  let reply = options.reply ?? (() => 'Answer: A');
  const tries = new Map<string, number>();
  const sockets = new Set<Socket>();
  let active = 0;
  const queue: (() => void)[] = [];
  const state = { served: 0 };
  const requests: FakeOpenAI['requests'] = [];

  const acquire = async () => {
    if (!options.capacity || active < options.capacity) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => queue.push(resolve));
    active++;
  };
  const release = () => {
    active--;
    queue.shift()?.();
  };

  /** `fault` cuts the body when it is `reset-body` or `stall-body`. */
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, fault?: FaultKind) => {
    const text = JSON.stringify(body);
    if (fault === 'reset-body' || fault === 'stall-body') {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      // Let the headers and the half body reach the client before the socket goes.
      if (fault === 'reset-body') setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { error: { message: `${message}${options.errorBodyExtra ?? ''}`, type: 'error', code: status } }, headers);

  const pickFault = (key: string): FaultKind | undefined => {
    const n = tries.get(key) ?? 0;
    tries.set(key, n + 1);
    if (!options.faults || n >= (options.faultyTries ?? 2)) return undefined;
    let r = digest(`${n}\u0000${key}`);
    for (const [kind, p] of Object.entries(options.faults) as [FaultKind, number][]) {
      if (r < p) return kind;
      r -= p;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = (req.url ?? '').split('?')[0];
    const sentHeaders = (options.echoHeaders ?? []).map((h) => `${h.toLowerCase()}: ${req.headers[h.toLowerCase()] ?? '(none)'}`);
    const echo = `${options.echoRequestUrl ? ` (request: ${req.method} ${req.url})` : ''}${sentHeaders.length ? ` (you sent ${sentHeaders.join(', ')})` : ''}`;
    const fail = (status: number, message: string, headers: Record<string, string> = {}) => error(res, status, `${message}${echo}`, headers);
    let body: ChatBody = {} as ChatBody;
    if (raw) {
      try {
        body = JSON.parse(raw) as ChatBody;
      } catch {
        return fail(400, 'body is not JSON');
      }
    }
    requests.push({ path, body, authorization: req.headers.authorization, url: req.url, headers: req.headers });
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) return fail(401, 'invalid api key');
    if (options.requireAuthorization !== undefined && req.headers.authorization !== options.requireAuthorization) return fail(401, 'authorization required');
    for (const [name, value] of Object.entries(options.requireHeaders ?? {})) {
      if (req.headers[name.toLowerCase()] !== value) return fail(401, `header ${name} required`);
    }
    const query = new URL(req.url ?? '/', 'http://fake').searchParams;
    for (const [name, value] of Object.entries(options.requireQuery ?? {})) {
      if (query.get(name) !== value) return fail(401, `query parameter ${name} required`);
    }

    if (req.method === 'GET' && path === '/v1/models') {
      await options.beforeModels?.();
      return send(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const input = Array.isArray(body.input) ? body.input : [body.input ?? ''];
      return send(res, 200, {
        object: 'list',
        model: body.model,
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: embedding(text, options.embeddingDim ?? 32) })),
        usage: { prompt_tokens: 0, total_tokens: 0 },
      });
    }
    const route = path === '/v1/chat/completions' ? 'chat' : path === '/v1/completions' ? 'completions' : null;
    if (req.method !== 'POST' || !route) return fail(404, `no route ${req.method} ${path}`);
    if (!models.includes(body.model)) return fail(404, `model ${body.model} not found`);
    if (route === 'completions' && Array.isArray(body.prompt) && options.refusePromptLists) return fail(400, 'prompt must be a string');

    await acquire();
    try {
      const fault = pickFault(raw);
      if (fault === 'hang') return; // never answers; the client's timeout must fire
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      if (fault === 'reset') return req.socket.destroy();
      if (fault === '429') return fail(429, 'rate limited', { 'retry-after': String(options.retryAfterS ?? 0) });
      if (fault === '500') return fail(500, 'internal error');
      if (fault === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"id": "x", "choices": [ {"mess');
      }
      if (fault === 'reset-body' || fault === 'stall-body') state.served--; // counted below, but never delivered
      if (fault === 'empty') return send(res, 200, { id: 'x', object: 'chat.completion', created: 0, model: body.model, choices: [] });

      if (route === 'completions' && Array.isArray(body.prompt)) {
        // A prompt list (vLLM, OpenAI): one choice per prompt, each from the reply function called
        // as for that prompt alone; usage is the sum over the list.
        const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
        const choices: BatchChoice[] = body.prompt.map((prompt, index) => {
          const out = reply({ ...body, prompt }, route);
          const scripted: ScriptedReply = typeof out === 'string' ? { text: out } : out;
          usage.prompt_tokens += wordCount(String(prompt));
          usage.completion_tokens += wordCount(scripted.text);
          const finish = fault === 'length' ? 'length' : (scripted.finishReason ?? 'stop');
          return { index, text: scripted.text, finish_reason: finish, logprobs: scripted.logprobs ?? null };
        });
        usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
        state.served++;
        return send(res, 200, {
          id: 'cmpl-fake', object: 'text_completion', created: 0, model: body.model,
          choices: options.batchChoices ? options.batchChoices(choices) : choices,
          usage,
        }, {}, fault);
      }
      const out = reply(body, route);
      const scripted: ScriptedReply = typeof out === 'string' ? { text: out } : out;
      const promptText = route === 'chat' ? (body.messages ?? []).map((m) => m.content).join('\n') : String(body.prompt ?? '');
      const usage = { prompt_tokens: wordCount(promptText), completion_tokens: wordCount(scripted.text), total_tokens: 0 };
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      const finish = fault === 'length' ? 'length' : (scripted.finishReason ?? 'stop');
      state.served++;
      if (route === 'chat') {
        return send(res, 200, {
          id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: scripted.text }, finish_reason: finish, logprobs: null }],
          usage,
        }, {}, fault);
      }
      return send(res, 200, {
        id: 'cmpl-fake', object: 'text_completion', created: 0, model: body.model,
        choices: [{ index: 0, text: scripted.text, finish_reason: finish, logprobs: scripted.logprobs ?? null }],
        usage,
      }, {}, fault);
    } finally {
      release();
    }
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => void handle(req, res, raw));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const kill = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get served() {
      return state.served;
    },
    setReply: (r) => {
      reply = r;
    },
    close: kill,
    kill,
  };
}
