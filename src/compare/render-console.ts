import type { Comparison } from './comparison.js';
import { idList, interval, points, pValue, signedPoints } from './format.js';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()).join('\n');
}

function describe(role: string, r: Comparison['baseline']): string {
  return `${role} ${r.dir}  (model ${r.model}, strategy ${r.strategy}, run ${r.runId})`;
}

/** Plain-text table for the terminal (values ×100). */
export function renderConsole(c: Comparison): string {
  const lines: string[] = [describe('baseline: ', c.baseline), describe('candidate:', c.candidate)];
  lines.push(`alpha ${c.alpha} (Holm over ${c.benchmarks.length} benchmark${c.benchmarks.length === 1 ? '' : 's'}), min effect ${c.minEffect} point(s); values ×100`, '');
  const rows = [['benchmark', 'metric', 'n', 'base', 'cand', 'diff', '95% CI', 'p', 'p(Holm)', 'verdict']];
  for (const b of c.benchmarks) {
    rows.push([
      b.benchmark,
      b.metric,
      String(b.n),
      points(b.baseline),
      points(b.candidate),
      signedPoints(b.diff),
      interval(b.ci95),
      pValue(b.p),
      pValue(b.pHolm),
      b.verdict === 'unchanged' ? 'unchanged' : b.verdict.toUpperCase(),
    ]);
  }
  lines.push(table(rows), '');
  for (const b of c.benchmarks) {
    if (b.flips) {
      lines.push(`${b.benchmark}: ${b.flips.toWrong.length} right→wrong, ${b.flips.toRight.length} wrong→right`);
      if (b.flips.toWrong.length > 0) lines.push(`  right→wrong: ${idList(b.flips.toWrong, 8)}`);
      if (b.flips.toRight.length > 0) lines.push(`  wrong→right: ${idList(b.flips.toRight, 8)}`);
    } else if (b.biggestDrops && b.biggestDrops.length > 0) {
      lines.push(`${b.benchmark}: biggest drops ${b.biggestDrops.slice(0, 5).map((d) => `${d.id} (${signedPoints(d.diff)})`).join(', ')}`);
    }
    if (b.note) lines.push(`  note: ${b.note}`);
  }
  for (const w of c.warnings) lines.push(`warning: ${w}`);
  const unchanged = c.benchmarks.length - c.regressed.length - c.improved.length;
  lines.push(`${c.regressed.length} regressed, ${c.improved.length} improved, ${unchanged} unchanged`);
  return lines.join('\n') + '\n';
}
