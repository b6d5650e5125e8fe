import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreRouge } from '../src/scorers/rouge/rouge.js';

// End to end: the built CLI (`npx tsc -p tsconfig.json`, which `npm test` runs first) as a process.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
const vectorsFile = path.resolve(repoRoot, '..', 'shared', 'rouge-vectors', 'public.jsonl');

let dir: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with npx tsc -p tsconfig.json`);
  dir = mkdtempSync(path.join(tmpdir(), 'aloe-score-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'score', ...args], { encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

const jsonl = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const outputLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const good = [
  { id: 'note-1', prediction: 'Patient was dying.\nNo fever.', reference: 'The patient died.\nAfebrile, no fever.' },
  { prediction: 'BP 120/80 mmHg', reference: 'blood pressure 120 over 80' },
  { id: 7, prediction: 'cough', reference: 'Cough and fever' },
];

describe('aloe-eval score --metric rouge', () => {
  it('writes one line per input in order, in the documented shape, and the means on stderr', () => {
    const r = run(['--metric', 'rouge', '--input', file('good.jsonl', jsonl(good))]);
    expect(r.status).toBe(0);
    const lines = outputLines(r.stdout);
    expect(lines.map((l) => l.id)).toEqual(['note-1', 2, 7]); // no id → the line number
    lines.forEach((line, i) => {
      expect(Object.keys(line)).toEqual(['id', 'unstemmed', 'stemmed']);
      const expected = scoreRouge(good[i].prediction, good[i].reference);
      expect(line.unstemmed).toEqual(expected.unstemmed);
      expect(line.stemmed).toEqual(expected.stemmed);
      expect(Object.keys(line.stemmed as object)).toEqual(['rouge1', 'rouge2', 'rougeL', 'rougeLsum']);
    });
    const meanStemmedRouge1F =
      good.reduce((sum, g) => sum + scoreRouge(g.prediction, g.reference).stemmed.rouge1.fmeasure, 0) / good.length;
    expect(r.stderr).toContain('scored 3 of 3 lines');
    expect(r.stderr).toMatch(new RegExp(`stemmed +rouge1 +[0-9.]+ +[0-9.]+ +${meanStemmedRouge1F.toFixed(6)}`));
  });

  it('scores bad lines as errors naming the line, still writes the good ones, and exits 2', () => {
    const lines = [
      JSON.stringify(good[0]), // 1 ok
      JSON.stringify({ prediction: 'x', reference: ['a', 'b'] }), // 2 list
      '', // 3 blank: skipped, not an error
      JSON.stringify({ reference: 'y' }), // 4 missing prediction
      JSON.stringify({ prediction: 'x', reference: '  ' }), // 5 empty reference: scored 0, with a warning
      '{"prediction": "x", ', // 6 torn JSON
      '["x", "y"]', // 7 not an object
      JSON.stringify({ id: { a: 1 }, prediction: 'x', reference: 'y' }), // 8 bad id
      JSON.stringify({ prediction: 42, reference: 'y' }), // 9 number
      JSON.stringify(good[2]), // 10 ok
    ];
    const input = file('bad.jsonl', lines.join('\n') + '\n');
    const r = run(['--metric', 'rouge', '--input', input]);
    expect(r.status).toBe(2);
    expect(outputLines(r.stdout).map((l) => l.id)).toEqual(['note-1', 5, 7]);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('aloe-eval: ') && !l.startsWith('aloe-eval: warning:'));
    expect(errors).toEqual([
      `aloe-eval: ${input}:2: field "reference" is a list; this command takes one string per line (put each reference on its own line)`,
      `aloe-eval: ${input}:4: missing field "prediction" (a string)`,
      expect.stringMatching(new RegExp(`^aloe-eval: ${input}:6: not valid JSON`)),
      `aloe-eval: ${input}:7: expected a JSON object like {"prediction": "...", "reference": "..."}`,
      `aloe-eval: ${input}:8: field "id" must be a string or a number`,
      `aloe-eval: ${input}:9: field "prediction" must be a string, not number`,
      `aloe-eval: 6 of 9 lines of ${input} could not be scored (see above); the other 3 were written`,
    ]);
    expect(r.stderr).toContain('scored 3 of 9 lines');
    expect(r.stderr).toContain(`aloe-eval: warning: 1 of 3 scored lines of ${input} have an empty reference (line 5); they score 0, as in rouge_score\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports a line that is not UTF-8 and scores the rest', () => {
    const input = file(
      'latin1.jsonl',
      Buffer.concat([
        Buffer.from(JSON.stringify(good[1]) + '\n'),
        Buffer.from('{"prediction": "caf\xe9", "reference": "cafe"}\n', 'latin1'), // é as the single byte 0xE9
        Buffer.from(JSON.stringify(good[2]) + '\n'),
      ]),
    );
    const r = run(['--metric', 'rouge', '--input', input]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`aloe-eval: ${input}:2: not valid UTF-8 (save the file as UTF-8)`);
    expect(outputLines(r.stdout).map((l) => l.id)).toEqual([1, 7]);
  });

  it('accepts CRLF line ends and a UTF-8 byte-order mark', () => {
    const input = file('crlf.jsonl', '\ufeff' + good.map((g) => JSON.stringify(g)).join('\r\n') + '\r\n');
    const r = run(['--metric', 'rouge', '--input', input]);
    expect(r.status).toBe(0);
    expect(outputLines(r.stdout)).toHaveLength(3);
  });

  it('--output writes the lines to a file instead of stdout', () => {
    const output = path.join(dir, 'scores.jsonl');
    const r = run(['--metric', 'rouge', '--input', file('good2.jsonl', jsonl(good)), '--output', output]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(outputLines(readFileSync(output, 'utf8')).map((l) => l.id)).toEqual(['note-1', 2, 7]);
    expect(r.stderr).toContain('scored 3 of 3 lines');
  });

  it('reads stdin with --input -', () => {
    const r = run(['--metric', 'rouge', '--input', '-'], jsonl([good[2]]));
    expect(r.status).toBe(0);
    expect(outputLines(r.stdout)[0].id).toBe(7);
  });

  it('refuses an unknown metric, a missing file and an empty file with one line and exit 2', () => {
    const input = file('one.jsonl', jsonl([good[0]]));
    const unknown = run(['--metric', 'bleu', '--input', input]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('aloe-eval: unknown --metric "bleu"; supported: rouge, ifeval\n');
    const missing = run(['--metric', 'rouge', '--input', path.join(dir, 'nope.jsonl')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`aloe-eval: cannot read --input ${path.join(dir, 'nope.jsonl')}: no such file\n`);
    const empty = run(['--metric', 'rouge', '--input', file('empty.jsonl', '\n\n')]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/has no lines to score/);
  });

  it('an empty prediction scores 0 and counts in the mean; an empty reference scores 0 with one warning line', () => {
    const rows = [
      { id: 'a', prediction: 'the patient has a fever', reference: 'the patient has a fever' },
      { id: 'b', prediction: '', reference: 'the patient has a fever' }, // the model said nothing
      { id: 'c', prediction: '  \n', reference: 'cough' }, // blank
      { id: 'd', prediction: 'cough', reference: '' },
      { id: 'e', prediction: 'cough', reference: '' },
    ];
    const input = file('empties.jsonl', jsonl(rows));
    const r = run(['--metric', 'rouge', '--input', input]);
    expect(r.status).toBe(0);
    const lines = outputLines(r.stdout);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const zero = { precision: 0, recall: 0, fmeasure: 0 };
    for (const line of lines.slice(1)) {
      for (const setting of ['stemmed', 'unstemmed'] as const) {
        expect(line[setting]).toEqual({ rouge1: zero, rouge2: zero, rougeL: zero, rougeLsum: zero });
      }
    }
    expect(r.stderr).toContain('scored 5 of 5 lines');
    // One perfect line of five: the mean is 0.2, not 1.0 as it would be with the empties dropped.
    expect(r.stderr).toMatch(/stemmed +rouge1 +0\.200000 +0\.200000 +0\.200000/);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual([`aloe-eval: warning: 2 of 5 scored lines of ${input} have an empty reference (line 4, 5); they score 0, as in rouge_score`]);
  });

  it.skipIf(!existsSync(vectorsFile))('reproduces all 400 reference vectors, empties included, and rouge_score\'s means over them', () => {
    const rows = readFileSync(vectorsFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    type Pair = { id: string; prediction: string; reference: string; scores: Record<string, unknown> };
    const pairs = rows.filter((p) => p.kind === 'pair') as unknown as Pair[];
    type Means = Record<'use_stemmer_false' | 'use_stemmer_true', Record<string, number>>;
    const aggregate = rows.find((p) => p.kind === 'aggregate') as { mean_fmeasure: Means } | undefined;
    const empties = pairs.filter((p) => p.prediction.trim() === '' || p.reference.trim() === '');
    expect(empties.length, 'the vectors hold empty predictions and references').toBeGreaterThan(0);
    const input = file('vectors.jsonl', jsonl(pairs.map(({ id, prediction, reference }) => ({ id, prediction, reference }))));
    const r = run(['--metric', 'rouge', '--input', input]);
    expect(r.status).toBe(0);
    const lines = outputLines(r.stdout);
    expect(lines.map((l) => l.id)).toEqual(pairs.map((p) => p.id));
    lines.forEach((line, i) => {
      expect(line.unstemmed, pairs[i].id).toEqual(pairs[i].scores.use_stemmer_false);
      expect(line.stemmed, pairs[i].id).toEqual(pairs[i].scores.use_stemmer_true);
    });
    expect(r.stderr).toContain(`scored ${pairs.length} of ${pairs.length} lines`);
    const emptyRefs = pairs.filter((p) => p.reference.trim() === '').length;
    expect(r.stderr).toContain(`warning: ${emptyRefs} of ${pairs.length} scored lines`);
    expect(aggregate).toBeDefined();
    for (const [setting, label] of [['use_stemmer_true', 'stemmed'], ['use_stemmer_false', 'unstemmed']] as const) {
      for (const metric of ['rouge1', 'rouge2', 'rougeL', 'rougeLsum']) {
        // The output lines summed in file order give rouge_score's mean exactly; the printed one to 6 places.
        const outKey = label;
        const mean = lines.reduce((sum, l) => sum + (l[outKey] as Record<string, { fmeasure: number }>)[metric].fmeasure, 0) / lines.length;
        expect(mean, `${setting} ${metric}`).toBe(aggregate!.mean_fmeasure[setting][metric]);
        const printed = new RegExp(`^${label} +${metric} +[0-9.]+ +[0-9.]+ +([0-9.]+)$`, 'm').exec(r.stderr);
        expect(printed?.[1], `${label} ${metric}`).toBe(aggregate!.mean_fmeasure[setting][metric].toFixed(6));
      }
    }
  });
});
