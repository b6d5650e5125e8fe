import type { Comparison } from './comparison.js';
import { idList, interval, points, pValue, signedPoints } from './format.js';

const MAX_IDS = 50;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment. */
export function renderMarkdown(c: Comparison): string {
  const head = c.regressed.length > 0
    ? `❌ ${c.regressed.length} significant regression${c.regressed.length === 1 ? '' : 's'} (${c.regressed.join(', ')})`
    : '✅ no significant regression';
  const out: string[] = [`## aloe-eval compare: ${head}`, ''];
  out.push(`- **Baseline:** \`${c.baseline.dir}\` — ${cell(c.baseline.model)}, ${c.baseline.strategy}, run \`${c.baseline.runId}\``);
  out.push(`- **Candidate:** \`${c.candidate.dir}\` — ${cell(c.candidate.model)}, ${c.candidate.strategy}, run \`${c.candidate.runId}\``);
  out.push(`- alpha ${c.alpha} with Holm correction over ${c.benchmarks.length} benchmark(s); min effect ${c.minEffect} point(s); values ×100`, '');
  out.push('| benchmark | metric | n | baseline | candidate | diff | 95% CI | p (Holm) | verdict |');
  out.push('|---|---|--:|--:|--:|--:|---|--:|---|');
  for (const b of c.benchmarks) {
    const verdict = b.verdict === 'regressed' ? '🔻 regressed' : b.verdict === 'improved' ? '🔺 improved' : 'unchanged';
    out.push(`| ${cell(b.benchmark)} | ${b.metric} | ${b.n} | ${points(b.baseline)} | ${points(b.candidate)} | ${signedPoints(b.diff)} | ${interval(b.ci95)} | ${pValue(b.pHolm)} | ${verdict} |`);
  }
  out.push('');
  for (const b of c.benchmarks) {
    if (b.flips && b.flips.toWrong.length + b.flips.toRight.length > 0) {
      out.push(`<details><summary>${cell(b.benchmark)}: ${b.flips.toWrong.length} right→wrong, ${b.flips.toRight.length} wrong→right</summary>`, '');
      if (b.flips.toWrong.length > 0) out.push(`right→wrong: ${cell(idList(b.flips.toWrong, MAX_IDS))}`, '');
      if (b.flips.toRight.length > 0) out.push(`wrong→right: ${cell(idList(b.flips.toRight, MAX_IDS))}`, '');
      out.push('</details>', '');
    } else if (b.biggestDrops && b.biggestDrops.length > 0) {
      out.push(`<details><summary>${cell(b.benchmark)}: biggest drops</summary>`, '');
      for (const d of b.biggestDrops) out.push(`- \`${cell(d.id)}\`: ${points(d.baseline)} → ${points(d.candidate)} (${signedPoints(d.diff)})`);
      out.push('', '</details>', '');
    }
  }
  if (c.warnings.length > 0) {
    out.push('**Warnings**', '');
    for (const w of c.warnings) out.push(`- ${cell(w)}`);
    out.push('');
  }
  return out.join('\n');
}
