/**
 * Endpoint URLs, gateway headers and their redaction: the one place that knows which parts of an
 * endpoint are secret. Every client of an OpenAI-compatible server (generation, embeddings, a
 * judge, a reranker) is built from an `EndpointTarget` and prints only what it says:
 *
 * @example
 *   const headers = gatewayHeaders(opts.header, opts.headerEnv, env);   // --header, --header-env
 *   const target = endpointTarget(opts.judgeEndpoint, { flag: '--judge-endpoint', apiKey, apiKeyEnv, headers });
 *   const client = new OpenAI({ ...target.client, maxRetries: 0, timeout });
 *   if (target.note) warn(target.note);       // which credential is sent, when two were given
 *   log(`judge: ${target.display}`);          // http://***@host/v1?api-version=1&api_key=***
 *   throw new UserError(target.redact(message)); // any text that may hold a secret
 *
 * `user:password@` becomes an HTTP Basic Authorization header and leaves the URL; query parameters
 * go to the SDK's `defaultQuery`, so paths are joined before them (`…/v1/models?api-version=…`).
 */
import { formatWithOptions } from 'node:util';
import type { ClientOptions } from 'openai';
import { UserError } from '../util/errors.js';

type Logger = NonNullable<ClientOptions['logger']>;

/** Parameter and header names whose values are never shown. */
const SECRET_NAME = /key|token|secret|passw|pwd|sig|auth|cookie|credential/i;
/** RFC 9110 field-name characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secrets shorter than this are not searched for in free text (they would match ordinary words); URLs are still redacted by shape. */
const MIN_SECRET = 4;

export interface GatewayHeader {
  name: string;
  value: string;
  /** Read from the environment (--header-env) or named like a secret: never shown. */
  secret: boolean;
}

export interface EndpointTarget {
  /** Options for `new OpenAI(...)`: base URL without user info or query, default query and headers. */
  client: { baseURL: string; apiKey: string; defaultQuery?: Record<string, string>; defaultHeaders?: Record<string, string>; logger: Logger };
  /** host:port, for progress lines and samples.jsonl. */
  host: string;
  /** The URL as it may be printed or stored: `http://***@host/v1?api_key=***`. */
  display: string;
  /** Removes this endpoint's secrets (and any URL's user info and secret parameters) from text. */
  redact: (text: string) => string;
  /** Set when two credentials were given for the one Authorization header: says which is sent. */
  note?: string;
  /** True when the URL carries user info or query parameters, or gateway headers are set (for hints on a 401). */
  gateway: boolean;
}

const looksSecret = (name: string): boolean => SECRET_NAME.test(name);

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Hides user info and the values of secret-looking query parameters in every URL inside `text`. */
export function redactUrls(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]*@/gi, '$1***@')
    .replace(/([?&;])([^=&?;\s#'"<>]+)=([^&;\s#'"<>]*)/g, (whole, sep: string, name: string) => (looksSecret(decode(name)) ? `${sep}${name}=***` : whole));
}

/** A redactor for free text: known secret values first (longest first), then URLs by shape. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
  return (text) => redactUrls(values.reduce((t, s) => t.split(s).join('***'), text));
}

/**
 * `--header 'NAME: VALUE'` and `--header-env NAME=ENVVAR` (the value read from the environment
 * only, so it is never typed on a command line or stored in a config file). A name given twice is an error.
 */
export function gatewayHeaders(fixed: readonly string[] = [], fromEnv: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): GatewayHeader[] {
  const headers: GatewayHeader[] = [];
  const add = (header: GatewayHeader, flag: string) => {
    if (!HEADER_NAME.test(header.name)) throw new UserError(`${flag}: "${header.name}" is not a valid header name (letters, digits and - only, e.g. X-Gateway-Token)`);
    if (/[\r\n\0]/.test(header.value)) throw new UserError(`${flag} ${header.name}: the value holds a line break; give it on one line`);
    if (headers.some((h) => h.name.toLowerCase() === header.name.toLowerCase())) {
      throw new UserError(`${flag}: header ${header.name} is given twice (in --header or --header-env); give it once`);
    }
    headers.push(header);
  };
  for (const item of fixed) {
    const colon = item.indexOf(':');
    if (colon <= 0) throw new UserError(`--header ${JSON.stringify(redactUrls(item.slice(0, 40)))} is not "NAME: VALUE" (e.g. --header 'X-Gateway-Route: medical')`);
    const name = item.slice(0, colon).trim();
    add({ name, value: item.slice(colon + 1).trim(), secret: looksSecret(name) }, '--header');
  }
  for (const item of fromEnv) {
    const eq = item.indexOf('=');
    const name = item.slice(0, Math.max(eq, 0)).trim();
    const variable = item.slice(eq + 1).trim();
    if (eq <= 0 || !ENV_NAME.test(variable)) {
      throw new UserError(`--header-env ${JSON.stringify(item)} is not "NAME=ENVVAR" (e.g. --header-env X-Gateway-Token=GATEWAY_TOKEN, the value then read from $GATEWAY_TOKEN)`);
    }
    const value = env[variable];
    if (!value) throw new UserError(`--header-env ${item}: $${variable} is not set or empty; export it before running`);
    add({ name, value, secret: true }, '--header-env');
  }
  return headers;
}

/** `http://host/v1?a=1&api_key=***`: no user info, secret parameter values hidden, the rest as written. */
function displayUrl(url: URL, base: string): string {
  const query = url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const name = part.split('=')[0];
      return looksSecret(decode(name)) ? `${name}=***` : part;
    });
  const withUser = url.username || url.password ? base.replace('://', '://***@') : base;
  return query.length ? `${withUser}?${query.join('&')}` : withUser;
}

/** The SDK's own log (OPENAI_LOG=debug prints every URL and header) on stderr, through the redactor. */
function redactingLogger(redact: (text: string) => string): Logger {
  const say = (message: string, ...rest: unknown[]) => process.stderr.write(`${redact(formatWithOptions({ depth: 4 }, message, ...rest))}\n`);
  return { error: say, warn: say, info: say, debug: say };
}

export interface TargetOptions {
  /** The flag the URL came from, for error messages (`--endpoint`). */
  flag: string;
  /** The API key, when one was given (sent as `Authorization: Bearer`). */
  apiKey?: string;
  /** Where the key was read from, for the note (OPENAI_API_KEY). */
  apiKeyEnv?: string;
  headers?: readonly GatewayHeader[];
}

/**
 * Parses an endpoint URL. A bad URL is one line naming the flag, with its secrets hidden.
 * One Authorization header carries one credential: a --header wins over `user:password@`,
 * which wins over the API key; when more than one was given, `note` says which is sent.
 */
export function endpointTarget(raw: string, options: TargetOptions): EndpointTarget {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UserError(`${options.flag} ${JSON.stringify(redactUrls(raw))} is not an http(s) URL (e.g. http://127.0.0.1:8000/v1)`);
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in query) throw new UserError(`${options.flag} ${redactUrls(raw)}: query parameter "${name}" is given twice; give it once`);
    query[name] = value;
  }
  const baseURL = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  const headers = options.headers ?? [];
  const apiKey = options.apiKey && options.apiKey !== 'EMPTY' ? options.apiKey : undefined;
  const secrets = [...headers.filter((h) => h.secret).map((h) => h.value), ...(apiKey ? [apiKey] : [])];
  for (const [name, value] of Object.entries(query)) if (looksSecret(name)) secrets.push(value, encodeURIComponent(value));

  const defaultHeaders: Record<string, string> = {};
  const user = decode(url.username);
  const password = decode(url.password);
  if (url.username || url.password) {
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    secrets.push(password, url.password, basic);
    defaultHeaders.Authorization = `Basic ${basic}`;
  }
  for (const h of headers) defaultHeaders[h.name] = h.value;

  const explicit = headers.find((h) => h.name.toLowerCase() === 'authorization');
  const given = [
    ...(explicit ? ['the Authorization header from --header / --header-env'] : []),
    ...(url.username || url.password ? [`the user:password in ${options.flag} (HTTP Basic)`] : []),
    ...(apiKey ? [`the API key${options.apiKeyEnv ? ` in $${options.apiKeyEnv}` : ''}`] : []),
  ];
  const note = given.length > 1 ? `one Authorization header is sent per request: ${given[0]} is used; ${given.slice(1).join(' and ')} ${given.length > 2 ? 'are' : 'is'} not sent` : undefined;

  const redact = redactor(secrets);
  return {
    client: {
      baseURL,
      apiKey: apiKey ?? 'EMPTY', // vLLM's convention when no key is set
      ...(Object.keys(query).length ? { defaultQuery: query } : {}),
      ...(Object.keys(defaultHeaders).length ? { defaultHeaders } : {}),
      logger: redactingLogger(redact),
    },
    host: url.host,
    display: displayUrl(url, baseURL),
    redact,
    ...(note ? { note } : {}),
    gateway: Object.keys(defaultHeaders).length > 0 || Object.keys(query).length > 0,
  };
}
