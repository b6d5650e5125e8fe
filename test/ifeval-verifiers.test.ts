/**
 * IFEval verifiers, one block per instruction id, on hand-written responses whose verdicts were
 * worked out from the reference's check_following (google-research instruction_following_eval).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateIfeval, IfevalInputError, looseVariants } from '../src/scorers/ifeval/evaluate.js';
import { INSTRUCTIONS } from '../src/scorers/ifeval/registry.js';
import { countSentences } from '../src/scorers/ifeval/text.js';
import { wordTokenize } from '../src/scorers/ifeval/word-tokenize.js';
import { sharedDir } from './helpers/cli.js';

type Case = [kwargs: Record<string, unknown>, response: string, strict: boolean];

/** Strict verdict of one instruction on one response. */
function strict(id: string, kwargs: Record<string, unknown>, response: string): boolean {
  return evaluateIfeval({ instruction_id_list: [id], kwargs: [kwargs] }, response).strict.follow_instruction_list[0];
}

const CASES: Record<keyof typeof INSTRUCTIONS, Case[]> = {
  'keywords:existence': [
    [{ keywords: ['Banana', 'kiwi'] }, 'I like BANANA and kiwis.', true], // substring regex, any case
    [{ keywords: ['banana', 'kiwi'] }, 'Only a banana here.', false],
  ],
  'keywords:frequency': [
    [{ keyword: 'cat', frequency: 3, relation: 'at least' }, 'Cat, cat, CAT!', true],
    [{ keyword: 'cat', frequency: 3, relation: 'at least' }, 'cat cat', false],
    [{ keyword: 'cat', frequency: 2, relation: 'less than' }, 'a category', true], // one match (inside a word)
    [{ keyword: ' cat ', frequency: 2, relation: 'less than' }, 'cat concatenate', false], // keyword is stripped: 2 matches
  ],
  'keywords:forbidden_words': [
    [{ forbidden_words: ['red', 'blue'] }, 'A reddish sky.', true], // whole words only
    [{ forbidden_words: ['red', 'blue'] }, 'The sky is BLUE.', false],
    [{ forbidden_words: ['café'] }, 'cafés open', true], // Python's \b is Unicode: "é" then "s" is no boundary
  ],
  'keywords:letter_frequency': [
    [{ letter: 'z', let_frequency: 2, let_relation: 'at least' }, 'Zig zag', true],
    [{ letter: 'z', let_frequency: 2, let_relation: 'less than' }, 'Zig zag', false],
  ],
  'language:response_language': [
    [{ language: 'de' }, 'Ich wohne in Berlin und arbeite als Lehrer an einer großen Schule in der Stadt.', true],
    [{ language: 'de' }, 'I live in Berlin and work as a teacher at a large school in the city.', false],
    [{ language: 'sw' }, 'Habari za asubuhi. Mimi ni mwalimu na ninapenda kufundisha watoto wadogo shuleni kila siku.', true],
    [{ language: 'ne' }, 'म नेपालमा बस्छु र मलाई हिमालहरू धेरै मन पर्छ। हामी भोलि काठमाडौं जाँदैछौं।', true],
    [{ language: 'fr' }, '12345 !!!', true], // no features: LangDetectException counts as followed
  ],
  'length_constraints:number_sentences': [
    [{ num_sentences: 3, relation: 'at least' }, 'One. Two! Three?', true],
    [{ num_sentences: 3, relation: 'less than' }, 'One. Two! Three?', false],
    [{ num_sentences: 2, relation: 'less than' }, 'A heading\nwith no full stop', true], // a line end alone is no boundary
  ],
  'length_constraints:number_paragraphs': [
    [{ num_paragraphs: 2 }, 'First.\n***\nSecond.', true],
    [{ num_paragraphs: 2 }, '***\nFirst.\n***\nSecond.\n***', true], // empty ends are not counted
    [{ num_paragraphs: 2 }, 'First.\n***\n***\nSecond.', false], // an empty paragraph inside fails
  ],
  'length_constraints:number_words': [
    [{ num_words: 5, relation: 'at least' }, "It's a well-known fact.", true], // It, s, a, well, known, fact
    [{ num_words: 5, relation: 'less than' }, 'one two three four five', false],
  ],
  'length_constraints:nth_paragraph_first_word': [
    [{ num_paragraphs: 2, nth_paragraph: 2, first_word: 'Then' }, 'First part.\n\n"Then, more.', true],
    [{ num_paragraphs: 2, nth_paragraph: 2, first_word: 'then' }, 'First part.\n\nAfter that.', false],
    [{ num_paragraphs: 3, nth_paragraph: 2, first_word: 'then' }, 'First part.\n\nThen more.', false],
  ],
  'detectable_content:number_placeholders': [
    [{ num_placeholders: 2 }, 'Dear [name], at [address].', true],
    [{ num_placeholders: 2 }, 'Dear [name\n], at [address].', false], // a placeholder never spans lines
  ],
  'detectable_content:postscript': [
    [{ postscript_marker: 'P.S.' }, 'Body.\n\np.s. see you', true],
    [{ postscript_marker: 'P.P.S' }, 'Body.\nP. P. S thanks', true],
    [{ postscript_marker: 'P.S.' }, 'Body without one.', false],
  ],
  'detectable_format:number_bullet_lists': [
    [{ num_bullets: 2 }, '* one\n- two', true],
    [{ num_bullets: 2 }, '* one\n** not a bullet\n- two\n- three', false],
    [{ num_bullets: 1 }, '* one\r* two', true], // a lone "\r" is no line end for Python's re
  ],
  'detectable_format:constrained_response': [
    [{}, 'Well... My answer is maybe.', true],
    [{}, 'My answer is perhaps.', false],
  ],
  'detectable_format:number_highlighted_sections': [
    [{ num_highlights: 2 }, '*one* and *two*', true],
    [{ num_highlights: 1 }, '**bold**', true], // the double form counts once…
    [{ num_highlights: 2 }, '**bold**', false], // …the single form only finds the two empty "**" pairs
    [{ num_highlights: 2 }, '* * and *one*', false],
  ],
  'detectable_format:multiple_sections': [
    [{ section_spliter: 'Section', num_sections: 2 }, 'Section 1\nIntro\nSection 2\nBody', true],
    [{ section_spliter: 'SECTION', num_sections: 2 }, 'SECTION 1\nIntro\nSection 2', false],
  ],
  'detectable_format:json_format': [
    [{}, '```json\n{"a": [1, 2]}\n```', true],
    [{}, '{"a": NaN}', true], // Python's json.loads accepts NaN
    [{}, 'Here: {"a": 1}', false],
  ],
  'detectable_format:title': [
    [{}, '<<My Poem>>\nRoses...', true],
    [{}, '<< >>\n<<>>', false],
  ],
  'combination:two_responses': [
    [{}, 'Answer one.\n******\nAnswer two.', true],
    [{}, 'Same.\n******\nSame.', false],
    [{}, 'One.\n******\n******\nTwo.', false],
  ],
  'combination:repeat_prompt': [
    [{ prompt_to_repeat: 'Write a haiku.' }, '  write a HAIKU. Leaves fall...', true],
    [{ prompt_to_repeat: 'Write a haiku.' }, 'Sure! Write a haiku.', false],
  ],
  'startend:end_checker': [
    [{ end_phrase: 'Any other questions?' }, 'Done. any other questions?"  ', true],
    [{ end_phrase: 'Any other questions?' }, 'Any other questions? Bye.', false],
  ],
  'change_case:capital_word_frequency': [
    [{ capital_frequency: 3, capital_relation: 'at least' }, "I DON'T know", true], // I, DO, N'T
    [{ capital_frequency: 2, capital_relation: 'less than' }, 'WELL-KNOWN fact, OK', false], // hyphenated word is one token
  ],
  'change_case:english_capital': [
    [{}, 'THIS IS A TEST OF THE EMERGENCY BROADCAST SYSTEM.', true],
    [{}, 'THIS IS A Test.', false],
  ],
  'change_case:english_lowercase': [
    [{}, 'this is a test of the emergency broadcast system.', true],
    [{}, 'this is a Test.', false],
    [{}, 'ich wohne in berlin und arbeite als lehrer an einer großen schule in der stadt.', false], // lower case, not English
  ],
  'punctuation:no_comma': [
    [{}, 'No commas here', true],
    [{}, 'One, two', false],
  ],
  'startend:quotation': [
    [{}, ' "wrapped" ', true],
    [{}, '"', false],
  ],
};

describe('IFEval verifiers, per instruction id', () => {
  for (const [id, cases] of Object.entries(CASES)) {
    it(id, () => {
      for (const [kwargs, response, expected] of cases) expect({ response, verdict: strict(id, kwargs, response) }).toEqual({ response, verdict: expected });
    });
  }

  it('covers all 25 registered ids', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(INSTRUCTIONS).sort());
    expect(Object.keys(INSTRUCTIONS)).toHaveLength(25);
  });
});

describe('strict and loose, as evaluation_lib', () => {
  it('makes the eight loose variants in the reference order', () => {
    expect(looseVariants('Sure!\n*Body*\nBye')).toEqual(['Sure!\n*Body*\nBye', 'Sure!\nBody\nBye', '*Body*\nBye', 'Sure!\n*Body*', '*Body*', 'Body\nBye', 'Sure!\nBody', 'Body']);
  });

  it('passes loose when a variant does: a chatty first line, markdown stars', () => {
    const item = { instruction_id_list: ['startend:quotation', 'punctuation:no_comma', 'detectable_format:title'], kwargs: [{}, {}, {}] };
    const v = evaluateIfeval(item, 'Sure, here it is:\n"A quiet poem"');
    expect(v.strict).toEqual({ follow_all_instructions: false, follow_instruction_list: [false, false, false] });
    expect(v.loose).toEqual({ follow_all_instructions: false, follow_instruction_list: [true, true, false] });
    const stars = evaluateIfeval({ instruction_id_list: ['startend:end_checker'], kwargs: [{ end_phrase: 'The end.' }] }, 'Story... **The end.**');
    expect([stars.strict.follow_all_instructions, stars.loose.follow_all_instructions]).toEqual([false, true]);
  });

  it('scores an empty or all-space response as following nothing, strict and loose', () => {
    const v = evaluateIfeval({ instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] }, '  \n ');
    expect([v.strict.follow_all_instructions, v.loose.follow_all_instructions]).toEqual([false, false]);
  });

  it('drops null kwargs (the Hub copy lists every key) and names what is wrong with a bad row', () => {
    const hubStyle = { instruction_id_list: ['punctuation:no_comma'], kwargs: [{ num_words: null, language: null }] };
    expect(evaluateIfeval(hubStyle, 'fine').strict.follow_all_instructions).toBe(true);
    expect(() => evaluateIfeval({ instruction_id_list: ['keywords:rhyme'], kwargs: [{}] }, 'x')).toThrow(/unknown instruction id "keywords:rhyme"/);
    expect(() => evaluateIfeval({ instruction_id_list: ['length_constraints:number_words'], kwargs: [{ relation: 'at least' }] }, 'x')).toThrow(IfevalInputError);
    expect(() => evaluateIfeval({ instruction_id_list: ['length_constraints:number_words'], kwargs: [{ num_words: 3, relation: 'at most' }] }, 'x')).toThrow(/"less than" or "at least"/);
    expect(() => evaluateIfeval({ instruction_id_list: ['punctuation:no_comma'], kwargs: [] }, 'x')).toThrow(/one object per instruction/);
  });
});

describe('library stand-ins', () => {
  it('splits words as NLTK word_tokenize does for contractions, commas and brackets', () => {
    expect(wordTokenize("I DON'T know, CANNOT go (NOW) A,B 3,000")).toEqual(['I', 'DO', "N'T", 'know', ',', 'CAN', 'NOT', 'go', '(', 'NOW', ')', 'A', ',', 'B', '3,000']);
  });

  it('counts sentences across line ends like Punkt, not per line', () => {
    expect(countSentences('One line\nand the same sentence. Second one!')).toBe(2);
    expect(countSentences('Dr. Smith arrived. He sat down.')).toBe(2); // no break after a title, as Punkt
    expect(countSentences('It costs 3.5 dollars. Yes. Wait... what?')).toBe(3);
  });
});

const realFile = join(sharedDir, 'datasets', 'ifeval', 'input_data.jsonl');

describe.skipIf(!existsSync(realFile))('the real IFEval prompts (../shared/datasets/ifeval)', () => {
  const rows = existsSync(realFile) ? readFileSync(realFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];

  it('has the official 541 rows, every instruction id has a verifier, every row builds', () => {
    expect(rows).toHaveLength(541);
    const ids = new Set(rows.flatMap((r) => r.instruction_id_list as string[]));
    expect([...ids].filter((id) => !(id in INSTRUCTIONS))).toEqual([]);
    expect(ids.size).toBe(25);
    for (const r of rows) expect(() => evaluateIfeval(r, 'x')).not.toThrow();
  });
});
