import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import { chartConfig } from './chart-config.js';
import type { ChartSpec, ReportData } from '../data/report-data.js';

let registered = false;

/** Size in CSS pixels (the PNG is twice as large: devicePixelRatio 2). */
function sizeOf(spec: ChartSpec): { width: number; height: number } {
  if (spec.horizontal) return { width: 900, height: 110 + spec.labels.length * 30 };
  const bars = spec.labels.length * Math.max(1, spec.datasets.length);
  return { width: Math.min(1800, Math.max(800, bars * 22)), height: 480 };
}

/**
 * Draws every chart of the report to `<dir>/<chart id>.png` with chart.js on @napi-rs/canvas
 * (prebuilt Skia binaries: no cairo/pango, nothing compiled at install — unlike chartjs-node-canvas,
 * whose `canvas` dependency compiles from source with system libraries on each fresh install).
 * Text needs some system font (any sans-serif: DejaVu, Liberation…).
 */
export async function writePngCharts(data: ReportData, dir: string): Promise<string[]> {
  if (!registered) {
    Chart.register(...registerables);
    registered = true;
  }
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const spec of data.charts) {
    const { width, height } = sizeOf(spec);
    const canvas = createCanvas(width, height);
    // chart.js uses its platform-free path outside a browser and draws straight on this 2D context.
    const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, chartConfig(spec, 'png'));
    const file = join(dir, `${spec.id}.png`);
    writeFileSync(file, await canvas.encode('png'));
    chart.destroy();
    files.push(file);
  }
  return files;
}
