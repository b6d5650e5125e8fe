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
      JSON.stringify({ prediction: 'x', reference: '  ' }), // 5 empty
      '{"prediction": "x", ', // 6 torn JSON
      '["x", "y"]', // 7 not an object
      JSON.stringify({ id: { a: 1 }, prediction: 'x', reference: 'y' }), // 8 bad id
      JSON.stringify({ prediction: 42, reference: 'y' }), // 9 number
      JSON.stringify(good[2]), // 10 ok
    ];
    const input = file('bad.jsonl', lines.join('\n') + '\n');
    const r = run(['--metric', 'rouge', '--input', input]);
    expect(r.status).toBe(2);
    expect(outputLines(r.stdout).map((l) => l.id)).toEqual(['note-1', 7]);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('aloe-eval: '));
    expect(errors).toEqual([
      `aloe-eval: ${input}:2: field "reference" is a list; this command takes one string per line (put each reference on its own line)`,
      `aloe-eval: ${input}:4: missing field "prediction" (a string)`,
      `aloe-eval: ${input}:5: field "reference" is empty`,
      expect.stringMatching(new RegExp(`^aloe-eval: ${input}:6: not valid JSON`)),
      `aloe-eval: ${input}:7: expected a JSON object like {"prediction": "...", "reference": "..."}`,
      `aloe-eval: ${input}:8: field "id" must be a string or a number`,
      `aloe-eval: ${input}:9: field "prediction" must be a string, not number`,
      `aloe-eval: 7 of 9 lines of ${input} could not be scored (see above); the other 2 were written`,
    ]);
    expect(r.stderr).toContain('scored 2 of 9 lines');
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

  it.skipIf(!existsSync(vectorsFile))('reproduces the 400 reference vectors through the CLI (JSON round trip)', () => {
    const pairs = readFileSync(vectorsFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { kind: string; id: string; prediction: string; reference: string; scores: Record<string, unknown> })
      .filter((p) => p.kind === 'pair');
    const input = file('vectors.jsonl', jsonl(pairs.map(({ id, prediction, reference }) => ({ id, prediction, reference }))));
    const r = run(['--metric', 'rouge', '--input', input]);
    // Empty predictions/references are bad input for this command (see docs), so those pairs are
    // reported and skipped; every other pair must match the reference exactly.
    const byId = new Map(outputLines(r.stdout).map((l) => [l.id, l]));
    let compared = 0;
    for (const pair of pairs) {
      const line = byId.get(pair.id);
      if (!line) {
        expect(pair.prediction.trim() === '' || pair.reference.trim() === '', `${pair.id} was not scored`).toBe(true);
        continue;
      }
      expect(line.unstemmed, pair.id).toEqual(pair.scores.use_stemmer_false);
      expect(line.stemmed, pair.id).toEqual(pair.scores.use_stemmer_true);
      compared++;
    }
    expect(compared).toBeGreaterThan(380);
    expect(r.status).toBe(compared === pairs.length ? 0 : 2);
  });
});
