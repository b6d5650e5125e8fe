import type { Transport } from './transport.js';
import type { EndpointFailure } from './errors.js';

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
 * in a row is taken out for a cooldown (2 s, doubling to 30 s) and then tried again.
 */
export class ReplicaPool {
  readonly replicas: Replica[];

  constructor(
    transports: Transport[],
    private readonly maxFailures = 3,
  ) {
    this.replicas = transports.map((transport) => ({ transport, inFlight: 0, served: 0, consecutiveFailures: 0, downUntil: 0, cooldownMs: 2000 }));
  }

  pick(): Replica {
    const now = Date.now();
    const healthy = this.replicas.filter((r) => r.downUntil <= now);
    if (healthy.length === 0) return this.replicas.reduce((a, b) => (a.downUntil <= b.downUntil ? a : b));
    return healthy.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
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
      this.failed(replica, err as EndpointFailure);
      throw err;
    } finally {
      replica.inFlight--;
    }
  }

  /** Takes a replica out now (e.g. it failed its health check at preflight). */
  takeOut(replica: Replica): void {
    replica.downUntil = Date.now() + replica.cooldownMs;
    replica.cooldownMs = Math.min(replica.cooldownMs * 2, 30_000);
  }

  private failed(replica: Replica, failure: EndpointFailure): void {
    if (!SICK_KINDS.has(failure.kind)) return;
    if (++replica.consecutiveFailures >= this.maxFailures) {
      replica.consecutiveFailures = 0;
      this.takeOut(replica);
    }
  }
}
