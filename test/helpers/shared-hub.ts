/** The real benchmark files of ../shared/datasets/hub (tests that need them skip without it: `hasShared`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { LoadOptions } from '../../src/datasets/index.js';
import { sharedHub } from './cli.js';

export type Row = Record<string, unknown>;

/** The rows of a parquet file of the mirror (`rel`: `<org>/<name>/<path>`), as objects. */
export async function sharedParquet(rel: string): Promise<Row[]> {
  const buf = readFileSync(join(sharedHub, rel));
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file, compressors })) as Row[];
}

/** Loading from the mirror alone: offline, no lock file, no progress lines. */
export function sharedLoadOptions(): LoadOptions {
  return { dataDir: sharedHub, offline: true, lockFile: false, log: () => {} };
}
