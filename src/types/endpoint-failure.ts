import type { GenerateRequest } from './endpoint.js';

/*
 * The failure of one model call, shared by the endpoint layer (which throws it) and the layers
 * above (strategies and the runner, which read its kind) so none of them imports the transport.
 */

/** Why a model call failed. `kind` is what samples.jsonl and the error summary count. */
export type FailureKind =
  | 'rate-limit' // 429
  | 'server' // 5xx
  | 'timeout' // no answer within --timeout
  | 'connection' // refused, reset, DNS
  | 'bad-response' // not JSON, no choices, wrong shape
  | 'auth' // 401/403
  | 'not-found' // 404 (model or route)
  | 'bad-request' // 400/422, e.g. prompt longer than the context
  | 'unknown';

export class EndpointFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryable: boolean,
    /** Server-requested wait (Retry-After / retry-after-ms), when it gave one. */
    readonly retryAfterMs?: number,
    /** The request that finally failed (set by the endpoint), so the sample can record what was sent. */
    readonly request?: GenerateRequest,
  ) {
    super(message);
    this.name = 'EndpointFailure';
  }
}
