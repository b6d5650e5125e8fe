/**
 * `--strategy loglik`: the lm-evaluation-harness protocol. Each choice is scored as the
 * loglikelihood of `" " + choice` after the lm-eval prompt, read from `/v1/completions` echo
 * logprobs; the answer is the most likely choice (`acc`), and the length-normalised pick
 * (`acc_norm`) is kept in `details.accNormAnswer`.
 */
import type { GenerateResult } from '../../types/endpoint.js';
import type { Attempt, Prediction } from '../../types/prediction.js';
import type { Strategy } from '../strategy.js';
import { pickChoices, scoreContinuation } from './loglikelihood.js';
import { checkPromptLogprobs, countRequest, echoRequest } from './preflight.js';
import { failed, lmEvalDetails, lmEvalStrategy, type SplitLoader } from './prompt-source.js';
import { pyRstrip } from './tasks.js';

function sumUsage(results: GenerateResult[]): Attempt['usage'] {
  return {
    promptTokens: results.reduce((s, r) => s + r.usage.promptTokens, 0),
    completionTokens: results.reduce((s, r) => s + r.usage.completionTokens, 0),
  };
}

/** `loadSplit` is for tests; runs read splits through the datasets layer. */
export function createLoglikStrategy(loadSplit?: SplitLoader): Strategy {
  return lmEvalStrategy(
    'loglik',
    async (sample, { prompt, shots }, ctx): Promise<Prediction> => {
      // lm-eval moves trailing whitespace of the context onto the continuation before counting.
      const countedContext = pyRstrip(prompt.context);
      const started = performance.now();
      let count: GenerateResult;
      let echoed: GenerateResult[];
      const choiceRequests = prompt.continuations.map((c) => echoRequest(prompt.context + c));
      if (ctx.generateBatch) {
        // One request for the sample: the context is counted by an echo request too (so all share
        // their parameters); its token count is what the endpoint reads off the echoed tokens,
        // the same number as usage.prompt_tokens of the context sent alone.
        [count, ...echoed] = await ctx.generateBatch([echoRequest(countedContext), ...choiceRequests]);
      } else {
        [count, ...echoed] = await Promise.all([ctx.generate(countRequest(countedContext)), ...choiceRequests.map((r) => ctx.generate(r))]);
      }
      const all = [count, ...echoed];
      const attempt: Attempt = {
        prompt: prompt.context,
        raw: '',
        extracted: null,
        usage: sumUsage(all),
        calls: all.length,
        latencyMs: Math.round(performance.now() - started),
        cached: all.every((r) => r.cached),
        endpoint: count.endpoint,
      };
      const contextTokens = count.usage.promptTokens;
      if (!(Number.isInteger(contextTokens) && contextTokens > 0)) {
        return failed('bad-logprobs', 'the server reported no prompt token count (usage.prompt_tokens) for the context', [attempt]);
      }
      const lls: number[] = [];
      const tokenCounts: number[] = [];
      const unspelled: number[] = [];
      const moved = prompt.context.slice(countedContext.length);
      for (let i = 0; i < echoed.length; i++) {
        const score = scoreContinuation(echoed[i], contextTokens, moved + prompt.continuations[i]);
        if (!score.ok) {
          const message = `choice "${prompt.choices[i]}": ${score.message}`;
          return failed(score.kind, message, [{ ...attempt, error: message }]);
        }
        lls.push(score.logprob);
        tokenCounts.push(score.tokens.length);
        if (!score.spelled) unspelled.push(i);
      }
      const { acc, accNorm } = pickChoices(lls, prompt.choices);
      const options = sample.options!;
      attempt.extracted = options[acc].key;
      attempt.loglikelihoods = lls;
      return {
        answer: options[acc].key,
        attempts: [attempt],
        details: {
          accNormAnswer: options[accNorm].key,
          ...lmEvalDetails(sample, shots),
          continuationTokens: tokenCounts,
          ...(unspelled.length ? { unspelledChoices: unspelled } : {}),
        },
      };
    },
    { checkServer: (ctx) => checkPromptLogprobs(ctx.generate), loadSplit },
  );
}
