/** Issue 12 §2: the catalogue parses a benchmark file only when that benchmark is used. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchmarksDir, Catalogue, readCatalogue } from '../src/datasets/registry.js';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aloe-catalogue-'));
  copyFileSync(join(benchmarksDir, 'medqa.yaml'), join(dir, 'medqa.yaml'));
  writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nkind: [not, a, kind\n');
  writeFileSync(join(dir, 'suites.yaml'), 'mcqa:\n  - medqa\n  - broken\n');
  return dir;
}

describe('lazy catalogue', () => {
  it('reads one benchmark without parsing the others; the whole folder still fails on the broken one', () => {
    const dir = folder();
    const catalogue = new Catalogue(dir);
    expect(catalogue.ids()).toEqual(['broken', 'medqa']);
    expect(catalogue.suites).toEqual({ mcqa: ['medqa', 'broken'] });
    expect(catalogue.spec('medqa')?.id).toBe('medqa');
    expect(catalogue.spec('nope')).toBeUndefined();
    expect(() => catalogue.spec('broken')).toThrow(/broken\.yaml/);
    expect(() => readCatalogue(dir)).toThrow(/broken\.yaml/);
  });

  it('gives the same specs as reading every file', () => {
    const eager = readCatalogue(benchmarksDir);
    const lazy = new Catalogue(benchmarksDir);
    for (const id of lazy.ids()) expect(lazy.spec(id)).toEqual(eager.specs.get(id));
    expect(lazy.suites).toEqual(eager.suites);
  });
});
