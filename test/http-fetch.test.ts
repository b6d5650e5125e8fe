/** The SDK's fetch (src/endpoint/http-fetch.ts): bodies arrive whole, redirects are followed, an abort stops the request. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../src/endpoint/http-fetch.js';

let url: string;
const received: { path: string; body: string; length: string | undefined }[] = [];
const server = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body, length: req.headers['content-length'] });
    if (req.url === '/old') {
      res.writeHead(307, { location: '/new' });
      return res.end();
    }
    if (req.url === '/slow') return; // never answers
    res.writeHead(200, { 'content-type': 'application/json', 'x-two': 'a' });
    res.end(JSON.stringify({ path: req.url, echo: body }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('httpFetch', () => {
  it('sends a string body with its byte length and returns status, headers and the whole body', async () => {
    const body = JSON.stringify({ text: 'fièvre 39 °C' });
    const res = await httpFetch(`${url}/v1/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-two')).toBe('a');
    expect(await res.json()).toEqual({ path: '/v1/x', echo: body });
    expect(received.at(-1)?.length).toBe(String(Buffer.byteLength(body)));
  });

  it('follows a redirect', async () => {
    const res = await httpFetch(`${url}/old`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { path: string }).path).toBe('/new');
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    await expect(httpFetch(`${url}/slow`, { method: 'POST', body: '{}', signal: controller.signal })).rejects.toThrow('deadline');
  });
});
