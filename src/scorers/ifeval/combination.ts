/** combination: two_responses, repeat_prompt. */
import { strArg, type Instruction } from './instruction.js';
import { pyStrip } from './text.js';

/** TwoResponsesChecker: two different non-empty answers around `******`, nothing empty in between. */
export const twoResponses: Instruction = {
  args: [],
  build: () => (response) => {
    const parts = response.split('******');
    const valid: string[] = [];
    for (const [i, part] of parts.entries()) {
      if (pyStrip(part) !== '') valid.push(part);
      else if (i !== 0 && i !== parts.length - 1) return false;
    }
    return valid.length === 2 && pyStrip(valid[0]) !== pyStrip(valid[1]);
  },
};

/** RepeatPromptThenAnswer: the response starts with the request, case-insensitively. */
export const repeatPrompt: Instruction = {
  args: ['prompt_to_repeat'],
  build(kwargs) {
    const prompt = pyStrip(strArg(kwargs, 'prompt_to_repeat')).toLowerCase();
    return (response) => pyStrip(response).toLowerCase().startsWith(prompt);
  },
};
