/**
 * Credentialed data (a benchmark with `credentialed: true`, e.g. MIMIC under PhysioNet's data use
 * agreement, which forbids sending it to third-party services) stays where it belongs:
 * - refused against an endpoint that is not on a loopback or private address, unless
 *   --allow-remote-credentialed (for agreements that cover the provider);
 * - everything the process writes from then on is created 0600 (folders 0700): run files, the
 *   report in the run folder, response-cache entries (in a tree of their own), pools, vectors;
 * - `report` leaves its sample text out unless --include-credentialed-text (report/data/credentialed-text.ts).
 * Any new endpoint that receives samples (a judge, a reranker) adds its URL to the list `guardCredentialed` checks (runner/connect-endpoint.ts endpointUrls).
 */
import { getBenchmark } from '../datasets/index.js';
import { endpointTarget } from '../endpoint/endpoint-url.js';
import { isPrivateHost } from '../endpoint/private-address.js';
import { UserError } from '../util/errors.js';
import type { FlaggedUrl } from './connect-endpoint.js';

/** The credentialed benchmarks among `ids`. */
function credentialedBenchmarks(ids: readonly string[]): string[] {
  return ids.filter((id) => getBenchmark(id).credentialed === true);
}

/** Throws (one line, exit 2) when credentialed data would leave loopback / private addresses. */
export async function refuseRemoteCredentialed(
  benchmarks: readonly string[],
  urls: readonly FlaggedUrl[],
  allowRemote: boolean,
  warn: (line: string) => void,
): Promise<void> {
  if (benchmarks.length === 0) return;
  for (const { flag, url } of urls) {
    const target = endpointTarget(url, { flag });
    if (await isPrivateHost(new URL(target.client.baseURL).hostname)) continue;
    const what = `${benchmarks.join(', ')} ${benchmarks.length > 1 ? 'are' : 'is'} credentialed data (its licence forbids sending it to third-party services)`;
    if (allowRemote) {
      warn(`${what}; sending it to ${target.display} (${flag}) because --allow-remote-credentialed was given`);
      continue;
    }
    throw new UserError(
      `${what} and ${flag} ${target.display} is not a loopback or private address; serve the model locally, or pass --allow-remote-credentialed if your data use agreement covers this provider`,
    );
  }
}

/** From here on this process creates files 0600 and folders 0700 (a process-wide umask: every writer is covered). */
function keepFilesPrivate(): void {
  process.umask(0o077);
}

/**
 * Before anything is sent or written: when any of `benchmarkIds` is credentialed, refuse the
 * remote `urls` (see refuseRemoteCredentialed) and keep this process's files private. Returns
 * whether the run holds credentialed data (the endpoints' `privateCache`).
 */
export async function guardCredentialed(
  benchmarkIds: readonly string[],
  urls: readonly FlaggedUrl[],
  allowRemote: boolean,
  warn: (line: string) => void,
): Promise<boolean> {
  const credentialed = credentialedBenchmarks(benchmarkIds);
  if (credentialed.length === 0) return false;
  await refuseRemoteCredentialed(credentialed, urls, allowRemote, warn);
  keepFilesPrivate();
  return true;
}
