import type { SampleRecord } from '../types/results.js';
import type { RunReporter } from './execute-run.js';

interface Counters {
  total: number;
  finished: number;
  scored: number;
  correct: number;
  errors: number;
  startedAt: number;
}

export function newCounters(): Counters {
  return { total: 0, finished: 0, scored: 0, correct: 0, errors: 0, startedAt: Date.now() };
}

export function count(c: Counters, record: SampleRecord): void {
  c.finished++;
  if (record.error) c.errors++;
  else {
    c.scored++;
    c.correct += record.score;
  }
}

/** The running score: the mean over the samples scored so far, or '-' before the first. */
export function runningScore(c: Counters): string {
  return c.scored ? (c.correct / c.scored).toFixed(3) : '-';
}

export function eta(c: Counters, fresh: number): string {
  const elapsed = (Date.now() - c.startedAt) / 1000;
  if (fresh === 0 || elapsed === 0) return '?';
  const left = ((c.total - c.finished) * elapsed) / fresh;
  return left < 90 ? `${Math.round(left)}s` : `${Math.round(left / 60)}m`;
}

/** Plain periodic lines for CI logs: one every `everyMs`, and one at the end. */
export function lineReporter(write: (line: string) => void = (l) => process.stderr.write(l + '\n'), everyMs = 10_000): RunReporter {
  const c = newCounters();
  let already = 0;
  let last = 0;
  const line = () =>
    write(
      `progress ${c.finished}/${c.total} (${Math.round((100 * c.finished) / Math.max(1, c.total))}%), ` +
        `score ${runningScore(c)}, errors ${c.errors}, ETA ${eta(c, c.finished - already)}`,
    );
  return {
    onStart({ total, alreadyDone, runDir }) {
      c.total = total;
      c.finished = already = alreadyDone;
      last = Date.now();
      write(`run ${runDir}: ${total} samples${alreadyDone ? `, ${alreadyDone} already done (resuming)` : ''}`);
    },
    onSample(record) {
      count(c, record);
      if (Date.now() - last >= everyMs) {
        last = Date.now();
        line();
      }
    },
    onEnd() {
      line();
    },
  };
}
