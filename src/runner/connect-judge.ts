/**
 * The LLM judge's endpoint (`--judge-endpoint`, `--judge-model`, `--judge-api-key-env`): the same
 * client as the model under test (retries, back-off, the response cache, so a rerun asks the judge
 * nothing twice), with its own preflight — unreachable, key refused or model not served is one
 * line and exit 2 before any request.
 */
import type { ResolvedRunOptions } from '../config/load-config.js';
import { openEndpoint } from '../endpoint/endpoint.js';
import type { Generate } from '../types/endpoint.js';
import { ExitCode, UserError } from '../util/errors.js';
import { sharedEndpointConfig } from './connect-endpoint.js';

export interface Judge {
  generate: Generate;
  model: string;
  host: string;
}

/** Preflight messages name the model flags; say which flags fix the judge. */
function forJudge(message: string): string {
  return `judge: ${message
    .replace(/--endpoint\b/g, '--judge-endpoint')
    .replace(/--model\b/g, '--judge-model')
    .replace(/--api-key-env\b/g, '--judge-api-key-env')
    .replace(/ or \$ALOE_ENDPOINT/g, '')}`;
}

/** `privateCache`: the run holds credentialed data (see runner/credentialed.ts). */
export async function connectJudge(opts: ResolvedRunOptions, env: NodeJS.ProcessEnv, warn: (line: string) => void, privateCache = false): Promise<Judge | undefined> {
  if (!opts.judgeEndpoint) {
    if (opts.judgeModel) throw new UserError('--judge-model needs --judge-endpoint (the judge\'s OpenAI-compatible base URL)');
    return undefined;
  }
  const keyEnv = opts.judgeApiKeyEnv ?? 'OPENAI_API_KEY';
  try {
    const endpoint = await openEndpoint({
      // URL forms, gateway headers and redaction as for --endpoint (endpoint/endpoint-url.ts).
      urls: [opts.judgeEndpoint],
      apiKey: env[keyEnv] || '',
      apiKeyEnv: keyEnv,
      model: opts.judgeModel,
      ...sharedEndpointConfig(opts, env, privateCache),
      warn: (line) => warn(`judge: ${line}`),
    });
    return { generate: endpoint.generate, model: endpoint.servedModel, host: endpoint.hosts[0] };
  } catch (err) {
    if (err instanceof UserError) throw new UserError(forJudge(err.message), ExitCode.usage);
    throw err;
  }
}
