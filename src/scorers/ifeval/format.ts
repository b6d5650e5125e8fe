/**
 * detectable_format: number_bullet_lists, constrained_response, number_highlighted_sections,
 * multiple_sections, json_format, title.
 */
import { intArg, strArg, type Instruction } from './instruction.js';
import { parsePythonJson } from './python-json.js';
import { pyStrip, stripChars, userRegex } from './text.js';

// Python's re.MULTILINE `^`/`$` see only "\n" as a line end (JavaScript's also "\r", U+2028,
// U+2029), hence the look-arounds. `\s*` may run over line ends and `[^\*]` may be a newline,
// exactly as in the reference.
const STAR_BULLET = /(?<![^\n])\s*\*[^*][^\n]*(?![^\n])/gu;
const DASH_BULLET = /(?<![^\n])\s*-[^\n]*(?![^\n])/gu;

/** BulletListChecker: exactly N lines starting with `*` or `-`. */
export const numberBulletLists: Instruction = {
  args: ['num_bullets'],
  build(kwargs) {
    const expected = intArg(kwargs, 'num_bullets');
    return (response) => (response.match(STAR_BULLET)?.length ?? 0) + (response.match(DASH_BULLET)?.length ?? 0) === expected;
  },
};

const CONSTRAINED = ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'];

/** ConstrainedResponseChecker: one of the three answers appears anywhere. */
export const constrainedResponse: Instruction = {
  args: [],
  build: () => (response) => {
    const value = pyStrip(response);
    return CONSTRAINED.some((c) => value.includes(c));
  },
};

const SINGLE = /\*[^\n*]*\*/g;
const DOUBLE = /\*\*[^\n*]*\*\*/g;

/** HighlightSectionChecker: `*x*` and `**x**` spans with text inside, each family counted separately. */
export const numberHighlightedSections: Instruction = {
  args: ['num_highlights'],
  build(kwargs) {
    const min = intArg(kwargs, 'num_highlights');
    return (response) => {
      let n = 0;
      for (const h of response.match(SINGLE) ?? []) if (pyStrip(stripChars(h, '*')) !== '') n++;
      for (const h of response.match(DOUBLE) ?? []) if (pyStrip(h.slice(2, -2)) !== '') n++;
      return n >= min;
    };
  },
};

/** SectionChecker: matches of `\s?SPLITTER\s?\d+\s?` (the reference counts re.split pieces minus one). */
export const multipleSections: Instruction = {
  args: ['section_spliter', 'num_sections'],
  build(kwargs) {
    const splitter = pyStrip(strArg(kwargs, 'section_spliter'));
    const min = intArg(kwargs, 'num_sections');
    const pattern = userRegex(`\\s?${splitter}\\s?\\p{Nd}+\\s?`, 'gu');
    return (response) => (response.match(pattern)?.length ?? 0) >= min;
  },
};

/** JsonFormat: the whole response, less ``` fences, parses as JSON (Python's json.loads). */
export const jsonFormat: Instruction = {
  args: [],
  build: () => (response) => {
    let value = pyStrip(response);
    for (const prefix of ['```json', '```Json', '```JSON', '```']) if (value.startsWith(prefix)) value = value.slice(prefix.length);
    if (value.endsWith('```')) value = value.slice(0, -3);
    return parsePythonJson(pyStrip(value));
  },
};

const TITLE = /<<[^\n]+>>/g;

/** TitleChecker: a `<<title>>` with something inside. */
export const title: Instruction = {
  args: [],
  build: () => (response) => (response.match(TITLE) ?? []).some((t) => pyStrip(stripChars(stripChars(t, '<', 'left'), '>', 'right')) !== ''),
};
