import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePngCharts } from '../src/report/charts/png.js';
import { loadReport } from '../src/report/write-report.js';
import { writeSyntheticRunsInTmp } from './helpers/synthetic-runs.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Share of pixels that are neither transparent nor near-white. */
async function inkShare(file: string): Promise<{ width: number; height: number; share: number }> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) ink++;
  return { width: image.width, height: image.height, share: ink / (image.width * image.height) };
}

describe('PNG charts (chart.js on @napi-rs/canvas)', () => {
  let tmp: string;
  let files: string[];

  beforeAll(async () => {
    let dirs: string[];
    ({ tmp, dirs } = writeSyntheticRunsInTmp('aloe-report-png-', {
      benchmarks: [
        { name: 'medqa', kind: 'mcqa', n: 30, suite: 'mcqa' },
        { name: 'careqa', kind: 'mcqa', n: 30, suite: 'mcqa', groupField: 'category', groups: ['medicine', 'nursing'] },
        { name: 'mts-dialog', kind: 'open', n: 10, suite: 'open' },
      ],
      runs: [
        { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-01-01T00:00:00Z', skill: 0.5 },
        { model: 'aloe-8b', strategy: 'plain', startedAt: '2025-01-08T00:00:00Z', skill: 0.55 },
        { model: 'aloe-8b', strategy: 'medprompt', startedAt: '2025-01-08T01:00:00Z', skill: 0.62, ensemble: 5 },
        { model: 'aloe-70b', strategy: 'plain', startedAt: '2025-01-09T00:00:00Z', skill: 0.7 },
      ],
    }));
    files = await writePngCharts(loadReport(dirs).data, path.join(tmp, 'png'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes one PNG per chart, named after it', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'cost-calls.png', 'cost-tokens.png',
      'history-careqa.png', 'history-medqa.png', 'history-mts-dialog.png',
      'strategies-aloe-8b.png',
      'suite-mcqa-accuracy.png', 'suite-open-rouge1.png',
    ]);
  });

  it('writes valid, non-blank PNGs at twice the CSS size', async () => {
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), file).toBe(true);
      const { width, height, share } = await inkShare(file);
      expect(width, file).toBeGreaterThanOrEqual(1600);
      expect(height, file).toBeGreaterThan(200);
      expect(share, file).toBeGreaterThan(0.01);
    }
  });

  it('paints a white background (PNGs are not transparent)', async () => {
    const image = await loadImage(readFileSync(files.find((f) => f.endsWith('cost-calls.png'))!));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    expect(Array.from(ctx.getImageData(2, 2, 1, 1).data)).toEqual([255, 255, 255, 255]);
  });
});
