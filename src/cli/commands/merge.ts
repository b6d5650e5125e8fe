import type { Command } from 'commander';
import { mergeShards } from '../../compare/merge.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('Combine the result dirs of `run --shard 1/n` … `n/n` into one run, equal to the unsharded run')
    .argument('<dirs...>', 'the shard result dirs (all n of them)')
    .requiredOption('-o, --out <dir>', 'output result dir (must not exist, or be empty)')
    .addHelpText('after', '\nExit codes: 0 ok · 2 bad usage (output dir not empty) · 4 the dirs are not the complete shards of one run spec')
    .action((dirs: string[], flags: { out: string }) => {
      const r = mergeShards(dirs, flags.out);
      const benchmarks = Object.entries(r.run.results).map(([b, res]) => `${b} ${res.metric} ${(res.value * 100).toFixed(1)} (n=${res.n})`);
      process.stdout.write(`merged ${dirs.length} shards, ${r.samples} samples → ${r.outDir}\n${benchmarks.map((l) => `  ${l}\n`).join('')}`);
    });
}
