import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCliValue } from '../src/config/load-config.js';
import { endpointTarget, gatewayHeaders, redactUrls, redactor } from '../src/endpoint/endpoint-url.js';
import { isPrivateAddress, isPrivateHost } from '../src/endpoint/private-address.js';
import { UserError } from '../src/util/errors.js';
import { thrownUserError } from './helpers/user-error.js';
import { openFakeEndpoint } from './helpers/fake-endpoint.js';
import { startFakeOpenAI, type FakeOpenAI } from './helpers/fake-openai.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('endpoint URLs', () => {
  test('user:password@ becomes a Basic header and leaves the URL the client uses', () => {
    const t = endpointTarget('http://alice:p%40ss-w0rd@gpu.lan:8000/v1/', { flag: '--endpoint' });
    expect(t.client.baseURL).toBe('http://gpu.lan:8000/v1');
    expect(t.client.defaultHeaders).toEqual({ Authorization: basic('alice', 'p@ss-w0rd') });
    expect(t.display).toBe('http://***@gpu.lan:8000/v1');
    expect(t.host).toBe('gpu.lan:8000');
    expect(t.note).toBeUndefined();
  });

  test('query parameters become the default query; secret-looking values are hidden in the display', () => {
    const t = endpointTarget('https://gw.example/openai/v1?api-version=2024-06-01&api_key=tok%2Fen123&sig=abcd', { flag: '--endpoint' });
    expect(t.client.baseURL).toBe('https://gw.example/openai/v1');
    expect(t.client.defaultQuery).toEqual({ 'api-version': '2024-06-01', api_key: 'tok/en123', sig: 'abcd' });
    expect(t.display).toBe('https://gw.example/openai/v1?api-version=2024-06-01&api_key=***&sig=***');
    expect(t.redact('GET /openai/v1/models?api_key=tok%2Fen123 failed; token tok/en123')).toBe('GET /openai/v1/models?api_key=*** failed; token ***');
  });

  test('one Authorization header: --header beats user:password, which beats the API key; the note says so once', () => {
    const both = endpointTarget('http://bob:hunter22@h/v1', { flag: '--endpoint', apiKey: 'sk-live-1234', apiKeyEnv: 'OPENAI_API_KEY' });
    expect(both.client.defaultHeaders?.Authorization).toBe(basic('bob', 'hunter22'));
    expect(both.note).toBe('one Authorization header is sent per request: the user:password in --endpoint (HTTP Basic) is used; the API key in $OPENAI_API_KEY is not sent');
    const header = gatewayHeaders([], ['Authorization=GW_AUTH'], { GW_AUTH: 'Bearer gw-secret-99' });
    const three = endpointTarget('http://bob:hunter22@h/v1', { flag: '--endpoint', apiKey: 'sk-live-1234', headers: header });
    expect(three.client.defaultHeaders?.Authorization).toBe('Bearer gw-secret-99');
    expect(three.note).toMatch(/the Authorization header from --header \/ --header-env is used; the user:password .* and the API key are not sent/);
    // 'EMPTY' (vLLM's no-key convention) is not a key given
    expect(endpointTarget('http://bob:hunter22@h/v1', { flag: '--endpoint', apiKey: 'EMPTY' }).note).toBeUndefined();
  });

  test('bad URLs are one line naming the flag, with the password hidden', () => {
    const err = thrownUserError(() => endpointTarget('ftp://carol:s3cr3t-pw@host/v1', { flag: '--embeddings-endpoint' }));
    expect(err.message).toBe('--embeddings-endpoint "ftp://***@host/v1" is not an http(s) URL (e.g. http://127.0.0.1:8000/v1)');
    expect(thrownUserError(() => endpointTarget('http://h/v1?a=1&a=2', { flag: '--endpoint' })).message).toMatch(/query parameter "a" is given twice/);
  });
});

describe('gateway headers', () => {
  test('--header NAME: VALUE and --header-env NAME=ENVVAR; env values are always secret', () => {
    const headers = gatewayHeaders(['X-Route: medical, eu', 'X-Api-Key: abcd1234'], ['X-Gateway-Token=GW'], { GW: 'gw-token-xyz' });
    expect(headers).toEqual([
      { name: 'X-Route', value: 'medical, eu', secret: false },
      { name: 'X-Api-Key', value: 'abcd1234', secret: true },
      { name: 'X-Gateway-Token', value: 'gw-token-xyz', secret: true },
    ]);
    const t = endpointTarget('http://h/v1', { flag: '--endpoint', headers });
    expect(t.client.defaultHeaders).toEqual({ 'X-Route': 'medical, eu', 'X-Api-Key': 'abcd1234', 'X-Gateway-Token': 'gw-token-xyz' });
    expect(t.redact('sent abcd1234 and gw-token-xyz via medical, eu')).toBe('sent *** and *** via medical, eu');
  });

  test('mistakes are one line naming the flag and the fix', () => {
    expect(thrownUserError(() => gatewayHeaders(['X-Route'])).message).toMatch(/^--header "X-Route" is not "NAME: VALUE"/);
    expect(thrownUserError(() => gatewayHeaders(['Bad Name: v'])).message).toMatch(/"Bad Name" is not a valid header name/);
    expect(thrownUserError(() => gatewayHeaders([], ['X-T=MISSING_VAR'], {})).message).toBe('--header-env X-T=MISSING_VAR: $MISSING_VAR is not set or empty; export it before running');
    expect(thrownUserError(() => gatewayHeaders([], ['X-T'], {})).message).toMatch(/is not "NAME=ENVVAR"/);
    expect(thrownUserError(() => gatewayHeaders(['x-t: 1'], ['X-T=V'], { V: 'v' })).message).toMatch(/header X-T is given twice/);
  });
});

test('URLs in free text lose user info and secret parameter values, whatever they are', () => {
  expect(redactUrls('cannot reach http://u:pw@10.0.0.1:8000/v1?api-version=1&access_token=zz (refused)')).toBe(
    'cannot reach http://***@10.0.0.1:8000/v1?api-version=1&access_token=*** (refused)',
  );
  // secrets too short to search for safely in prose are still hidden inside URLs
  expect(redactor(['pw'])('http://u:pw@h/v1 pw')).toBe('http://***@h/v1 pw');
});

test('loopback and private addresses (IPv4, IPv6, mapped, names) and the rest', async () => {
  for (const ip of ['127.0.0.1', '10.1.2.3', '172.31.0.9', '192.168.1.1', '169.254.0.5', '::1', 'fd12::3', 'fe80::1', '::ffff:10.0.0.8']) expect(isPrivateAddress(ip), ip).toBe(true);
  for (const ip of ['8.8.8.8', '172.32.0.1', '93.184.216.34', '2001:db8::1', '::ffff:8.8.8.8', 'not-an-ip']) expect(isPrivateAddress(ip), ip).toBe(false);
  expect(await isPrivateHost('localhost')).toBe(true);
  expect(await isPrivateHost('[::1]')).toBe(true);
  expect(await isPrivateHost('93.184.216.34')).toBe(false);
  expect(await isPrivateHost('no-such-host.invalid')).toBe(false); // unresolvable counts as remote
});

describe('through the real SDK against servers that require each form (401 without)', () => {
  let basicServer: FakeOpenAI;
  let gateway: FakeOpenAI;
  beforeAll(async () => {
    basicServer = await startFakeOpenAI({ models: ['m'], requireAuthorization: basic('alice', 'pa:ss/word'), reply: () => 'Answer: B' });
    gateway = await startFakeOpenAI({
      models: ['m'], requireHeaders: { 'X-Gateway-Token': 'gw-tok-31415' }, requireQuery: { 'api-version': '2024-06-01', key: 'q-key-2718' }, reply: () => 'Answer: C',
    });
  });
  afterAll(async () => {
    await basicServer.close();
    await gateway.close();
  });

  test('Basic auth from the URL: /models and chat succeed; without it the preflight is refused', async () => {
    const url = basicServer.url.replace('http://', 'http://alice:pa%3Ass%2Fword@');
    const endpoint = await openFakeEndpoint(basicServer, { urls: [url], apiKey: '' });
    const result = await endpoint.generate({ messages: [{ role: 'user', content: 'q' }] });
    expect(result.text).toBe('Answer: B');
    expect(basicServer.requests.at(-1)?.path).toBe('/v1/chat/completions');
    await expect(openFakeEndpoint(basicServer, { urls: [basicServer.url] })).rejects.toThrow(/refused the API key \(401/);
  });

  test('a gateway header and query parameters: paths joined before the query, on every route', async () => {
    const url = `${gateway.url}?api-version=2024-06-01&key=q-key-2718`;
    const headers = gatewayHeaders([], ['X-Gateway-Token=GW_TOKEN'], { GW_TOKEN: 'gw-tok-31415' });
    const endpoint = await openFakeEndpoint(gateway, { urls: [url], headers, embeddings: { url, model: 'm' } });
    expect(endpoint.displays).toEqual([`${gateway.url}?api-version=2024-06-01&key=***`]);
    expect((await endpoint.generate({ prompt: 'Question: x\nAnswer:' })).text).toBe('Answer: C');
    expect((await endpoint.embed!(['a', 'b'])).length).toBe(2);
    const urls = gateway.requests.map((r) => r.url);
    expect(urls).toContain('/v1/models?api-version=2024-06-01&key=q-key-2718');
    expect(urls).toContain('/v1/completions?api-version=2024-06-01&key=q-key-2718');
    expect(urls).toContain('/v1/embeddings?api-version=2024-06-01&key=q-key-2718');
    const err = await openFakeEndpoint(gateway, { urls: [url] }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/refused the request \(401 .*header X-Gateway-Token required\); check .* --header \/ --header-env$/);
    expect((err as Error).message).not.toContain('q-key-2718');
  });
});

test('--endpoint lists split at commas only before another URL, so query values may hold commas', () => {
  expect(parseCliValue('endpoint', ['http://a:1/v1?scope=x,y', 'http://b:1/v1, https://c:1/v1'])).toEqual(['http://a:1/v1?scope=x,y', 'http://b:1/v1', 'https://c:1/v1']);
  expect(parseCliValue('header', ['Accept: a, b'])).toEqual(['Accept: a, b']);
});
