/**
 * Loglikelihood of a continuation from an echo response, by lm-evaluation-harness's rule
 * (TemplateLM._encode_pair): the continuation's tokens are the tokens of `context +
 * continuation` after the first `len(tokenize(context))` — so a token that straddles the
 * boundary is counted as lm-eval counts it. Both token counts come from the same server
 * (`usage.prompt_tokens`), so a BOS token, if the server adds one, shifts both alike.
 *
 * Never guesses: a response that does not carry exactly the prompt's logprobs is an error.
 */
import type { GenerateResult } from '../../types/endpoint.js';

export type ContinuationScore =
  | {
      ok: true;
      logprob: number;
      /** The continuation's tokens as the server printed them. */
      tokens: string[];
      /** False when those tokens do not spell the continuation (the boundary moved, or the server decodes tokens oddly). */
      spelled: boolean;
    }
  | { ok: false; kind: 'no-logprobs' | 'bad-logprobs'; message: string };

/** Byte-level BPE (Ġ, Ċ) and SentencePiece (▁) spellings of space and newline, for the spelling check only. */
function plainText(token: string): string {
  return token.replace(/[Ġ▁]/g, ' ').replace(/Ċ/g, '\n');
}

/**
 * Sums the logprobs of the continuation tokens in `result` (an echo response for
 * `context + continuation`), where the context alone is `contextTokens` tokens long.
 */
export function scoreContinuation(result: GenerateResult, contextTokens: number, continuation: string): ContinuationScore {
  const lp = result.logprobs;
  if (!lp || !Array.isArray(lp.tokens) || lp.tokens.length === 0) {
    return { ok: false, kind: 'no-logprobs', message: 'the server returned no prompt logprobs for an echo request' };
  }
  const promptTokens = result.usage.promptTokens;
  const generated = result.usage.completionTokens;
  if (!(Number.isInteger(promptTokens) && promptTokens > 0)) {
    return { ok: false, kind: 'bad-logprobs', message: 'the server reported no prompt token count (usage.prompt_tokens)' };
  }
  const n = lp.tokens.length;
  if (n !== promptTokens + generated && n !== promptTokens) {
    return {
      ok: false,
      kind: 'bad-logprobs',
      message: `logprobs cover ${n} tokens, expected the ${promptTokens} prompt tokens${generated ? ` + ${generated} generated` : ''}`,
    };
  }
  if (lp.tokenLogprobs.length !== n) {
    return { ok: false, kind: 'bad-logprobs', message: `${lp.tokenLogprobs.length} token logprobs for ${n} tokens` };
  }
  if (contextTokens >= promptTokens) {
    return {
      ok: false,
      kind: 'bad-logprobs',
      message: `"${continuation}" adds no token after the ${contextTokens}-token context (prompt is ${promptTokens} tokens)`,
    };
  }
  let sum = 0;
  for (let i = contextTokens; i < promptTokens; i++) {
    const value = lp.tokenLogprobs[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return { ok: false, kind: 'bad-logprobs', message: `token ${i} (${JSON.stringify(lp.tokens[i])}) of "${continuation}" has logprob ${value}` };
    }
    sum += value;
  }
  const tokens = lp.tokens.slice(contextTokens, promptTokens);
  return { ok: true, logprob: sum, tokens, spelled: plainText(tokens.join('')) === continuation };
}

/** `np.argmax`: the first index of the largest value. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Python's `len(str)`: code points, not UTF-16 units. */
const pyLen = (s: string): number => [...s].length;

/**
 * lm-eval's picks: `acc` is argmax of the loglikelihoods; `acc_norm` is argmax of each
 * loglikelihood divided by `len(choice)` — the choice text without the leading delimiter, in
 * characters (lm_eval/api/task.py process_results; equal to bytes for every choice used here).
 */
export function pickChoices(loglikelihoods: readonly number[], choices: readonly string[]): { acc: number; accNorm: number } {
  return {
    acc: argmax(loglikelihoods),
    accNorm: argmax(loglikelihoods.map((ll, i) => ll / pyLen(choices[i]))),
  };
}
