import pLimit, { type LimitFunction } from 'p-limit';

/**
 * A p-limit whose concurrency backs off when the server rate-limits and recovers when it stops:
 * halve on a 429 (at most once per `cooldownMs`), then add one slot per `recoverAfter` successes,
 * never above the configured maximum.
 */
export class AdaptiveLimit {
  readonly run: LimitFunction;
  private successes = 0;
  private lastCut = 0;

  constructor(
    readonly max: number,
    private readonly recoverAfter = 20,
    private readonly cooldownMs = 1000,
  ) {
    this.run = pLimit(max);
  }

  get current(): number {
    return this.run.concurrency;
  }

  rateLimited(): void {
    const now = Date.now();
    this.successes = 0;
    if (now - this.lastCut < this.cooldownMs) return;
    this.lastCut = now;
    this.run.concurrency = Math.max(1, Math.floor(this.run.concurrency / 2));
  }

  succeeded(): void {
    if (this.run.concurrency >= this.max) return;
    if (++this.successes >= this.recoverAfter) {
      this.successes = 0;
      this.run.concurrency = this.run.concurrency + 1;
    }
  }
}
