/**
 * At most `limit` at once, the rest waiting in order: channels open on one
 * connection, or handshakes in progress in a pool.
 * The limit can shrink when the server turns a channel down (its MaxSessions
 * is lower than ours).
 */
export class ChannelLimiter {
  #limit: number;
  readonly #configured: number;
  #active = 0;
  readonly #waiting: Array<{ grant: () => void }> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`channel limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
    this.#configured = limit;
  }

  get limit(): number {
    return this.#limit;
  }
  get active(): number {
    return this.#active;
  }
  get queued(): number {
    return this.#waiting.length;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.#limit) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#releaser());
        },
      };
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(waiter);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  /**
   * The server refused a channel while `limit` others were open (its MaxSessions is lower,
   * or it has not yet freed sessions we closed): ask for no more than that for `forMs`,
   * then go back to the configured limit.
   */
  shrinkTo(limit: number, forMs?: number): void {
    this.#limit = Math.max(1, Math.min(this.#limit, limit));
    if (forMs !== undefined) {
      setTimeout(() => {
        this.#limit = this.#configured;
        this.#next();
      }, forMs).unref();
    }
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#active--;
      this.#next();
    };
  }

  #next(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      const w = this.#waiting.shift() as { grant: () => void };
      this.#active++;
      w.grant();
    }
  }
}
