/** What strategies may ask of a model. They never see HTTP: the runner hands them these functions. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface GenerateRequest {
  /** Chat completion when set; otherwise `prompt` goes to the text completions route. */
  messages?: ChatMessage[];
  prompt?: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
  /** Text completions only: ask for prompt logprobs (loglikelihood scoring). */
  echo?: boolean;
  logprobs?: number;
  /**
   * Distinguishes otherwise identical sampled requests in the response cache
   * (e.g. the position of a call inside an ensemble). Never sent to the server.
   */
  cacheTag?: string;
}

export interface TokenLogprobs {
  tokens: string[];
  /** null where the server gave none (the first prompt token, usually). */
  tokenLogprobs: (number | null)[];
  /** Character offset of each token in the returned text. */
  textOffset: number[];
}

export interface GenerateResult {
  text: string;
  finishReason: string | null;
  usage: TokenUsage;
  latencyMs: number;
  /** True when the answer came from the response cache, not the server. */
  cached: boolean;
  /** Which replica served it (host:port), when several are configured. */
  endpoint?: string;
  logprobs?: TokenLogprobs;
}

export type Generate = (request: GenerateRequest) => Promise<GenerateResult>;

/** Embeds texts; vectors are L2-normalised by the caller when it needs cosine similarity. */
export type Embed = (texts: string[]) => Promise<Float32Array[]>;

/**
 * Scores each document's relevance to the query with a reranker (cross-encoder): one number per
 * document, in document order, higher = more relevant. Present only when a reranker is configured.
 */
export type Rerank = (query: string, documents: string[]) => Promise<number[]>;
