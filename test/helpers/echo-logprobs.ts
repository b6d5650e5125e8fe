/**
 * Echo logprobs as a word-tokenizing completions server returns them, for the loglik tests and
 * bench: the prompt's tokens (one per word with its leading whitespace, the count the fake
 * server's usage reports), then one generated " x"; the first token has no logprob (null).
 */
import type { TokenLogprobs } from '../../src/types/endpoint.js';
import type { ChatBody, ScriptedReply } from './fake-openai.js';

/** One token per word with its leading whitespace. */
export const words = (text: string): string[] => text.match(/\s*\S+/g) ?? [];

/** The logprob of token `i` of `tokens` (the prompt's, then the generated " x"). */
export type TokenScore = (token: string, i: number, tokens: readonly string[]) => number;

export function echoLogprobs(prompt: string, score: TokenScore): TokenLogprobs {
  const tokens = [...words(prompt), ' x'];
  let at = 0;
  const textOffset = tokens.map((t) => ((at += t.length), at - t.length));
  return { tokens, tokenLogprobs: tokens.map((t, i) => (i === 0 ? null : score(t, i, tokens))), textOffset };
}

/** The last prompt token (the choice) scored by `table` (-9 when not in it), every other token `other`. */
export const choiceTable =
  (table: Record<string, number>, other: number): TokenScore =>
  (token, i, tokens) =>
    i === tokens.length - 2 ? (table[token.trim()] ?? -9) : other;

/** A fake-openai `reply`: " x", with echo logprobs (wire format) when the request asks for echo and logprobs. */
export function echoReply(score: TokenScore): (body: ChatBody) => string | ScriptedReply {
  return (body) => {
    if (!body.echo || !body.logprobs) return ' x';
    const lp = echoLogprobs(String(body.prompt ?? ''), score);
    return { text: ' x', logprobs: { tokens: lp.tokens, token_logprobs: lp.tokenLogprobs, text_offset: lp.textOffset, top_logprobs: null } };
  };
}
