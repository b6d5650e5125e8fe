/**
 * Issue 12 §2: `aloe-eval list` reads benchmark specs from the build's cache
 * (dist/benchmarks.catalogue.json), and only for files whose bytes are unchanged since.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueCacheOf } from '../src/datasets/catalogue-cache.js';
import { benchmarksDir, buildCatalogueCache, Catalogue, readCatalogue } from '../src/datasets/registry.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/dataset-fixtures.js';
import { packageCopyWith } from './helpers/package-copy.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of benchmarks/ and a cache built from it, as `npm run build` builds one. */
function cachedCopy(): { dir: string; cacheFile: string } {
  const root = tempDir('aloe-catalogue-cache-');
  dirs.push(root);
  const dir = join(root, 'benchmarks');
  cpSync(benchmarksDir, dir, { recursive: true });
  const { specs, suites } = readCatalogue(dir);
  const cacheFile = join(root, 'catalogue.json');
  writeFileSync(cacheFile, JSON.stringify(catalogueCacheOf(dir, specs, { file: 'suites.yaml', suites })));
  return { dir, cacheFile };
}

describe('catalogue cache', () => {
  it('gives the same spec for every benchmark, and the same suites, as parsing every file', async () => {
    const root = tempDir('aloe-catalogue-cache-');
    dirs.push(root);
    const cacheFile = join(root, 'catalogue.json');
    writeFileSync(cacheFile, JSON.stringify(await buildCatalogueCache()));
    const cached = new Catalogue(benchmarksDir, cacheFile);
    expect(cached.fullyCached).toBe(true);
    const parsed = readCatalogue(benchmarksDir);
    expect(cached.ids()).toEqual([...parsed.specs.keys()]);
    expect(cached.ids().length).toBeGreaterThan(50);
    for (const id of cached.ids()) expect(cached.spec(id)).toStrictEqual(parsed.specs.get(id));
    expect(cached.suites).toStrictEqual(parsed.suites);
  });

  it('is what an unchanged file is read from (a doctored entry shows through)', () => {
    const { dir, cacheFile } = cachedCopy();
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    cache.files['medqa.yaml'].spec.title = 'from the cache';
    writeFileSync(cacheFile, JSON.stringify(cache));
    expect(new Catalogue(dir, cacheFile).spec('medqa')?.title).toBe('from the cache');
  });

  it('reads an edited or added file fresh, not from the cache', () => {
    const { dir, cacheFile } = cachedCopy();
    const file = join(dir, 'medqa.yaml');
    const text = readFileSync(file, 'utf8');
    // same size, so only the content tells the edit apart
    writeFileSync(file, text.replace('title: MedQA (USMLE, 4 options)', 'title: MedQB (USMLE, 4 options)'));
    writeFileSync(join(dir, 'extra-copy.yaml'), text.replace('id: medqa', 'id: extra-copy'));
    writeFileSync(join(dir, 'suites.yaml'), `${readFileSync(join(dir, 'suites.yaml'), 'utf8')}\nmine:\n  - extra-copy\n`);
    const catalogue = new Catalogue(dir, cacheFile);
    expect(catalogue.fullyCached).toBe(false);
    expect(catalogue.spec('medqa')?.title).toBe('MedQB (USMLE, 4 options)');
    expect(catalogue.spec('extra-copy')?.title).toBe('MedQA (USMLE, 4 options)');
    expect(catalogue.suites.mine).toEqual(['extra-copy']);
    expect(catalogue.spec('pubmedqa')).toStrictEqual(readCatalogue(dir).specs.get('pubmedqa'));
  });

  it('the built CLI lists an edited YAML as edited, and reports a broken one in one line', async () => {
    const pkg = packageCopyWith([]);
    dirs.push(pkg.root);
    expect(existsSync(join(pkg.root, 'dist', 'benchmarks.catalogue.json'))).toBe(true);
    const file = join(pkg.root, 'benchmarks', 'medqa.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('title: MedQA (USMLE, 4 options)', 'title: MedQA edited here'));
    const edited = await runCli(['list', '--json'], {}, pkg.root, pkg.main);
    expect(edited.stderr).toBe('');
    const titles = (JSON.parse(edited.stdout) as { benchmarks: { id: string; title: string }[] }).benchmarks;
    expect(titles.find((b) => b.id === 'medqa')?.title).toBe('MedQA edited here');
    expect(titles.find((b) => b.id === 'pubmedqa')?.title).toBe('PubMedQA (PQA-L, test)');

    writeFileSync(file, text.replace('kind: mcqa', 'kind: quiz'));
    const broken = await runCli(['list'], {}, pkg.root, pkg.main);
    expect(broken.code).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/medqa\.yaml: key "kind"/);
  }, 30_000);
});
