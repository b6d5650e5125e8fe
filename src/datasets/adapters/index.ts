import { bbhAdapter } from './bbh.js';
import { gpqaAdapter } from './gpqa.js';
import { ifevalAdapter } from './ifeval.js';
import { mathAdapter } from './math.js';
import { mcqaAdapter } from './mcqa.js';
import { musrAdapter } from './musr.js';
import { openAdapter } from './open.js';
import { relationAdapter } from './relations.js';
import { safetyAdapter } from './safety.js';

/**
 * Every adapter by name; a benchmark file picks one with `adapter:` (default: its `kind`).
 * Add a file here for a record shape a field mapping cannot express.
 */
export const adapters = {
  mcqa: mcqaAdapter,
  open: openAdapter,
  relations: relationAdapter,
  bbh: bbhAdapter,
  gpqa: gpqaAdapter,
  musr: musrAdapter,
  ifeval: ifevalAdapter,
  math: mathAdapter,
  safety: safetyAdapter,
} as const;

export type AdapterName = keyof typeof adapters;

export function isAdapterName(name: string): name is AdapterName {
  return Object.hasOwn(adapters, name);
}

export type { Adapter, AdaptedRecord } from './adapter.js';
