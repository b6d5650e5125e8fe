import type { Command } from 'commander';
import { registerCache } from './cache.js';
import { registerCompare } from './compare.js';
import { registerDatasets } from './datasets.js';
import { registerList } from './list.js';
import { registerMedprompt } from './medprompt.js';
import { registerMerge } from './merge.js';
import { registerPrompts } from './prompts.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerScore } from './score.js';

/** Every sub-command registers itself on the program. One file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerRun, registerCache, registerCompare, registerMerge, registerScore, registerList, registerDatasets, registerReport, registerPrompts, registerMedprompt];
