import type { ChatMessage } from '../../types/endpoint.js';

/**
 * Flattens chat turns into one text-completions prompt for `--api completions` (servers or
 * base models without a chat template): turns separated by blank lines, then `cue`
 * (e.g. "Answer:") on its own line so the model continues with the answer.
 */
export function chatToPrompt(messages: readonly ChatMessage[], cue: string): string {
  const body = messages.map((m) => m.content.trim()).filter((t) => t !== '').join('\n\n');
  return cue ? `${body}\n${cue}` : `${body}\n`;
}
