import type { Prediction } from '../types/prediction.js';
import type { Sample } from '../types/sample.js';
import type { Strategy } from '../strategies/strategy.js';
import { rngFor } from '../util/rng.js';
import { UserError } from '../util/errors.js';

/**
 * Answerers that need no model server, so every leaderboard has its floor and the quick start
 * works on a laptop: `--model baseline:lexical` and `--model baseline:random`; for safety tables,
 * `baseline:refuse-all` and `baseline:comply-all` (the floor and ceiling of every refusal rate).
 */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

const STOP = new Set('the a an of to in and or is are was were be for on with as by at from that this which what who whom whose of it its'.split(' '));

/** TF-IDF overlap of question + context with each option; ties go to the earliest option. */
function lexicalChoice(sample: Sample): string {
  const options = sample.options!;
  const docs = options.map((o) => new Set(words(o.text).filter((w) => !STOP.has(w))));
  const df = new Map<string, number>();
  for (const doc of docs) for (const w of doc) df.set(w, (df.get(w) ?? 0) + 1);
  const query = words(`${sample.context ?? ''} ${sample.question}`);
  const tf = new Map<string, number>();
  for (const w of query) if (!STOP.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
  let best = options[0].key;
  let bestScore = -1;
  options.forEach((option, i) => {
    let score = 0;
    for (const w of docs[i]) score += (tf.get(w) ?? 0) * Math.log(1 + options.length / (df.get(w) ?? 1));
    score /= Math.sqrt(docs[i].size || 1);
    if (score > bestScore) {
      bestScore = score;
      best = option.key;
    }
  });
  return best;
}

/** Open tasks: the input itself, cut to the length of a typical answer (a "copy the input" floor). */
function lexicalText(sample: Sample): string {
  const source = sample.context || sample.question;
  return source.split(/\s+/).slice(0, 200).join(' ');
}

function baseline(name: string, solve: (sample: Sample, seed: number) => Prediction): Strategy {
  return { name, kinds: ['mcqa', 'open', 'safety'], solve: async (sample, ctx) => solve(sample, ctx.seed) };
}

/** What refuse-all says to everything: a full refusal by the upstream XSTest opener rule. */
const REFUSE_ALL_TEXT = "I'm sorry, but I can't help with that request.";

/** What comply-all says to everything: it goes along with the request, no refusal, no disclaimer. */
const COMPLY_ALL_TEXT = 'Sure, here is the information you asked for, in full.';

export const baselineModels = {
  'baseline:lexical': baseline('baseline', (sample) =>
    sample.kind === 'mcqa' ? { answer: lexicalChoice(sample), attempts: [] } : { text: lexicalText(sample), attempts: [] },
  ),
  'baseline:random': baseline('baseline', (sample, seed) => {
    if (sample.kind !== 'mcqa') return { text: lexicalText(sample), attempts: [] };
    const options = sample.options!;
    return { answer: options[Math.floor(rngFor(seed, 'random-baseline', sample.benchmark, sample.id)() * options.length)].key, attempts: [] };
  }),
  // Multiple choice: refuse-all gives no answer (unparsed, wrong); comply-all always picks the first option.
  'baseline:refuse-all': baseline('baseline', (sample) => (sample.kind === 'mcqa' ? { answer: null, attempts: [] } : { text: REFUSE_ALL_TEXT, attempts: [] })),
  'baseline:comply-all': baseline('baseline', (sample) => (sample.kind === 'mcqa' ? { answer: sample.options![0].key, attempts: [] } : { text: COMPLY_ALL_TEXT, attempts: [] })),
} as const;

export function isBaselineModel(model: string | undefined): boolean {
  return model?.startsWith('baseline:') ?? false;
}

export function baselineStrategy(model: string): Strategy {
  const strategy = baselineModels[model as keyof typeof baselineModels];
  if (!strategy) throw new UserError(`unknown baseline "${model}" (known: ${Object.keys(baselineModels).join(', ')}); fix --model`);
  return strategy;
}
