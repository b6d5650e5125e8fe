import { describe, expect, test } from 'vitest';
import { extractAnswer } from '../src/strategies/mcqa/answer-extractor.js';
import { originalKey, showOptions } from '../src/strategies/mcqa/mcqa-format.js';

const shown = showOptions([
  { key: 'A', text: 'Escherichia coli' },
  { key: 'B', text: 'Staphylococcus saprophyticus' },
  { key: 'C', text: 'Proteus mirabilis' },
  { key: 'D', text: 'Klebsiella pneumoniae' },
]);

describe('extractAnswer', () => {
  test.each([
    ['Answer: C', 'C'],
    ['answer: c', 'C'],
    ['The answer is (B).', 'B'],
    ['Final answer: **D**', 'D'],
    ['The correct answer is D. Klebsiella pneumoniae', 'D'],
    ['**B**', 'B'],
    ['(C)', 'C'],
    ['C. Proteus mirabilis', 'C'],
    ['B', 'B'],
    ['B.', 'B'],
    ['Proteus mirabilis', 'C'],
    ['proteus mirabilis.', 'C'],
    ['Let me reason.\nThe organism is most likely:\nEscherichia coli', 'A'],
  ])('%j → %s', (reply, letter) => {
    expect(extractAnswer(reply, shown)).toBe(letter);
  });

  test('the last explicit answer wins, and an answer phrase beats a marked letter', () => {
    expect(extractAnswer('Answer: A. Wait, no. Answer: D', shown)).toBe('D');
    expect(extractAnswer('Option (A) is tempting, and (B) too, but the answer is C.', shown)).toBe('C');
    expect(extractAnswer('Answer: C\n(A) is wrong because of the pH.', shown)).toBe('C');
  });

  test('unparsed replies give null, never a guess', () => {
    for (const reply of ['', '   ', 'I am not sure.', 'A bacterium, probably.', 'Answer: E', 'Answer: As described above, it depends.', 'Both A and B could fit']) {
      expect(extractAnswer(reply, shown), reply).toBeNull();
    }
  });

  test('letters beyond the options shown are ignored', () => {
    const three = showOptions([
      { key: 'A', text: 'yes' },
      { key: 'B', text: 'no' },
      { key: 'C', text: 'maybe' },
    ]);
    expect(extractAnswer('Answer: D', three)).toBeNull();
    expect(extractAnswer('maybe', three)).toBe('C');
    expect(extractAnswer('Answer: no', three)).toBe('B');
  });
});

describe('permuted display maps back to original keys', () => {
  test('every permutation of four options', () => {
    const options = ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `text ${key}` }));
    const perms: string[][] = [];
    const permute = (rest: string[], acc: string[]) => (rest.length ? rest.forEach((k, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, k])) : perms.push(acc));
    permute(['A', 'B', 'C', 'D'], []);
    expect(perms).toHaveLength(24);
    for (const order of perms) {
      const display = showOptions(options, order);
      for (const d of display) {
        expect(originalKey(d.letter, options, order)).toBe(d.text.slice(-1));
      }
    }
  });
});
