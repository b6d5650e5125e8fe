/** `aloe-eval score --metric ifeval` end to end: the built CLI as a process. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, sharedDir } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: build first with npm run build`);
  dir = mkdtempSync(path.join(tmpdir(), 'aloe-ifeval-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function score(rows: unknown[] | string, extra: string[] = []) {
  const file = path.join(dir, `in-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, typeof rows === 'string' ? rows : rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = spawnSync(process.execPath, [cliPath, 'score', '--metric', 'ifeval', '--input', file, ...extra], { encoding: 'utf8' });
  const lines = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  return { status: r.status, stderr: r.stderr, lines, file };
}

const rows = [
  { key: 1, prompt: 'p1', instruction_id_list: ['punctuation:no_comma', 'startend:quotation'], kwargs: [{}, {}], response: 'Sure, here:\n"no commas in here"' },
  { key: 2, prompt: 'p2', instruction_id_list: ['length_constraints:number_words'], kwargs: [{ num_words: 3, relation: 'at least', language: null }], response: 'one two three' },
  { key: 3, prompt: 'p3', instruction_id_list: ['detectable_format:title'], kwargs: [{}], response: '' },
];

describe('aloe-eval score --metric ifeval', () => {
  it('writes the strict and loose verdicts per line under the reference names, and the four metrics on stderr', () => {
    const r = score(rows);
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      {
        key: 1,
        instruction_id_list: ['punctuation:no_comma', 'startend:quotation'],
        strict: { follow_all_instructions: false, follow_instruction_list: [false, false] },
        loose: { follow_all_instructions: true, follow_instruction_list: [true, true] },
      },
      {
        key: 2,
        instruction_id_list: ['length_constraints:number_words'],
        strict: { follow_all_instructions: true, follow_instruction_list: [true] },
        loose: { follow_all_instructions: true, follow_instruction_list: [true] },
      },
      // An empty response is scored (it follows nothing), never dropped.
      {
        key: 3,
        instruction_id_list: ['detectable_format:title'],
        strict: { follow_all_instructions: false, follow_instruction_list: [false] },
        loose: { follow_all_instructions: false, follow_instruction_list: [false] },
      },
    ]);
    expect(r.stderr).toContain('scored 3 of 3 lines');
    expect(r.stderr).toMatch(/prompt_level_strict_acc\s+0\.333333/);
    expect(r.stderr).toMatch(/inst_level_strict_acc\s+0\.250000/); // 1 of 4 instructions
    expect(r.stderr).toMatch(/prompt_level_loose_acc\s+0\.666667/);
    expect(r.stderr).toMatch(/inst_level_loose_acc\s+0\.750000/);
  });

  it('reports bad lines by file and line, scores the rest, and exits 2', () => {
    const bad = [
      rows[1],
      { key: 9, instruction_id_list: ['keywords:rhyme'], kwargs: [{}], response: 'x' },
      { key: 10, instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
      { key: 11, instruction_id_list: ['length_constraints:number_words'], kwargs: [{ relation: 'at least' }], response: 'x' },
    ];
    const r = score(bad);
    expect(r.status).toBe(2);
    expect(r.lines.map((l) => l.key)).toEqual([2]);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('aloe-eval: '));
    expect(errors[0]).toBe(`aloe-eval: ${r.file}:2: unknown instruction id "keywords:rhyme" (known: the 25 ids of IFEval, docs/ifeval-and-math.md)`);
    expect(errors[1]).toBe(`aloe-eval: ${r.file}:3: missing field "response" (a string; "" for an empty answer)`);
    expect(errors[2]).toBe(`aloe-eval: ${r.file}:4: instruction 0 (length_constraints:number_words) needs kwarg "num_words"`);
    expect(r.stderr).toContain('3 of 4 lines');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  const real = path.join(sharedDir, 'datasets', 'ifeval', 'input_data.jsonl');
  it.skipIf(!existsSync(real))('scores all 541 real prompts; a response repeating the request follows repeat_prompt', () => {
    const input = readFileSync(real, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((row) => {
        const repeat = row.kwargs.find((k: Record<string, unknown>) => typeof k.prompt_to_repeat === 'string')?.prompt_to_repeat;
        return { ...row, response: repeat ? `${repeat}\nMy answer.` : row.prompt };
      });
    const r = score(input);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(541);
    // 41 repeat_prompt instructions in the file.
    const repeat = r.lines.flatMap((l) => l.instruction_id_list.map((id: string, i: number) => [id, l.strict.follow_instruction_list[i]])).filter(([id]) => id === 'combination:repeat_prompt');
    expect(repeat.length).toBe(41);
    expect(repeat.filter(([, ok]) => !ok)).toEqual([]);
  });
});
