import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to a temporary file beside `file` and renames it over, so a reader (another
 * process, or a resume after a crash) sees the old file or the new one, never half of one.
 * Returns the bytes written. The temporary file is removed when the write fails.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): number {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}
