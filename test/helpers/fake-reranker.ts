/**
 * A fake rerank server on 127.0.0.1 speaking one of the wire formats real servers expose:
 * vLLM, Cohere and Jina (`POST <prefix>/rerank` {model, query, documents, top_n} →
 * {results: [{index, relevance_score, …}]}, sorted by relevance as they sort it) or TEI
 * (`POST /rerank` {query, texts} → [{index, score}]). A body in the other format is refused as
 * those servers refuse it (400 for vLLM/Cohere/Jina, 422 for TEI). `corrupt` rewrites replies.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRerankApi = 'vllm' | 'cohere' | 'jina' | 'tei';

export interface FakeRerankerOptions {
  api: FakeRerankApi;
  /** Path the /rerank route hangs under ("/v1" as vLLM and Jina serve it; "" for TEI). */
  prefix?: string;
  /** Relevance of a document to a query. */
  score: (query: string, document: string) => number;
  /** Rewrites the reply of the n-th rerank request (1-based), for malformed-reply tests. */
  corrupt?: (reply: unknown, n: number) => unknown;
  /** An HTTP error status to answer the n-th rerank request (1-based) with, or undefined to answer it. */
  fail?: (n: number) => number | undefined;
}

export interface FakeReranker {
  /** Base URL to give --reranker-endpoint. */
  url: string;
  requests: { path: string; body: { query?: string; documents?: string[]; texts?: string[]; model?: string; top_n?: number } }[];
  close(): Promise<void>;
}

export async function startFakeReranker(options: FakeRerankerOptions): Promise<FakeReranker> {
  const prefix = options.prefix ?? (options.api === 'tei' ? '' : '/v1');
  const requests: FakeReranker['requests'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== `${prefix}/rerank`) return send(404, { error: `no route ${path}` });
      const body = JSON.parse(raw || '{}');
      requests.push({ path, body });
      const status = options.fail?.(requests.length);
      if (status) return send(status, { error: `injected ${status}` });
      const docs: unknown = options.api === 'tei' ? body.texts : body.documents;
      if (typeof body.query !== 'string' || !Array.isArray(docs)) {
        return options.api === 'tei' ? send(422, { error: 'Failed to deserialize the JSON body: missing field `texts`', error_type: 'Validation' }) : send(400, { object: 'error', message: 'documents: Field required', code: 400 });
      }
      const ranked = (docs as string[]).map((d, index) => ({ index, s: options.score(body.query, d), text: d })).sort((a, b) => b.s - a.s);
      const top = options.api === 'tei' ? ranked : ranked.slice(0, body.top_n ?? ranked.length);
      let reply: unknown;
      if (options.api === 'tei') reply = top.map((r) => ({ index: r.index, score: r.s }));
      else if (options.api === 'cohere') reply = { id: 'rr-1', results: top.map((r) => ({ index: r.index, relevance_score: r.s })), meta: { api_version: { version: '1' } } };
      else reply = { id: 'rerank-1', model: body.model, usage: { total_tokens: 42 }, results: top.map((r) => ({ index: r.index, document: { text: r.text }, relevance_score: r.s })) };
      send(200, options.corrupt ? options.corrupt(reply, requests.length) : reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
