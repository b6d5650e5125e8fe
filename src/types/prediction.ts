import type { ChatMessage, TokenUsage } from './endpoint.js';

/** One model call a strategy actually made, recorded exactly as sent and received. */
export interface Attempt {
  messages?: ChatMessage[];
  prompt?: string;
  /** Option keys in the order they were shown (choice-shuffle ensemble), e.g. ["C","A","D","B"]. */
  permutation?: string[];
  raw: string;
  /** The original option key this attempt answered (after mapping back), or null when unparsed. */
  extracted: string | null;
  finishReason?: string | null;
  usage: TokenUsage;
  latencyMs: number;
  cached?: boolean;
  endpoint?: string;
  error?: string;
  /** Per-choice loglikelihoods (loglik strategy). */
  loglikelihoods?: number[];
  /** Model calls this attempt stands for, when more than one (loglik: the context count plus one per choice). */
  calls?: number;
}

export interface Prediction {
  /** Multiple choice: the chosen original option key, or null when nothing could be parsed. */
  answer?: string | null;
  /** Open-ended: the generated text. */
  text?: string;
  attempts: Attempt[];
  /** Plurality vote counts per original key (ensembles). */
  votes?: Record<string, number>;
  /** Extra per-sample figures a strategy wants kept (acc_norm choice, retrieved example ids…). */
  details?: Record<string, unknown>;
  /** Set when the sample could not be solved (endpoint failure after retries, bad response…). */
  error?: { kind: string; message: string };
}
