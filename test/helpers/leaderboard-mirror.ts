/**
 * A Hub-layout mirror for the leaderboard benchmarks, in a temp folder (serve it with
 * `startFakeHub` or read it with `--data-dir`): the real BBH task files and MMLU-Pro parquet of
 * ../shared linked in where they are (GitHub and Hub layouts), and the synthetic GPQA and MuSR
 * rows of test/fixtures/leaderboard (no public copy of those here), the real IFEval prompts where
 * ../shared has them (synthetic otherwise) and the synthetic MATH rows of test/fixtures/datasets/hub.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from './cli.js';
import { parquetFixtureBytes, type ParquetFixture } from './parquet-fixture.js';

export const BBH_COMMIT = '9ee07bd481feebf959a6b59d61ea57bdcf30964d';
export const sharedBbh = join(sharedDir, 'datasets', 'bbh');
export const sharedMmluPro = join(sharedDir, 'datasets', 'mmlu-pro');
export const hasSharedBbh = existsSync(sharedBbh);
export const hasSharedMmluPro = existsSync(sharedMmluPro);
export const sharedIfeval = join(sharedDir, 'datasets', 'ifeval', 'input_data.jsonl');
const hubFixtures = fileURLToPath(new URL('../fixtures/datasets/hub/', import.meta.url));

const fixtures = fileURLToPath(new URL('../fixtures/leaderboard/', import.meta.url));
export const MUSR_DOMAINS = ['murder_mysteries', 'object_placements', 'team_allocation'] as const;

/** The synthetic MuSR rows of one domain, as written to parquet. */
export function musrFixture(domain: (typeof MUSR_DOMAINS)[number]): ParquetFixture {
  return JSON.parse(readFileSync(join(fixtures, `musr-${domain}.parquet.json`), 'utf8')) as ParquetFixture;
}

/** A fresh temp folder holding the mirror; the caller removes it. */
export function buildLeaderboardMirror(): string {
  const root = mkdtempSync(join(tmpdir(), 'aloe-leaderboard-hub-'));
  const gpqa = join(root, 'Idavidrein', 'gpqa');
  mkdirSync(gpqa, { recursive: true });
  for (const s of ['main', 'diamond', 'extended']) copyFileSync(join(fixtures, `gpqa_${s}.csv`), join(gpqa, `gpqa_${s}.csv`));
  for (const d of MUSR_DOMAINS) {
    const dir = join(root, 'TAUR-Lab', 'MuSR', `@${encodeURIComponent('refs/convert/parquet')}`, 'default', d);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '0000.parquet'), parquetFixtureBytes(musrFixture(d)));
  }
  const ifeval = join(root, 'google', 'IFEval');
  mkdirSync(ifeval, { recursive: true });
  if (existsSync(sharedIfeval)) symlinkSync(sharedIfeval, join(ifeval, 'ifeval_input_data.jsonl'));
  else copyFileSync(join(hubFixtures, 'google', 'IFEval', 'ifeval_input_data.jsonl'), join(ifeval, 'ifeval_input_data.jsonl'));
  const math = join(root, 'DigitalLearningGmbH', 'MATH-lighteval', 'data');
  mkdirSync(math, { recursive: true });
  const mathRows = JSON.parse(readFileSync(join(hubFixtures, 'DigitalLearningGmbH', 'MATH-lighteval', 'data', 'test-00000-of-00001.parquet.json'), 'utf8')) as ParquetFixture;
  writeFileSync(join(math, 'test-00000-of-00001.parquet'), parquetFixtureBytes(mathRows));
  if (hasSharedBbh) {
    const dir = join(root, 'github', 'suzgunmirac', 'BIG-Bench-Hard', BBH_COMMIT, 'bbh');
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(sharedBbh).filter((f) => f.endsWith('.json'))) symlinkSync(join(sharedBbh, f), join(dir, f));
  }
  if (hasSharedMmluPro) {
    const dir = join(root, 'TIGER-Lab', 'MMLU-Pro', 'data');
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(sharedMmluPro).filter((f) => f.endsWith('.parquet'))) symlinkSync(join(sharedMmluPro, f), join(dir, f));
  }
  return root;
}
