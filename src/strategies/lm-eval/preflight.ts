/**
 * Before a loglikelihood run: one echo request must come back with a logprob for every prompt
 * token. llama.cpp's server ignores `echo` (it returns the generated token's logprob only) and
 * chat-only APIs have no prompt logprobs at all; scoring on those would be at chance, so the
 * run is refused with the way out.
 */
import { EndpointFailure } from '../../types/endpoint-failure.js';
import type { Generate, GenerateRequest } from '../../types/endpoint.js';
import { UserError } from '../../util/errors.js';
import { scoreContinuation } from './loglikelihood.js';

const PROBE_CONTEXT = 'Question: Which organ pumps blood through the body?\nAnswer:';
const PROBE_CONTINUATION = ' heart';

const WAY_OUT = 'use --strategy lm-eval-gen (same prompts, answer read from generated text) or a server that returns prompt logprobs (vLLM, SGLang)';

/** The request loglik sends for one prompt: echo the prompt with logprobs, generate one token. */
export function echoRequest(prompt: string): GenerateRequest {
  return { prompt, echo: true, logprobs: 1, maxTokens: 1, temperature: 0 };
}

/** The request that counts the context's tokens (usage.prompt_tokens); nothing else is read. */
export function countRequest(prompt: string): GenerateRequest {
  return { prompt, maxTokens: 1, temperature: 0 };
}

/** Throws a UserError (exit 2) unless `generate` returns prompt logprobs covering the whole prompt. */
export async function checkPromptLogprobs(generate: Generate): Promise<void> {
  let count: number;
  let problem: string | undefined;
  try {
    count = (await generate(countRequest(PROBE_CONTEXT))).usage.promptTokens;
    const echoed = await generate(echoRequest(PROBE_CONTEXT + PROBE_CONTINUATION));
    const score = scoreContinuation(echoed, count, PROBE_CONTINUATION);
    if (!score.ok) problem = score.message;
  } catch (err) {
    if (!(err instanceof EndpointFailure) || !['bad-request', 'not-found', 'bad-response'].includes(err.kind)) throw err;
    problem = `the echo request was refused (${err.message})`;
  }
  if (problem !== undefined) {
    throw new UserError(`--strategy loglik needs prompt logprobs from /v1/completions with echo, and the server did not give them: ${problem}; ${WAY_OUT}`);
  }
}
