import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './helpers/cli.js';

/*
 * The one-way arrows of docs/design.md, checked on every relative import under src/. The rules
 * are read from the table in that page, so the page and the code cannot drift apart.
 */

const srcDir = join(repoRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The folder a file belongs to in the rules: `strategies/<room>` for rooms, else the top folder. */
function folderOf(file: string): string {
  const parts = relative(srcDir, file).split('/');
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '');
  if (parts[0] === 'strategies' && parts.length > 2) return `strategies/${parts[1]}`;
  return parts[0];
}

function readRules(): Map<string, Set<string>> {
  const page = readFileSync(join(repoRoot, 'docs', 'design.md'), 'utf8');
  const table = page.split('<!-- import-rules')[1];
  if (!table) throw new Error('docs/design.md has no import-rules table');
  const rules = new Map<string, Set<string>>();
  for (const line of table.split('\n')) {
    const m = /^\| ([a-z/*-]+) \| ([^|]*)\|$/.exec(line.trim());
    if (!m || m[1] === 'folder') continue;
    rules.set(m[1], new Set(m[2].split(',').map((s) => s.trim()).filter(Boolean)));
  }
  return rules;
}

function allows(allowed: Set<string>, target: string): boolean {
  return allowed.has(target) || (target.startsWith('strategies/') && allowed.has('strategies/*'));
}

interface Edge { file: string; from: string; to: string; target: string }

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  const spec = /(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g;
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(spec)) {
      const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.ts');
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push({ file: relative(repoRoot, file), from, to, target: relative(srcDir, target) });
    }
  }
  return edges;
}

describe('architecture (docs/design.md)', () => {
  const rules = readRules();
  const edges = importEdges();

  test('the rules table names every folder under src/', () => {
    const folders = new Set(sourceFiles(srcDir).map(folderOf));
    expect([...folders].filter((f) => !rules.has(f))).toEqual([]);
    expect(edges.length).toBeGreaterThan(100); // the scan really found the imports
  });

  test('every import between folders runs along an arrow of the table', () => {
    const against = edges.filter((e) => !allows(rules.get(e.from) ?? new Set(), e.to)).map((e) => `${e.file} imports ${e.target}`);
    expect(against).toEqual([]);
  });

  test('rooms of strategies/ take only the contract (strategy.ts) from the top level', () => {
    const against = edges
      .filter((e) => e.from.startsWith('strategies/') && e.to === 'strategies' && e.target !== 'strategies/strategy.ts')
      .map((e) => `${e.file} imports ${e.target}`);
    expect(against).toEqual([]);
  });

  test('the checker catches an arrow running backwards', () => {
    const datasets = rules.get('datasets')!;
    expect(allows(datasets, 'strategies')).toBe(false);
    expect(allows(rules.get('strategies/retrieval')!, 'strategies/ensemble')).toBe(false);
    expect(allows(rules.get('strategies/ensemble')!, 'strategies/retrieval')).toBe(false);
    expect(allows(rules.get('strategies')!, 'endpoint')).toBe(false);
    expect(folderOf(join(srcDir, 'strategies', 'retrieval', 'bm25.ts'))).toBe('strategies/retrieval');
  });
});
