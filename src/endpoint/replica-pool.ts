import type { Transport } from './transport.js';
import { classifyError } from './errors.js';

/** Failures that say "this server is unwell" rather than "this request is bad". */
const SICK_KINDS = new Set(['connection', 'server', 'timeout']);

export interface Replica {
  transport: Transport;
  inFlight: number;
  served: number;
  consecutiveFailures: number;
  /** Taken out of rotation until this time (ms since epoch); 0 when healthy. */
  downUntil: number;
  cooldownMs: number;
}

/**
 * Several servers of the same model. Each request goes to the healthy replica with the fewest
 * requests in flight, so faster replicas get more work. A replica that fails `maxFailures` times
 * in a row is taken out for a cooldown (2 s, doubling to 30 s); after it, one probe request at a
 * time is let through until one succeeds (a circuit breaker), so a dead replica never swallows
 * more than a request's single try.
 */
export class ReplicaPool {
  readonly replicas: Replica[];

  constructor(
    transports: Transport[],
    private readonly maxFailures = 3,
  ) {
    this.replicas = transports.map((transport) => ({ transport, inFlight: 0, served: 0, consecutiveFailures: 0, downUntil: 0, cooldownMs: 2000 }));
  }

  private available(r: Replica, now: number): boolean {
    const probing = r.consecutiveFailures >= this.maxFailures;
    return r.downUntil <= now && !(probing && r.inFlight > 0);
  }

  pick(): Replica {
    const now = Date.now();
    const open = this.replicas.filter((r) => this.available(r, now));
    if (open.length === 0) return this.replicas.reduce((a, b) => (a.downUntil <= b.downUntil ? a : b));
    // A replica that just failed looks idle (nothing in flight): prefer ones that did not.
    return open.reduce((a, b) =>
      b.consecutiveFailures < a.consecutiveFailures || (b.consecutiveFailures === a.consecutiveFailures && b.inFlight < a.inFlight) ? b : a,
    );
  }

  async use<T>(call: (replica: Replica) => Promise<T>): Promise<T> {
    const replica = this.pick();
    replica.inFlight++;
    try {
      const result = await call(replica);
      replica.served++;
      replica.consecutiveFailures = 0;
      replica.cooldownMs = 2000;
      return result;
    } catch (err) {
      this.failed(replica, classifyError(err).kind);
      throw err;
    } finally {
      replica.inFlight--;
    }
  }

  /** Takes a replica out now (e.g. it failed its health check at preflight). */
  takeOut(replica: Replica): void {
    replica.consecutiveFailures = Math.max(replica.consecutiveFailures, this.maxFailures);
    replica.downUntil = Date.now() + replica.cooldownMs;
    replica.cooldownMs = Math.min(replica.cooldownMs * 2, 30_000);
  }

  private failed(replica: Replica, kind: string): void {
    if (!SICK_KINDS.has(kind)) return;
    if (++replica.consecutiveFailures >= this.maxFailures) this.takeOut(replica);
  }
}
