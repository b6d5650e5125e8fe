import { ExitCode, UserError } from '../util/errors.js';
import { classifyError } from './errors.js';
import type { ReplicaPool } from './replica-pool.js';

export interface PreflightOptions {
  /** The model asked for with --model; when absent the server must serve exactly one. */
  model?: string;
  apiKeyEnv: string;
  warn: (line: string) => void;
}

/**
 * Before the first sample: every replica answers GET /models, the key is accepted and the
 * model is served — else one clear line and exit 2. A replica that cannot be reached while
 * others can is taken out (and retried later) with a warning. Returns the served model id.
 */
export async function preflight(pool: ReplicaPool, options: PreflightOptions): Promise<string> {
  const served = new Map<string, string[]>();
  const unreachable: string[] = [];
  // Every replica is asked at once (one round trip, not one per replica); the answers are read in order.
  const answers = await Promise.all(
    pool.replicas.map((replica) => replica.transport.listModels().then((ids) => ({ ids, err: undefined }), (err: unknown) => ({ ids: undefined, err }))),
  );
  for (const [i, replica] of pool.replicas.entries()) {
    const { host, display } = replica.transport;
    const { ids, err } = answers[i];
    if (ids) {
      served.set(host, ids);
    } else {
      const failure = classifyError(err);
      if (failure.kind === 'auth' && replica.transport.options.target.gateway) {
        throw new UserError(`${display} refused the request (${failure.message}); check the key in $${options.apiKeyEnv}, the user:password and query parameters in --endpoint, and --header / --header-env`);
      }
      if (failure.kind === 'auth') {
        throw new UserError(`${host} refused the API key (${failure.message}); set the key in $${options.apiKeyEnv} or name another variable with --api-key-env`);
      }
      if (failure.kind === 'not-found') {
        throw new UserError(`${display.replace(/\?.*/, '')}/models was not found (404): --endpoint must be the server's OpenAI base URL, usually ending in /v1`);
      }
      unreachable.push(`${display} (${failure.message})`);
      pool.takeOut(replica);
    }
  }
  if (served.size === 0) {
    throw new UserError(`cannot reach ${unreachable.join('; ')}: is the server running? Fix --endpoint or $ALOE_ENDPOINT`, ExitCode.usage);
  }
  for (const line of unreachable) options.warn(`replica ${line} is unreachable: taken out, retried later`);

  const [firstHost, firstIds] = served.entries().next().value as [string, string[]];
  let model = options.model;
  if (!model) {
    if (firstIds.length !== 1) {
      throw new UserError(`${firstHost} serves ${firstIds.length} models (${firstIds.join(', ') || 'none'}); choose one with --model`);
    }
    model = firstIds[0];
  }
  for (const [host, ids] of served) {
    if (!ids.includes(model)) {
      throw new UserError(`model "${model}" is not served by ${host} (it serves: ${ids.join(', ') || 'nothing'}); fix --model or --endpoint`);
    }
  }
  return model;
}
