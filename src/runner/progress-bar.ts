/** The live progress bar, in a module of its own: only a terminal run loads cli-progress. */
import cliProgress from 'cli-progress';
import type { RunReporter } from './execute-run.js';
import { count, eta, newCounters, runningScore } from './progress.js';

/** A live bar for terminals: done/total, rate, ETA, running score, errors. */
export function barReporter(stream: NodeJS.WriteStream = process.stderr): RunReporter {
  const c = newCounters();
  let already = 0;
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {bar} {value}/{total} | {rate}/s | ETA {eta_text} | score {score} | errors {errors}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => ({
    rate: ((c.finished - already) / Math.max(0.001, (Date.now() - c.startedAt) / 1000)).toFixed(1),
    eta_text: eta(c, c.finished - already),
    score: runningScore(c),
    errors: c.errors,
  });
  return {
    onStart({ total, alreadyDone }) {
      c.total = total;
      c.finished = already = alreadyDone;
      bar.start(total, alreadyDone, payload());
    },
    onSample(record) {
      count(c, record);
      bar.update(c.finished, payload());
    },
    onEnd() {
      bar.stop();
    },
  };
}
