import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, runCli } from './helpers/cli.js';

/*
 * The README and docs/ are kept true by three checks: every flag `--help` lists appears in its
 * command's page, every relative link and anchor resolves, and the README stays a front page.
 */

/** The page that documents each top-level command (sub-commands share their parent's page). */
const pageOfCommand: Record<string, string> = {
  run: 'docs/run.md',
  list: 'docs/benchmarks.md',
  datasets: 'docs/benchmarks.md',
  prompts: 'docs/lm-eval.md',
  medprompt: 'docs/medprompt.md',
  score: 'docs/rouge.md',
  report: 'docs/reports.md',
  compare: 'docs/compare.md',
  merge: 'docs/compare.md',
  cache: 'docs/reliability.md',
};

const markdownFiles = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const m = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (!m) continue;
    const base = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

/** Links outside code: `[text](target)`, skipping absolute URLs and mail links. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

interface HelpPage { path: string[]; flags: string[]; subcommands: string[] }

async function helpOf(path: string[]): Promise<HelpPage> {
  const { code, stdout } = await runCli([...path, '--help']);
  expect(code, `aloe-eval ${path.join(' ')} --help`).toBe(0);
  const [, options = '', commands = ''] = /Options:\n([\s\S]*?)(?:\nCommands:\n([\s\S]*))?$/.exec(stdout) ?? [];
  const flags = [...options.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help' && f !== '--version');
  const subcommands = [...commands.matchAll(/^ {2}([a-z][a-z0-9-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
  return { path, flags, subcommands };
}

async function everyCommand(): Promise<HelpPage[]> {
  const pages: HelpPage[] = [];
  const queue: string[][] = (await helpOf([])).subcommands.map((c) => [c]);
  while (queue.length) {
    const page = await helpOf(queue.shift()!);
    pages.push(page);
    queue.push(...page.subcommands.map((c) => [...page.path, c]));
  }
  return pages;
}

describe('docs', () => {
  test('README.md is a front page of at most 200 lines', () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });

  test('every relative link and anchor in README.md and docs/ resolves', () => {
    const broken: string[] = [];
    for (const file of markdownFiles) {
      for (const link of relativeLinks(readFileSync(join(repoRoot, file), 'utf8'))) {
        const [target, anchor] = link.split('#');
        const targetPath = target ? resolve(dirname(join(repoRoot, file)), target) : join(repoRoot, file);
        if (!existsSync(targetPath)) {
          broken.push(`${file}: ${link} (no such file)`);
        } else if (anchor && targetPath.endsWith('.md') && !anchorsOf(readFileSync(targetPath, 'utf8')).has(anchor)) {
          broken.push(`${file}: ${link} (no heading #${anchor} in ${relative(repoRoot, targetPath)})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  test('the anchor rule matches GitHub on the headings these pages use', () => {
    const anchors = anchorsOf('# `aloe-eval run`\n## Scoring (`loglik`)\n## Options\n## Options\n```\n# not a heading\n```');
    expect([...anchors]).toEqual(['aloe-eval-run', 'scoring-loglik', 'options', 'options-1']);
  });

  test('every flag of every command appears in its command\'s docs page', async () => {
    const commands = await everyCommand();
    expect(commands.map((c) => c.path[0])).toContain('run');
    const missing: string[] = [];
    for (const { path, flags } of commands) {
      const page = pageOfCommand[path[0]];
      if (!page) {
        missing.push(`aloe-eval ${path.join(' ')}: no docs page is assigned to this command (test/docs.test.ts)`);
        continue;
      }
      const text = readFileSync(join(repoRoot, page), 'utf8');
      for (const flag of flags) {
        if (!new RegExp(`${flag}(?![a-z0-9-])`).test(text)) missing.push(`aloe-eval ${path.join(' ')} ${flag} is not in ${page}`);
      }
    }
    expect(missing).toEqual([]);
  }, 120_000);
});
