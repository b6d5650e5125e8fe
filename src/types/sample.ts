/**
 * The normalised unit every benchmark is turned into. Adapters in `src/datasets/` produce it;
 * strategies and scorers consume it and never see a raw dataset record.
 */

/** One answer option. `key` is the stable original key (A, B, C…) and never changes under shuffling. */
export interface OptionItem {
  key: string;
  text: string;
}

/**
 * `gen`: free generation checked by rules, not against a reference text (IFEval, MATH);
 * `safety`: a request the model should answer or refuse (metadata.label = safe | unsafe), scored by
 * refusal, disclaimer and the judge.
 */
export type TaskKind = 'mcqa' | 'open' | 'gen' | 'safety';

/** One IFEval instruction: its id (e.g. "punctuation:no_comma") and its kwargs as in the dataset. */
export interface InstructionSpec {
  id: string;
  kwargs: Record<string, unknown>;
}

export type MetadataValue = string | number | boolean | null;

export interface Sample {
  /** Stable across runs and machines: the dataset's own id where it has one, else `<split>-<row index>`. */
  id: string;
  benchmark: string;
  kind: TaskKind;
  question: string;
  /** Extra text the question is about (PubMedQA abstract, a dialogue…). */
  context?: string;
  /** Multiple choice only, in the dataset's original order. */
  options?: OptionItem[];
  /** Multiple choice only: the key of the correct option. */
  answer?: string;
  /** Open-ended only: one or more reference texts. `gen` (MATH): the gold final answer. */
  references?: string[];
  /** `gen` (IFEval) only: the instructions the response must follow. */
  instructions?: InstructionSpec[];
  /** subject, category, year, section header… Reports break scores down by `subject` and `category`. */
  metadata: Record<string, MetadataValue>;
}
