/**
 * `aloe-eval score --metric ifeval`: IFEval verdicts for responses made elsewhere. A line is the
 * reference's input row plus the response: `{"key", "prompt", "instruction_id_list", "kwargs",
 * "response"}` (`key` and `prompt` optional). Each good line gives
 * `{"key", "instruction_id_list", "strict": {"follow_all_instructions", "follow_instruction_list"},
 * "loose": {…}}` (evaluation_lib's names); the four leaderboard metrics go to stderr. An empty
 * response is a line like any other: it follows nothing.
 */
import { evaluateIfeval, type IfevalItem, type IfevalVerdicts } from '../../scorers/ifeval/evaluate.js';
import { ifevalMetrics } from '../../scorers/ifeval/metrics.js';
import type { LineMetric } from './score-lines.js';

interface IfevalLine extends IfevalItem {
  key: string | number;
  response: string;
}

function parse(record: Record<string, unknown>, lineNumber: number): { ok: true; line: IfevalLine } | { ok: false; problem: string } {
  const problems: string[] = [];
  const { key, prompt, instruction_id_list: ids, kwargs, response } = record;
  if (key !== undefined && key !== null && typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) problems.push('field "key" must be a number or a string');
  if (prompt !== undefined && typeof prompt !== 'string') problems.push('field "prompt" must be a string');
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    problems.push('field "instruction_id_list" must be a non-empty list of instruction ids (strings)');
  }
  if (!Array.isArray(kwargs) || kwargs.some((k) => typeof k !== 'object' || k === null || Array.isArray(k))) {
    problems.push('field "kwargs" must be a list with one object per instruction');
  }
  if (response === undefined || response === null) problems.push('missing field "response" (a string; "" for an empty answer)');
  else if (typeof response !== 'string') problems.push(`field "response" must be a string, not ${Array.isArray(response) ? 'a list' : typeof response}`);
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return {
    ok: true,
    line: {
      key: typeof key === 'string' || typeof key === 'number' ? key : lineNumber,
      instruction_id_list: ids as string[],
      kwargs: kwargs as Record<string, unknown>[],
      response: response as string,
    },
  };
}

export const ifevalLines: LineMetric<IfevalLine, IfevalVerdicts> = {
  expected: '"instruction_id_list", "kwargs" and "response"',
  example: '{"key": 1000, "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}], "response": "..."}',
  parse,
  score(line) {
    const result = evaluateIfeval(line, line.response);
    return { result, json: { key: line.key, instruction_id_list: line.instruction_id_list, strict: result.strict, loose: result.loose } };
  },
  means(results, inputLines) {
    const m = ifevalMetrics(results);
    const rows = Object.entries(m).map(([name, value]) => `${name.padEnd(24)} ${value.toFixed(6)}`);
    return [`scored ${results.length} of ${inputLines} lines:`, ...rows].join('\n') + '\n';
  },
};
