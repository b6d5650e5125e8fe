import type { SampleRecord } from '../../types/results.js';
import { SampleStatus, type CompactAttempt, type CompactDetail, type CompactSample, type SampleStatusCode } from './report-data.js';

/** correct / wrong / unparsed / error, or "scored" for open tasks (a score, no right or wrong). */
export function statusOf(record: SampleRecord): SampleStatusCode {
  if (record.error) return SampleStatus.error;
  if (record.unparsed) return SampleStatus.unparsed;
  if (record.correct === true) return SampleStatus.correct;
  if (record.correct === false) return SampleStatus.wrong;
  return SampleStatus.scored;
}

/**
 * Encodes samples into the page's compact form. Every text goes through one string table, so a
 * system prompt or few-shot block repeated in 100,000 messages is stored once; texts longer than
 * `maxChars` are cut with a note. `bytes` estimates the JSON size of everything encoded so far.
 */
export class SampleEncoder {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  bytes = 0;
  truncated = 0;

  constructor(private readonly maxChars: number) {}

  ref(text: string): number {
    let i = this.index.get(text);
    if (i !== undefined) return i;
    let stored = text;
    if (text.length > this.maxChars) {
      stored = `${text.slice(0, this.maxChars)}\n… [${text.length - this.maxChars} more characters not shown here; the full text is in samples.jsonl]`;
      this.truncated++;
    }
    i = this.strings.length;
    this.strings.push(stored);
    this.index.set(text, i);
    this.bytes += JSON.stringify(stored).length + 1;
    return i;
  }

  encode(record: SampleRecord, row: number, benchmark: number): CompactSample {
    const str = (v: unknown): number => this.ref(typeof v === 'string' ? v : JSON.stringify(v) ?? '');
    const detail: CompactDetail = {
      at: (record.attempts ?? []).map((a) => {
        const out: CompactAttempt = { r: str(a.raw ?? ''), x: a.extracted ?? null, u: [a.usage?.promptTokens ?? 0, a.usage?.completionTokens ?? 0], l: a.latencyMs ?? 0 };
        if (a.messages) out.m = a.messages.map((m) => [String(m.role), str(m.content)]);
        if (a.prompt !== undefined) out.p = str(a.prompt);
        if (a.permutation) out.pm = a.permutation.map(String);
        if (a.finishReason !== undefined) out.f = a.finishReason;
        if (a.cached) out.c = true;
        if (a.error) out.e = str(a.error);
        if (a.loglikelihoods) out.ll = a.loglikelihoods;
        return out;
      }),
      u: [record.usage?.calls ?? 0, record.usage?.promptTokens ?? 0, record.usage?.completionTokens ?? 0],
      l: record.latencyMs ?? 0,
    };
    if (record.context !== undefined) detail.c = str(record.context);
    if (record.options) detail.o = record.options.map((o) => [String(o.key), str(o.text)]);
    if (record.gold !== undefined) detail.g = String(record.gold);
    if (record.answer !== undefined) detail.a = record.answer === null ? null : String(record.answer);
    if (record.text !== undefined) detail.t = str(record.text);
    if (record.references) detail.r = record.references.map(str);
    if (record.scores) detail.s = record.scores;
    const meta = Object.entries(record.metadata ?? {});
    if (meta.length > 0) detail.m = meta.map(([k, v]) => [k, str(v === null ? 'null' : String(v))]);
    if (record.votes) detail.v = record.votes;
    if (record.details && Object.keys(record.details).length > 0) detail.d = str(JSON.stringify(record.details));
    if (record.error) detail.e = [str(record.error.kind), str(record.error.message)];
    if (record.safety) {
      const { label, refusal, disclaimer } = record.safety;
      detail.sf = [String(label), String(refusal.class), String(refusal.pattern), disclaimer.present ? String(disclaimer.pattern ?? 'yes') : ''];
    }
    if (record.judge) {
      const j = record.judge;
      detail.j = { b: String(j.rubric), md: String(j.model), p: str(j.prompt), w: str(j.raw), v: j.verdict };
      if (j.error) detail.j.e = str(j.error);
    }
    const sample: CompactSample = [row, benchmark, str(record.id), statusOf(record), record.score ?? 0, str(record.question ?? ''), detail];
    // Strings were counted as they entered the table; add the record's own structure.
    this.bytes += JSON.stringify(sample).length + 1;
    return sample;
  }
}
